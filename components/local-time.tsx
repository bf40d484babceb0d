'use client';

import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};
// Made once: building an Intl.DateTimeFormat costs far more than formatting with one.
const UTC_MINUTE = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', dateStyle: 'long', timeStyle: 'short' });
const UTC_DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', dateStyle: 'long' });

/**
 * A moment shown in the reader's own time zone, with UTC on hover. The server renders UTC
 * (it cannot know the zone); the browser swaps in local time once hydrated.
 */
export function LocalTime({ iso, dateOnly = false }: { iso: string; dateOnly?: boolean }) {
  const date = new Date(iso);
  const utc = `${(dateOnly ? UTC_DAY : UTC_MINUTE).format(date)} UTC`;
  const local = useSyncExternalStore(
    subscribe,
    () =>
      new Intl.DateTimeFormat(undefined, {
        dateStyle: 'long',
        timeStyle: dateOnly ? undefined : 'short',
      }).format(date),
    () => utc,
  );
  return (
    <time dateTime={iso} title={utc}>
      {local}
    </time>
  );
}

import { addDays, differenceInCalendarDays, parseISO } from 'date-fns';

import { formatUtcDate } from '@/lib/agreements/format-time';

// A deadline is a calendar day; it ends at the end of that day, UTC, everywhere.

/** The first instant after the deadline day (exclusive end). */
export function deadlineEnd(deadline: string): Date {
  return addDays(parseISO(`${deadline}T00:00:00Z`), 1);
}

export function formatDeadline(deadline: string): string {
  return formatUtcDate(parseISO(`${deadline}T00:00:00Z`));
}

/** Whole days from `now` to the deadline day (0 on the day itself, negative after it). */
export function daysUntilDeadline(deadline: string, now: Date): number {
  return differenceInCalendarDays(
    parseISO(`${deadline}T00:00:00Z`),
    parseISO(now.toISOString().slice(0, 10) + 'T00:00:00Z'),
  );
}

/** "15 January 2027 (in 12 days)", "15 January 2027 (today)", "15 January 2027 (passed)". */
export function describeDeadline(deadline: string, now: Date): string {
  const days = daysUntilDeadline(deadline, now);
  const when = days > 1 ? `in ${days} days` : days === 1 ? 'tomorrow' : days === 0 ? 'today' : 'passed';
  return `${formatDeadline(deadline)} (${when})`;
}

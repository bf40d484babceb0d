import type { AgreementPresentation } from '@/db/schema';
import { addMonthsUtc } from '@/lib/publication/lapse';

// Made once: building an Intl.DateTimeFormat costs far more than formatting with one.
const UTC_MINUTE = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const UTC_DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

/** "24 November 2026, 20:15 UTC": unambiguous for readers anywhere. */
export function formatUtc(date: Date): string {
  return `${UTC_MINUTE.format(date)} UTC`;
}

export function formatUtcDate(date: Date): string {
  return UTC_DAY.format(date);
}

/**
 * When an agreement ends if the article is still unpublished (PMLR's clause 7: one year after
 * signature), as its version's termination clause says; null when it has none.
 */
export function terminationDate(
  signedAt: Date,
  termination: AgreementPresentation['termination'],
): { date: Date; clause: string } | null {
  if (!termination) return null;
  return { date: addMonthsUtc(signedAt, termination.months), clause: termination.clause };
}

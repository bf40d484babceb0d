import { addYears } from 'date-fns';

/** "24 November 2026, 20:15 UTC": unambiguous for readers anywhere. */
export function formatUtc(date: Date): string {
  return `${new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date)} UTC`;
}

export function formatUtcDate(date: Date): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(
    date,
  );
}

/** Clause 7: the agreement terminates if the article is not published within one year of signature. */
export function terminationDate(signedAt: Date): Date {
  return addYears(signedAt, 1);
}

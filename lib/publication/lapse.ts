// Clause 7: the agreement ends if the article is not published within (by default) twelve months
// of its signature. Pure date logic, shared by the pages, the emails and the SQL of the lists
// (lapseAtSql computes the same instant in the database).

/** Days in a month of the UTC calendar (month 0–11, any year). */
function daysInMonthUtc(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/**
 * signedAt plus `months` calendar months in UTC, keeping the time of day; a day the target month
 * lacks becomes its last day (29 February 2024 + 12 months = 28 February 2025), as PostgreSQL's
 * `timestamp + interval 'N months'` does.
 */
export function addMonthsUtc(signedAt: Date, months: number): Date {
  const year = signedAt.getUTCFullYear();
  const month = signedAt.getUTCMonth() + months;
  const targetYear = year + Math.floor(month / 12);
  const targetMonth = ((month % 12) + 12) % 12;
  const day = Math.min(signedAt.getUTCDate(), daysInMonthUtc(targetYear, targetMonth));
  return new Date(
    Date.UTC(
      targetYear,
      targetMonth,
      day,
      signedAt.getUTCHours(),
      signedAt.getUTCMinutes(),
      signedAt.getUTCSeconds(),
      signedAt.getUTCMilliseconds(),
    ),
  );
}

export const LAPSE_STATUSES = ['published', 'open', 'at-risk', 'lapsed'] as const;
/**
 * - published: the paper (or its volume) has a publication date: clause 7 is satisfied.
 * - open: signed, unpublished, more than the warning period before its lapse.
 * - at-risk: signed, unpublished, lapsing within the warning period.
 * - lapsed: the lapse time has passed unpublished: the agreement has ended, and the paper needs
 *   a new signature before it can be published.
 */
export type LapseStatus = (typeof LAPSE_STATUSES)[number];

const DAY_MS = 24 * 60 * 60 * 1000;

export function lapseStatus(
  input: { lapsesAt: Date; publishedOn: string | null },
  now: Date,
  warningDays: number,
): LapseStatus {
  if (input.publishedOn) return 'published';
  if (now.getTime() >= input.lapsesAt.getTime()) return 'lapsed';
  if (input.lapsesAt.getTime() - now.getTime() <= warningDays * DAY_MS) return 'at-risk';
  return 'open';
}

/** Whole days from now until the lapse (0 on its last day), or since it (negative). */
export function daysUntil(lapsesAt: Date, now: Date): number {
  return Math.floor((lapsesAt.getTime() - now.getTime()) / DAY_MS);
}

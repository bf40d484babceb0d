// Counts in English that agree with their number: "1 paper", "3 papers", "1 paper matches".
// Intl.PluralRules decides, so a later translation only swaps the words.
const rules = new Intl.PluralRules('en');

/** "1 error", "0 errors", "1,234 papers". */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count.toLocaleString('en')} ${rules.select(count) === 'one' ? singular : plural}`;
}

/** The form of a verb (or any word) that agrees with a count: pick(1, 'matches', 'match'). */
export function agreeWith(count: number, singular: string, plural: string): string {
  return rules.select(count) === 'one' ? singular : plural;
}

/**
 * How much of a volume is signed, as a label that never misleads: "0%" only when nothing is
 * signed, "100%" only when nothing awaits, "<1%" and ">99%" near the ends, whole percents between.
 */
export function signedPercentLabel(signed: number, total: number): string {
  if (total <= 0 || signed <= 0) return '0%';
  if (signed >= total) return '100%';
  const percent = (signed / total) * 100;
  if (percent < 1) return '<1%';
  if (percent > 99) return '>99%';
  return `${Math.round(percent)}%`;
}

import { stringify } from 'csv-stringify/sync';

import type { VolumePaperRow } from './query-volume-papers';

export const VOLUME_CSV_COLUMNS = [
  'paper_key',
  'title',
  'corresponding_author',
  'corresponding_email',
  'status',
  'signed_at_utc',
  'template_version',
  'text_sha256',
] as const;

/** Excel and LibreOffice read a leading BOM as "this file is UTF-8", so accents survive. */
export const UTF8_BOM = '\uFEFF';

/**
 * Spreadsheets execute a cell that starts with = + - @ (or a tab or CR that hides one) as a
 * formula; an apostrophe in front makes it plain text (OWASP "CSV injection"). The check reads the
 * cell as NFKC, so full-width look-alikes (＝ ＋ － ＠), which some spreadsheets also take for
 * formulas, are caught too, as are leading spaces before them.
 */
export function neutraliseFormula(value: string): string {
  return /^[\t\r]/.test(value) || /^[\s\u00a0\u3000]*[=+\-@]/.test(value.normalize('NFKC')) ? `'${value}` : value;
}

function cells(row: VolumePaperRow): string[] {
  return [
    row.paperKey,
    row.title,
    row.correspondingAuthorName,
    row.correspondingAuthorEmail,
    row.status,
    row.signedAt ? row.signedAt.toISOString() : '',
    row.templateVersion === null ? '' : String(row.templateVersion),
    row.textSha256 ?? '',
  ].map(neutraliseFormula);
}

/** RFC 4180 lines (CRLF) for these rows; with `withHeader`, the BOM and header line first. */
export function volumeCsvChunk(rows: VolumePaperRow[], withHeader = false): string {
  const body = stringify(rows.map(cells), { record_delimiter: '\r\n', quoted_match: /^\s|\s$/ });
  if (!withHeader) return body;
  return UTF8_BOM + stringify([[...VOLUME_CSV_COLUMNS]], { record_delimiter: '\r\n' }) + body;
}

import { z } from 'zod';

import { byLine, readCsvTable, type CsvProblem } from '@/lib/papers/csv-table';

/** The columns of a publication file: which paper appeared when, and where. */
export const PUBLICATION_CSV_COLUMNS = ['volume', 'paper_key', 'published_on', 'url'] as const;

export type PublicationRow = { line: number; volume: number; paperKey: string; publishedOn: string; url: string };

export type ParsePublicationResult = { ok: true; rows: PublicationRow[] } | { ok: false; problems: CsvProblem[] };

/** A calendar date written YYYY-MM-DD that exists (no 30 February), not after tomorrow (UTC). */
export const publicationDateSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'the date must be written YYYY-MM-DD, like 2026-03-28')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, 'this date does not exist')
  .refine((value) => value >= '1990-01-01', 'the date is too far in the past')
  .refine(
    (value) => value <= new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString().slice(0, 10),
    'the date is in the future: record a publication once it has happened',
  );

/** Where the paper (or the proceedings) can be read: an absolute http(s) URL. */
export const publicationUrlSchema = z
  .string()
  .trim()
  .max(2000, 'the URL is longer than 2,000 characters')
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'the URL must be a full http(s) address, like https://proceedings.mlr.press/v151/turner22a.html');

const rowSchema = z.object({
  volume: z
    .string()
    .trim()
    .regex(/^[1-9][0-9]{0,8}$/, 'volume must be a positive whole number, like 151'),
  paper_key: z.string().trim().min(1, 'paper_key is empty').max(100, 'paper_key is longer than 100 characters'),
  published_on: publicationDateSchema,
  url: publicationUrlSchema,
});

/**
 * Parses a whole publication file. As with the accepted-papers import, any problem rejects the
 * whole file, and every problem is reported with its line.
 */
export function parsePublicationCsv(input: string | Buffer): ParsePublicationResult {
  const table = readCsvTable(input, PUBLICATION_CSV_COLUMNS, 'papers');
  if (!table.ok) return table;
  const problems: CsvProblem[] = [...table.problems];
  const rows: PublicationRow[] = [];
  const firstLine = new Map<string, number>();
  for (const { line, fields } of table.rows) {
    const parsed = rowSchema.safeParse(fields);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ line, message: `${String(issue.path[0] ?? 'row')}: ${issue.message}` });
      continue;
    }
    const key = `${Number(parsed.data.volume)}/${parsed.data.paper_key}`;
    const seen = firstLine.get(key);
    if (seen !== undefined) {
      problems.push({ line, message: `paper_key "${parsed.data.paper_key}" of volume ${Number(parsed.data.volume)} already appears on line ${seen}` });
      continue;
    }
    firstLine.set(key, line);
    rows.push({
      line,
      volume: Number(parsed.data.volume),
      paperKey: parsed.data.paper_key,
      publishedOn: parsed.data.published_on,
      url: new URL(parsed.data.url).href,
    });
  }
  return problems.length > 0 ? { ok: false, problems: byLine(problems) } : { ok: true, rows };
}

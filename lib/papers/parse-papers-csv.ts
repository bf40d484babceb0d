import { CsvError, parse } from 'csv-parse/sync';
import { z } from 'zod';

import { isNfkcStable, unsafeCharacter } from '@/lib/text/unsafe-characters';

/** The columns of an accepted-papers file, in the order the publisher exports them. */
export const PAPER_CSV_COLUMNS = [
  'volume',
  'paper_key',
  'title',
  'authors',
  'corresponding_author',
  'corresponding_email',
] as const;

export const AUTHOR_SEPARATOR = '; ';
export const MAX_TITLE_LENGTH = 1000;
export const MAX_AUTHOR_NAME_LENGTH = 300;
export const MAX_AUTHORS = 200;

export type PaperRow = {
  line: number;
  volume: number;
  paperKey: string;
  title: string;
  authors: string[];
  correspondingAuthorName: string;
  correspondingAuthorEmail: string;
};

export type CsvProblem = { line: number; message: string };

export type ParsePapersResult = { ok: true; rows: PaperRow[] } | { ok: false; problems: CsvProblem[] };

const collapse = (value: string) => value.replace(/\s+/g, ' ').trim();

const rowSchema = z.object({
  volume: z
    .string()
    .trim()
    .regex(/^[1-9][0-9]{0,8}$/, 'volume must be a positive whole number, like 151'),
  paper_key: z
    .string()
    .trim()
    .min(1, 'paper_key is empty')
    .max(100, 'paper_key is longer than 100 characters')
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'paper_key may only contain letters, digits, ".", "_" and "-"'),
  title: z
    .string()
    .transform(collapse)
    .pipe(
      z
        .string()
        .min(1, 'title is empty')
        .max(MAX_TITLE_LENGTH, `title is longer than ${MAX_TITLE_LENGTH} characters`)
        .superRefine(noUnsafeCharacters('title')),
    ),
  authors: z
    .string()
    .transform((value) => value.split(';').map(collapse).filter(Boolean))
    .pipe(
      z
        .array(
          z
            .string()
            .max(MAX_AUTHOR_NAME_LENGTH, 'an author name is too long')
            .superRefine(noUnsafeCharacters('an author name')),
        )
        .min(1, 'authors is empty')
        .max(MAX_AUTHORS, `more than ${MAX_AUTHORS} authors`),
    ),
  corresponding_author: z
    .string()
    .transform(collapse)
    .pipe(z.string().min(1, 'corresponding_author is empty').superRefine(noUnsafeCharacters('corresponding_author'))),
  corresponding_email: z
    .string()
    .trim()
    .min(1, 'corresponding_email is empty')
    .refine(isNfkcStable, {
      error: (issue) =>
        `corresponding_email "${String(issue.input)}" contains full-width or look-alike characters; type it in plain characters`,
    })
    .pipe(z.email({ error: (issue) => `corresponding_email "${String(issue.input)}" is not a valid email address` }))
    .transform((email) => email.toLowerCase()),
});

/** A refinement: no control or format characters (bidi overrides, zero-width spaces…), named in the message. */
function noUnsafeCharacters(field: string) {
  return (value: string, context: z.RefinementCtx) => {
    const unsafe = unsafeCharacter(value);
    if (unsafe)
      context.addIssue({ code: 'custom', message: `${field} contains an invisible character (${unsafe}); remove it` });
  };
}

/**
 * Parses and validates a whole accepted-papers CSV. The file is judged as a whole: any
 * problem on any line rejects it, and every problem is reported with its line number so
 * the editor can fix the file in one pass.
 */
export function parsePapersCsv(input: string | Buffer): ParsePapersResult {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(input, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? 1;
      return { ok: false, problems: [{ line, message: describeCsvError(error) }] };
    }
    throw error;
  }

  const [header, ...body] = records;
  if (!header) return { ok: false, problems: [{ line: 1, message: 'the file is empty' }] };

  const headerNames = header.record.map((name) => name.trim().toLowerCase());
  const missing = PAPER_CSV_COLUMNS.filter((column) => !headerNames.includes(column));
  const problems: CsvProblem[] = [];
  if (missing.length > 0) {
    problems.push({
      line: header.info.lines,
      message: `missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')} (expected ${PAPER_CSV_COLUMNS.join(',')})`,
    });
    return { ok: false, problems };
  }
  const duplicated = headerNames.filter((name, index) => headerNames.indexOf(name) !== index);
  if (duplicated.length > 0) {
    problems.push({ line: header.info.lines, message: `column repeated: ${[...new Set(duplicated)].join(', ')}` });
    return { ok: false, problems };
  }
  if (body.length === 0) {
    return { ok: false, problems: [{ line: header.info.lines, message: 'the file has a header but no papers' }] };
  }

  const rows: PaperRow[] = [];
  const firstLineOfKey = new Map<string, number>();
  for (const { record, info } of body) {
    const line = info.lines;
    if (record.length !== headerNames.length) {
      problems.push({ line, message: `expected ${headerNames.length} fields, found ${record.length}` });
      continue;
    }
    const raw = Object.fromEntries(headerNames.map((name, index) => [name, record[index] ?? '']));
    const parsed = rowSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ line, message: issue.message });
      continue;
    }
    const value = parsed.data;
    const correspondingIndex = value.authors.indexOf(value.corresponding_author);
    if (correspondingIndex === -1) {
      problems.push({
        line,
        message: `corresponding_author "${value.corresponding_author}" is not one of the authors`,
      });
      continue;
    }
    const key = `${Number(value.volume)}/${value.paper_key}`;
    const seenOn = firstLineOfKey.get(key);
    if (seenOn !== undefined) {
      problems.push({
        line,
        message: `paper_key "${value.paper_key}" of volume ${Number(value.volume)} already appears on line ${seenOn}`,
      });
      continue;
    }
    firstLineOfKey.set(key, line);
    rows.push({
      line,
      volume: Number(value.volume),
      paperKey: value.paper_key,
      title: value.title,
      authors: value.authors,
      correspondingAuthorName: value.corresponding_author,
      correspondingAuthorEmail: value.corresponding_email,
    });
  }

  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}

function describeCsvError(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed (check for a stray " character)';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quote inside a field must be doubled ("") and the field itself quoted';
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'unexpected characters after a closing quote';
    default:
      return 'the file is not valid CSV (RFC 4180)';
  }
}

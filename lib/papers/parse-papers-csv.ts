import { z } from 'zod';

import { isNfkcStable, unsafeCharacter } from '@/lib/text/unsafe-characters';

import { byLine, readCsvTable, type CsvProblem } from './csv-table';

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
  /** From an optional openreview_forum_id column (an OpenReview export): kept for BibTeX matching. */
  openreviewForumId?: string;
};

export type { CsvProblem };

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
  const table = readCsvTable(input, PAPER_CSV_COLUMNS, 'papers');
  if (!table.ok) return table;
  const problems: CsvProblem[] = [...table.problems];
  const rows: PaperRow[] = [];
  const firstLineOfKey = new Map<string, number>();
  for (const { line, fields } of table.rows) {
    const parsed = rowSchema.safeParse(fields);
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
      ...(fields.openreview_forum_id ? { openreviewForumId: fields.openreview_forum_id.trim() } : {}),
    });
  }

  return problems.length > 0 ? { ok: false, problems: byLine(problems) } : { ok: true, rows };
}

import { stringify } from 'csv-stringify/sync';

import { readCsvTable } from './csv-table';
import { AUTHOR_SEPARATOR, PAPER_CSV_COLUMNS } from './parse-papers-csv';

// The CSV an OpenReview venue's publication chair can produce of accepted papers (its title,
// authors, author ids and forum id), with a column of corresponding emails they add. What we read
// and assume (also in the README):
//  - columns by name, ignoring case, spaces and "_": title; authors; authorids (optional);
//    forum (or "forum id"); number (optional); and the corresponding email ("corresponding
//    email", "contact email" or "email");
//  - authors and author ids are lists separated by "|" (OpenReview's own export), else by ";";
//  - the corresponding author is the author whose id is the corresponding email, else the first;
//  - the key is "or" + the submission number (else "or-" + the forum id) until the volume's
//    BibTeX gives the PMLR key; the forum id is kept, so a BibTeX `openreview` field matches exactly.

const COLUMNS = {
  title: ['title'],
  authors: ['authors'],
  authorIds: ['authorids', 'authorid'],
  forum: ['forum', 'forumid'],
  number: ['number', 'papernumber', 'submissionnumber'],
  email: ['correspondingemail', 'contactemail', 'email', 'correspondingauthoremail'],
} as const;
type Column = keyof typeof COLUMNS;
const REQUIRED: Column[] = ['title', 'authors', 'forum', 'email'];
const DISPLAY: Record<Column, string> = {
  title: 'title',
  authors: 'authors',
  authorIds: 'authorids',
  forum: 'forum',
  number: 'number',
  email: 'corresponding_email',
};

const squash = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '');

function headerOf(content: string): string[] {
  const firstLine = content.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return firstLine.split(',').map((cell) => squash(cell.replace(/^"|"$/g, '')));
}

/** An OpenReview export rather than our own accepted-papers CSV: a forum column and no paper_key. */
export function looksLikeOpenReviewCsv(content: string): boolean {
  const header = headerOf(content);
  return !header.includes('paperkey') && header.some((name) => (COLUMNS.forum as readonly string[]).includes(name)) && header.includes('title');
}

export type OpenReviewMapping = { field: string; column: string }[];

function splitList(value: string): string[] {
  const separator = value.includes('|') ? '|' : ';';
  return value.split(separator).map((item) => item.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

export type OpenReviewConversion =
  | { ok: true; csv: string; lines: Map<number, number>; mapping: OpenReviewMapping; assumedFirstAuthor: number }
  | { ok: false; problems: { line: number; message: string }[] };

/** The export as an accepted-papers CSV for `volume`, each line with the line it came from. */
export function openReviewToPapersCsv(content: string, options: { volume: number }): OpenReviewConversion {
  const table = readCsvTable(content, [], 'papers');
  if (!table.ok) return table;
  const header = Object.keys(table.rows[0]?.fields ?? {});
  const columnOf: Partial<Record<Column, string>> = {};
  for (const [field, names] of Object.entries(COLUMNS) as [Column, readonly string[]][]) {
    const found = header.find((name) => names.includes(squash(name)));
    if (found) columnOf[field] = found;
  }
  const missing = REQUIRED.filter((field) => !columnOf[field]);
  if (missing.length > 0) {
    return {
      ok: false,
      problems: [{ line: 1, message: `an OpenReview export needs the columns ${missing.map((field) => DISPLAY[field]).join(', ')} (corresponding_email is a column you add)` }],
    };
  }
  const problems = [...table.problems];
  const records: string[][] = [];
  const lines = new Map<number, number>();
  let assumedFirstAuthor = 0;
  for (const { line, fields } of table.rows) {
    const at = (field: Column) => (columnOf[field] ? (fields[columnOf[field]!] ?? '').replace(/\s+/g, ' ').trim() : '');
    const forum = at('forum');
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(forum)) {
      problems.push({ line, message: forum ? `forum id “${forum}” is not an OpenReview id` : 'the forum id is empty' });
      continue;
    }
    const authors = splitList(at('authors'));
    const ids = splitList(at('authorIds')).map((id) => id.toLowerCase());
    const email = at('email');
    const index = ids.indexOf(email.toLowerCase());
    if (index < 0) assumedFirstAuthor += 1;
    const number = at('number');
    const key = /^[0-9]{1,9}$/.test(number) ? `or${number}` : `or-${forum}`;
    records.push([String(options.volume), key, at('title'), authors.join(AUTHOR_SEPARATOR), authors[index >= 0 ? index : 0] ?? '', email, forum]);
    lines.set(records.length + 1, line);
  }
  if (problems.length > 0) return { ok: false, problems };
  const mapping: OpenReviewMapping = [
    { field: 'title', column: columnOf.title! },
    { field: 'authors', column: columnOf.authors! },
    { field: 'corresponding author', column: columnOf.authorIds ? `the author whose id in ${columnOf.authorIds} is the email, else the first` : 'the first author' },
    { field: 'corresponding email', column: columnOf.email! },
    { field: 'OpenReview forum id', column: columnOf.forum! },
    { field: 'provisional key', column: columnOf.number ? `"or" + ${columnOf.number}` : `"or-" + ${columnOf.forum}` },
  ];
  return { ok: true, csv: stringify([[...PAPER_CSV_COLUMNS, 'openreview_forum_id'], ...records]), lines, mapping, assumedFirstAuthor };
}

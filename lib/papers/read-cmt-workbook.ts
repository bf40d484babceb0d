import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';

import { AUTHOR_SEPARATOR, PAPER_CSV_COLUMNS } from './parse-papers-csv';

// Microsoft CMT's "Export to Excel" of a conference's papers: one sheet per track, a header row
// naming the columns. What we read, and what we assume (also in the README):
//  - the header is the first row (of the first ten) with a cell "Paper ID";
//  - the columns "Paper ID", "Paper Title", "Author Names" (or "Authors"), "Primary Contact
//    Author Name" and "Primary Contact Author Email", matched without regard to case or spacing;
//  - "Author Names" lists the authors in byline order separated by ";", each possibly followed by
//    an affiliation in parentheses and a "*" (CMT's mark of the contact author): both are dropped;
//  - CMT has no PMLR key, so a paper is keyed "cmt" + its Paper ID until the volume's BibTeX
//    gives it its PMLR key;
//  - the file holds accepted papers only (export them from CMT's accepted list).
// The rows become an accepted-papers CSV, which the ordinary import then checks and previews.

export const CMT_COLUMNS = {
  paperId: ['paper id'],
  title: ['paper title', 'title'],
  authors: ['author names', 'authors'],
  contactName: ['primary contact author name'],
  contactEmail: ['primary contact author email'],
} as const;

type CmtColumn = keyof typeof CMT_COLUMNS;

export type CmtSheet = { name: string; papers: number; missing: string[] };
export type CmtLocation = { sheet: string; row: number };

const normalise = (value: string) => value.replace(/\s+/g, ' ').trim().toLowerCase();

/** A cell as text: numbers as written, rich text joined, formulas by their result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  }
  return '';
}

/** Is this an .xlsx file (a zip whose first entry is an Office Open XML part)? */
export function looksLikeXlsx(bytes: Uint8Array): boolean {
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

type Table = { sheet: string; headerRow: number; columns: Partial<Record<CmtColumn, number>>; rows: { row: number; cells: string[] }[] };

async function readTables(bytes: Uint8Array): Promise<Table[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  const tables: Table[] = [];
  workbook.eachSheet((sheet) => {
    const rows: { row: number; cells: string[] }[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, number) => {
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      rows.push({ row: number, cells: values.map((value) => cellText(value as ExcelJS.CellValue).trim()) });
    });
    const header = rows.slice(0, 10).find((row) => row.cells.some((cell) => normalise(cell) === 'paper id'));
    const columns: Partial<Record<CmtColumn, number>> = {};
    if (header) {
      for (const [key, names] of Object.entries(CMT_COLUMNS) as [CmtColumn, readonly string[]][]) {
        const index = header.cells.findIndex((cell) => names.includes(normalise(cell)));
        if (index >= 0) columns[key] = index;
      }
    }
    tables.push({
      sheet: sheet.name,
      headerRow: header?.row ?? 0,
      columns,
      rows: header ? rows.filter((row) => row.row > header.row && row.cells.some(Boolean)) : [],
    });
  });
  return tables;
}

const missingColumns = (table: Table) =>
  (Object.keys(CMT_COLUMNS) as CmtColumn[]).filter((key) => table.columns[key] === undefined).map((key) => CMT_COLUMNS[key][0]);

/** The sheets (tracks) of a CMT export, with how many papers each has and any missing column. */
export async function listCmtSheets(bytes: Uint8Array): Promise<{ ok: true; sheets: CmtSheet[] } | { ok: false; message: string }> {
  let tables: Table[];
  try {
    tables = await readTables(bytes);
  } catch {
    return { ok: false, message: 'The file could not be read as an Excel workbook (.xlsx). Export it from CMT again.' };
  }
  if (tables.length === 0) return { ok: false, message: 'The workbook has no sheets.' };
  return { ok: true, sheets: tables.map((table) => ({ name: table.sheet, papers: table.rows.length, missing: missingColumns(table) })) };
}

/** One CMT author entry without its affiliation and contact mark: "Zoë Ng (MIT)*" → "Zoë Ng". */
export function cmtAuthorName(entry: string): string {
  return entry
    .replace(/\*+\s*$/, '')
    .replace(/\s*\([^()]*\)\s*\**\s*$/, '')
    .replace(/\*+\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export type CmtConversion =
  | { ok: true; csv: string; locations: Map<number, CmtLocation>; papers: number }
  | { ok: false; problems: { location: CmtLocation | null; message: string }[] };

/**
 * The chosen sheets as an accepted-papers CSV for volume `volume`, with the sheet and row of each
 * CSV line (so the import's problems name where to look in the workbook). Problems found here
 * (a missing column, an empty Paper ID, a Paper ID twice) reject the file whole, by sheet and row.
 */
export async function cmtToPapersCsv(bytes: Uint8Array, options: { volume: number; sheets: string[] }): Promise<CmtConversion> {
  let tables: Table[];
  try {
    tables = await readTables(bytes);
  } catch {
    return { ok: false, problems: [{ location: null, message: 'The file could not be read as an Excel workbook (.xlsx).' }] };
  }
  const chosen = tables.filter((table) => options.sheets.includes(table.sheet));
  if (chosen.length === 0) return { ok: false, problems: [{ location: null, message: 'Choose at least one sheet (track) to import.' }] };
  const problems: { location: CmtLocation | null; message: string }[] = [];
  const records: string[][] = [];
  const locations = new Map<number, CmtLocation>();
  const seen = new Map<string, CmtLocation>();
  for (const table of chosen) {
    const missing = missingColumns(table);
    if (missing.length > 0) {
      problems.push({
        location: table.headerRow ? { sheet: table.sheet, row: table.headerRow } : null,
        message: `sheet “${table.sheet}” has no column ${missing.map((name) => `“${name}”`).join(', ')}${table.headerRow ? '' : ' (no header row with “Paper ID” in its first ten rows)'}`,
      });
      continue;
    }
    for (const { row, cells } of table.rows) {
      // Line breaks inside a cell become spaces: one record, one CSV line.
      const at = (key: CmtColumn) => (cells[table.columns[key]!] ?? '').replace(/\s+/g, ' ').trim();
      const location = { sheet: table.sheet, row };
      const paperId = at('paperId');
      if (!/^[0-9A-Za-z-]{1,20}$/.test(paperId)) {
        problems.push({ location, message: paperId ? `Paper ID “${paperId}” is not a CMT paper id` : 'Paper ID is empty' });
        continue;
      }
      const earlier = seen.get(paperId);
      if (earlier) {
        problems.push({ location, message: `Paper ID ${paperId} already appears in sheet “${earlier.sheet}”, row ${earlier.row}` });
        continue;
      }
      seen.set(paperId, location);
      const authors = at('authors').split(';').map(cmtAuthorName).filter(Boolean);
      const contact = cmtAuthorName(at('contactName'));
      // The contact author as written in the byline (CMT may spell the two differently in case or spacing).
      const corresponding = authors.find((author) => normalise(author) === normalise(contact)) ?? contact;
      records.push([String(options.volume), `cmt${paperId}`, at('title'), authors.join(AUTHOR_SEPARATOR), corresponding, at('contactEmail')]);
      locations.set(records.length + 1, location);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, csv: stringify([[...PAPER_CSV_COLUMNS], ...records]), locations, papers: records.length };
}

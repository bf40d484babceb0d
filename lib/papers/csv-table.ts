import { CsvError, parse } from 'csv-parse/sync';

/** A problem of an import file at a line; `where` names the place when the file was not CSV (a workbook's sheet and row). */
export type CsvProblem = { line: number; message: string; where?: string };

export type CsvTable =
  /** `problems`: rows of the wrong shape (left out of `rows`); the file is still to be rejected. */
  | { ok: true; rows: { line: number; fields: Record<string, string> }[]; problems: CsvProblem[] }
  | { ok: false; problems: CsvProblem[] };

/**
 * The records of a CSV file with a header naming (at least) `columns`, each with its line number,
 * as name → value. A malformed file, a missing or repeated column, no rows, or a row with the wrong
 * number of fields are problems with their line; the caller validates the values.
 */
export function readCsvTable(input: string | Buffer, columns: readonly string[], rowNoun: string): CsvTable {
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
  const missing = columns.filter((column) => !headerNames.includes(column));
  if (missing.length > 0) {
    const message = `missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')} (expected ${columns.join(',')})`;
    return { ok: false, problems: [{ line: header.info.lines, message }] };
  }
  const duplicated = headerNames.filter((name, index) => headerNames.indexOf(name) !== index);
  if (duplicated.length > 0) {
    return { ok: false, problems: [{ line: header.info.lines, message: `column repeated: ${[...new Set(duplicated)].join(', ')}` }] };
  }
  if (body.length === 0) {
    return { ok: false, problems: [{ line: header.info.lines, message: `the file has a header but no ${rowNoun}` }] };
  }

  const problems: CsvProblem[] = [];
  const rows: { line: number; fields: Record<string, string> }[] = [];
  for (const { record, info } of body) {
    if (record.length !== headerNames.length) {
      problems.push({ line: info.lines, message: `expected ${headerNames.length} fields, found ${record.length}` });
      continue;
    }
    rows.push({ line: info.lines, fields: Object.fromEntries(headerNames.map((name, index) => [name, record[index] ?? ''])) });
  }
  return { ok: true, rows, problems };
}

/** Problems in line order (a stable sort keeps each line's own order). */
export function byLine(problems: CsvProblem[]): CsvProblem[] {
  return [...problems].sort((a, b) => a.line - b.line);
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

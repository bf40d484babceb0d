import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { parsePapersCsv } from './parse-papers-csv';

const header = 'volume,paper_key,title,authors,corresponding_author,corresponding_email';

describe('parsePapersCsv', () => {
  it('reads the real PMLR volume 151 export', () => {
    const file = readFileSync(path.join(process.cwd(), 'db/seed-data/pmlr-v151-aistats2022.csv'));
    const result = parsePapersCsv(file);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.rows).toHaveLength(492);
    const masked = result.rows.find((row) => row.paperKey === 'mohtashami22');
    expect(masked).toMatchObject({
      volume: 151,
      title: 'Masked Training of Neural Networks with Partial Gradients',
      authors: ['Amirkeivan Mohtashami', 'Martin Jaggi', 'Sebastian Stich'],
      correspondingAuthorName: 'Amirkeivan Mohtashami',
      correspondingAuthorEmail: 'a.mohtashami@example.com',
    });
  });

  it('handles RFC 4180 quoting, a BOM, CRLF and non-ASCII names, and lower-cases emails', () => {
    const csv =
      '\uFEFF' +
      `${header}\r\n` +
      `7,zhang22,"Graphs, ""Quoted"" and Multi-line\r\nTitles",Zhāng Wěi; Ελένη Παπαδοπούλου; José Núñez,Ελένη Παπαδοπούλου,Eleni.P@Example.GR\r\n`;
    const result = parsePapersCsv(csv);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.rows[0]).toMatchObject({
      volume: 7,
      title: 'Graphs, "Quoted" and Multi-line Titles',
      authors: ['Zhāng Wěi', 'Ελένη Παπαδοπούλου', 'José Núñez'],
      correspondingAuthorName: 'Ελένη Παπαδοπούλου',
      correspondingAuthorEmail: 'eleni.p@example.gr',
    });
  });

  it('reports a missing column and nothing else', () => {
    const result = parsePapersCsv('volume,paper_key,title,authors,corresponding_author\n1,a,T,A,A\n');
    expect(result).toEqual({
      ok: false,
      problems: [{ line: 1, message: expect.stringContaining('missing column: corresponding_email') }],
    });
  });

  it('lists every bad line of a file with its line number', () => {
    const csv = [
      header,
      '151,good22,Good Paper,Ann Lee,Ann Lee,ann@example.org',
      '151,empty22,   ,Bo Chen,Bo Chen,bo@example.org',
      '151,mail22,Bad Mail,Cy Dow,Cy Dow,not-an-email',
      '151,good22,Same Key Again,Di Eve,Di Eve,di@example.org',
      '151,who22,Who Corresponds,Ed Fox; Gil Ho,Nobody Here,ed@example.org',
      '151,short22,Too Few Fields',
      'x,vol22,Bad Volume,Ida Jo,Ida Jo,ida@example.org',
    ].join('\n');
    const result = parsePapersCsv(csv);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      { line: 3, message: 'title is empty' },
      { line: 4, message: 'corresponding_email "not-an-email" is not a valid email address' },
      { line: 5, message: 'paper_key "good22" of volume 151 already appears on line 2' },
      { line: 6, message: 'corresponding_author "Nobody Here" is not one of the authors' },
      { line: 7, message: 'expected 6 fields, found 3' },
      { line: 8, message: 'volume must be a positive whole number, like 151' },
    ]);
  });

  it('explains a broken quote instead of throwing', () => {
    const result = parsePapersCsv(`${header}\n151,q22,"Unclosed title,Ann,Ann,ann@example.org\n`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.message).toMatch(/quoted field is never closed/);
  });

  it('rejects an empty file and a header-only file', () => {
    expect(parsePapersCsv('')).toMatchObject({ ok: false, problems: [{ message: 'the file is empty' }] });
    expect(parsePapersCsv(`${header}\n`)).toMatchObject({
      ok: false,
      problems: [{ message: 'the file has a header but no papers' }],
    });
  });
});

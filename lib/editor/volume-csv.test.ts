import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';

import type { VolumePaperRow } from './query-volume-papers';
import { neutraliseFormula, volumeCsvChunk } from './volume-csv';

const row = (changes: Partial<VolumePaperRow>): VolumePaperRow => ({
  id: '00000000-0000-4000-8000-000000000000',
  paperKey: 'key22',
  title: 'A Title',
  correspondingAuthorName: 'Ann Lee',
  correspondingAuthorEmail: 'ann@example.org',
  status: 'awaiting',
  signedAt: null,
  templateVersion: null,
  textSha256: null,
  ...changes,
});

describe('neutraliseFormula', () => {
  it.each(['=1+1', '+1', '-2', '@SUM(A1)', '\t=cmd', '\r=cmd', '＝1+1', '＋1', '－2', '＠SUM(A1)', ' =1+1', '\u3000=1'])('makes %j plain text', (value) => {
    expect(neutraliseFormula(value)).toBe(`'${value}`);
  });
  it('leaves ordinary text alone', () => {
    expect(neutraliseFormula('Graph = Networks')).toBe('Graph = Networks');
    expect(neutraliseFormula('Émile')).toBe('Émile');
  });
});

describe('volumeCsvChunk', () => {
  it('starts with a BOM and the header, quotes what needs quoting, and keeps non-ASCII names', () => {
    const csv = volumeCsvChunk(
      [
        row({
          title: 'Commas, "quotes" and\nnewlines',
          correspondingAuthorName: 'Zhāng Wěi — Ελένη',
          status: 'signed',
          signedAt: new Date('2026-11-24T20:15:00.123Z'),
          templateVersion: 1,
          textSha256: 'a'.repeat(64),
        }),
        row({ paperKey: 'evil22', title: '=HYPERLINK("http://x","click")', correspondingAuthorName: '@admin' }),
      ],
      true,
    );
    expect(csv.startsWith('\uFEFFpaper_key,title,corresponding_author')).toBe(true);
    expect(csv).toContain('"Commas, ""quotes"" and\nnewlines"');
    const records = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(records).toEqual([
      {
        paper_key: 'key22',
        title: 'Commas, "quotes" and\nnewlines',
        corresponding_author: 'Zhāng Wěi — Ελένη',
        corresponding_email: 'ann@example.org',
        status: 'signed',
        signed_at_utc: '2026-11-24T20:15:00.123Z',
        template_version: '1',
        text_sha256: 'a'.repeat(64),
      },
      {
        paper_key: 'evil22',
        title: `'=HYPERLINK("http://x","click")`,
        corresponding_author: "'@admin",
        corresponding_email: 'ann@example.org',
        status: 'awaiting',
        signed_at_utc: '',
        template_version: '',
        text_sha256: '',
      },
    ]);
  });

  it('writes later batches without the BOM or header', () => {
    expect(volumeCsvChunk([row({})])).toBe('key22,A Title,Ann Lee,ann@example.org,awaiting,,,\r\n');
  });
});

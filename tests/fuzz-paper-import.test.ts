import { count } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

import { getDb } from '@/db/client';
import { auditEvents, paperAuthors, paperImports, papers, volumes } from '@/db/schema';
import type { CurrentUser } from '@/lib/auth/roles';
import { applyPaperImport } from '@/lib/editor/apply-paper-import';
import { stagePaperImport } from '@/lib/editor/stage-paper-import';

import { seedUser, testRequestContext } from './factories';

// fast-check feeds the editor's import path (upload → preview → apply) 10,000 generated files:
// near-valid CSVs with hostile cells (quotes, commas, newlines, formulas, control and
// full-width characters, long values, bad emails, duplicate keys), and raw bytes. It must never
// throw: a file is either refused with a message, writing nothing at all, or staged and applied.

const RUNS = 10_000;
const HEADER = 'volume,paper_key,title,authors,corresponding_author,corresponding_email';

const hostileText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '"', '""', ',', '\n', '\r\n', '=1+1', '＝HYPERLINK("x")', '@SUM(A1)', '+cmd', '-2', '\u0000', '\uFEFF', 'Zoë Ünal', '李雷', ';', '; ;', 'a'.repeat(1200)),
);
// Cells an editor's file could really hold: tricky (quotes, commas, newlines, accents, scripts,
// a leading "="), but each within the rules.
const saneText = fc.oneof(
  fc.string({ minLength: 1, maxLength: 60 }).filter((text) => text.trim().length > 0 && !/[\u0000-\u001f\u007f]/.test(text)),
  fc.constantFrom('A Study of Things', 'Zoë Ünal', '李雷', 'O\'Brien, "Quoted"', '=SUM(1,2) is not a formula here', 'Line one\nline two'),
);
const saneName = fc.oneof(fc.constantFrom('Ann Lee', 'Zoë Ünal', '李雷', 'José Ortega y Gasset', 'Bo Chen'), fc.stringMatching(/^[A-Z][a-z]{1,8} [A-Z][a-z]{1,10}$/));
type Row = { volume: string; key: string; title: string; coAuthors: string[]; corresponding: string; email: string };
const saneRow = fc.record({
  volume: fc.integer({ min: 1, max: 3 }).map(String),
  key: fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/),
  title: saneText,
  coAuthors: fc.array(saneName, { maxLength: 4 }),
  corresponding: saneName,
  email: fc.stringMatching(/^[a-z][a-z0-9._+-]{0,10}[a-z0-9]@[a-z]{2,10}\.(org|edu|com|ac\.uk)$/),
});
const hostileRow = fc.record({
  volume: fc.oneof(fc.integer({ min: 1, max: 3 }).map(String), fc.constantFrom('0', '-1', '1.5', 'x', '99999999999', '')),
  key: fc.oneof(fc.constantFrom('p1', 'p2', 'p1 ', ''), hostileText),
  title: hostileText,
  coAuthors: fc.array(hostileText, { maxLength: 5 }),
  corresponding: hostileText,
  email: fc.oneof(fc.emailAddress(), hostileText),
});
const quote = (cell: string, always: boolean) => (always || /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
const csvFile = fc
  .record({
    header: fc.oneof({ weight: 8, arbitrary: fc.constant(HEADER) }, fc.constant(`\uFEFF${HEADER}`), hostileText),
    rows: fc.oneof(
      { weight: 3, arbitrary: fc.array(saneRow, { minLength: 1, maxLength: 6 }) },
      fc.array(fc.oneof(saneRow, hostileRow), { maxLength: 6 }),
    ) as fc.Arbitrary<Row[]>,
    quoteAll: fc.boolean(),
    crlf: fc.boolean(),
  })
  .map(({ header, rows, quoteAll, crlf }) =>
    [
      header,
      ...rows.map((r) =>
        [r.volume, r.key, r.title, [r.corresponding, ...r.coAuthors].join('; '), r.corresponding, r.email].map((cell) => quote(cell, quoteAll)).join(','),
      ),
    ].join(crlf ? '\r\n' : '\n'),
  )
  .map((text) => new TextEncoder().encode(text));
const anyFile = fc.oneof({ weight: 4, arbitrary: csvFile }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) });

async function tableCounts() {
  const db = await getDb();
  const [[p], [a], [i], [v], [e]] = await Promise.all([
    db.select({ n: count() }).from(papers),
    db.select({ n: count() }).from(paperAuthors),
    db.select({ n: count() }).from(paperImports),
    db.select({ n: count() }).from(volumes),
    db.select({ n: count() }).from(auditEvents),
  ]);
  return { papers: p!.n, authors: a!.n, imports: i!.n, volumes: v!.n, events: e!.n };
}

let admin: CurrentUser;
beforeAll(async () => {
  admin = await seedUser('fuzz-admin@example.org', 'admin');
});

describe('fuzzing the paper import', () => {
  it(`${RUNS.toLocaleString('en')} generated files: refused with a message and nothing written, or staged and applied; never a crash`, { timeout: 1_200_000 }, async () => {
    const tally = { refused: 0, applied: 0 };
    await fc.assert(
      fc.asyncProperty(anyFile, async (bytes) => {
        const before = await tableCounts();
        const staged = await stagePaperImport(admin, { name: 'fuzz.csv', bytes });
        if (!staged.ok) {
          expect(staged.message.length).toBeGreaterThan(0);
          expect(await tableCounts()).toEqual(before);
          tally.refused += 1;
          return;
        }
        const applied = await applyPaperImport(admin, staged.importId, testRequestContext, { confirmSignedMoves: true });
        if (!applied.ok) throw new Error(`a staged file was not applied: ${applied.message}`);
        tally.applied += 1;
      }),
      { numRuns: RUNS },
    );
    console.log(`import fuzz: ${tally.refused} refused, ${tally.applied} applied`);
    // Both branches were exercised, not just one.
    expect(tally.refused).toBeGreaterThan(RUNS / 10);
    expect(tally.applied).toBeGreaterThan(RUNS / 20);
  });
});

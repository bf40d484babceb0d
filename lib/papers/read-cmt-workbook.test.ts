import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { getDb } from '@/db/client';
import { paperAuthors, papers, volumes } from '@/db/schema';
import { applyPaperImport } from '@/lib/editor/apply-paper-import';
import { stagePaperImport } from '@/lib/editor/stage-paper-import';
import { DATASETS_TRACK, MAIN_TRACK, cmtWorkbook } from '@/tests/fixtures/cmt-export';
import { seedUser, seedVolume, testRequestContext } from '@/tests/factories';

import { cmtAuthorName, listCmtSheets } from './read-cmt-workbook';

describe('CMT’s Excel export', () => {
  it('drops affiliations and the contact mark from author names', () => {
    expect(cmtAuthorName('Jürgen Müller (ETH Zürich)*')).toBe('Jürgen Müller');
    expect(cmtAuthorName(' Zoë  Ng (MIT) ')).toBe('Zoë Ng');
    expect(cmtAuthorName('王小明 (Tsinghua University)')).toBe('王小明');
    // Only a trailing parenthesis is an affiliation.
    expect(cmtAuthorName('Ana (Ann) Smith*')).toBe('Ana (Ann) Smith');
  });

  it('lists its sheets, then imports the chosen tracks into a volume, non-ASCII names intact', async () => {
    const bytes = await cmtWorkbook({ 'Main Track': MAIN_TRACK, 'Datasets and Benchmarks': DATASETS_TRACK });
    const listed = await listCmtSheets(bytes);
    expect(listed).toEqual({
      ok: true,
      sheets: [
        { name: 'Main Track', papers: 2, missing: [] },
        { name: 'Datasets and Benchmarks', papers: 1, missing: [] },
      ],
    });

    await seedVolume(8801, 'CMT Volume');
    const editor = await seedUser('cmt-editor@example.org', 'editor', [8801]);
    const asked = await stagePaperImport(editor, { name: 'cmt.xlsx', bytes });
    expect(asked).toMatchObject({ ok: false, chooseSource: { kind: 'cmt', sheets: [{ name: 'Main Track' }, { name: 'Datasets and Benchmarks' }] } });

    const staged = await stagePaperImport(editor, { name: 'cmt.xlsx', bytes }, { volume: 8801, sheets: ['Main Track', 'Datasets and Benchmarks'] });
    if (!staged.ok) throw new Error(`expected a preview, got ${JSON.stringify(staged)}`);
    expect(staged.preview.created.count).toBe(3);
    const applied = await applyPaperImport(editor, staged.importId, testRequestContext);
    expect(applied).toMatchObject({ ok: true });

    const db = await getDb();
    const rows = await db
      .select({ paper: papers })
      .from(papers)
      .innerJoin(volumes, eq(volumes.id, papers.volumeId))
      .where(eq(volumes.number, 8801));
    const byKey = Object.fromEntries(rows.map(({ paper }) => [paper.paperKey, paper]));
    expect(Object.keys(byKey).sort()).toEqual(['cmt101', 'cmt102', 'cmt205']);
    expect(byKey.cmt102).toMatchObject({
      title: 'Bandits with Knapsacks, Revisited',
      correspondingAuthorName: 'Søren Kierkegaard',
      correspondingAuthorEmail: 's.kierkegaard@example.dk',
      authorNames: 'Ana María Pérez; Søren Kierkegaard; 王小明',
    });
    const byline = await db.select().from(paperAuthors).where(eq(paperAuthors.paperId, byKey.cmt102!.id)).orderBy(paperAuthors.position);
    expect(byline.map((author) => [author.name, author.isCorresponding])).toEqual([
      ['Ana María Pérez', false],
      ['Søren Kierkegaard', true],
      ['王小明', false],
    ]);
  });

  it('rejects the whole file with the sheet and row of each problem, and imports only the chosen track', async () => {
    const broken = [...DATASETS_TRACK, { id: 206, title: 'No Contact Email', contact: 'Ida Nilsson', email: '', authors: 'Ida Nilsson (KTH)*' }];
    const bytes = await cmtWorkbook({ 'Main Track': MAIN_TRACK, 'Datasets and Benchmarks': broken });
    await seedVolume(8802, 'CMT Volume 2');
    const editor = await seedUser('cmt-editor-2@example.org', 'editor', [8802]);

    const refused = await stagePaperImport(editor, { name: 'cmt.xlsx', bytes }, { volume: 8802, sheets: ['Main Track', 'Datasets and Benchmarks'] });
    expect(refused.ok).toBe(false);
    if (refused.ok || !('preview' in refused)) throw new Error('expected problems');
    expect(refused.preview!.problems.shown).toEqual([
      { line: 5, where: 'Sheet “Datasets and Benchmarks”, row 3', message: 'corresponding_email is empty' },
    ]);
    const db = await getDb();
    const none = await db.select().from(papers).innerJoin(volumes, eq(volumes.id, papers.volumeId)).where(eq(volumes.number, 8802));
    expect(none).toEqual([]);

    const mainOnly = await stagePaperImport(editor, { name: 'cmt.xlsx', bytes }, { volume: 8802, sheets: ['Main Track'] });
    if (!mainOnly.ok) throw new Error(JSON.stringify(mainOnly));
    expect(mainOnly.preview.created.shown.map((paper) => paper.paperKey)).toEqual(['cmt101', 'cmt102']);
  });

  it('refuses a volume the editor does not edit, by sheet and row', async () => {
    const bytes = await cmtWorkbook({ 'Main Track': MAIN_TRACK });
    const editor = await seedUser('cmt-editor-3@example.org', 'editor', [8803]);
    const refused = await stagePaperImport(editor, { name: 'cmt.xlsx', bytes }, { volume: 8899, sheets: ['Main Track'] });
    expect(refused).toMatchObject({ ok: false, preview: { problems: { shown: [{ where: 'Sheet “Main Track”, row 2' }] } } });
  });
});

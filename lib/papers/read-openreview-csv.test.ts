import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { getDb } from '@/db/client';
import { papers, volumes } from '@/db/schema';
import { applyPaperImport } from '@/lib/editor/apply-paper-import';
import { stagePaperImport } from '@/lib/editor/stage-paper-import';
import { seedUser, seedVolume, testRequestContext } from '@/tests/factories';

import { applyRekey, previewRekey } from './rekey-from-bibtex';

// An OpenReview venue's accepted papers as its publication chair exports them, with the column of
// corresponding emails they add.
const EXPORT = [
  'number,forum,title,authors,authorids,corresponding_email',
  '17,HkxYzw4Fwr,Learning Without Forgetting Anything,Émilie Durand|Kofi Mensah,~Emilie_Durand1|kofi@example.org,kofi@example.org',
  '42,rJl0r3R9KX,A Theory of Everything Small,Yuki Tanaka,~Yuki_Tanaka2,yuki@example.jp',
].join('\n');

const bytes = (text: string) => new TextEncoder().encode(text);

describe('an OpenReview export', () => {
  it('is mapped in the preview, imported into the chosen volume, and keeps the forum id for BibTeX', async () => {
    await seedVolume(8951, 'OpenReview Volume');
    const editor = await seedUser('openreview-editor@example.org', 'editor', [8951]);

    const asked = await stagePaperImport(editor, { name: 'openreview.csv', bytes: bytes(EXPORT) });
    expect(asked).toMatchObject({ ok: false, chooseSource: { kind: 'openreview', papers: 2, assumedFirstAuthor: 1 } });
    if (asked.ok || !('chooseSource' in asked) || asked.chooseSource.kind !== 'openreview') throw new Error('expected a mapping');
    expect(asked.chooseSource.mapping.map((entry) => entry.field)).toEqual([
      'title',
      'authors',
      'corresponding author',
      'corresponding email',
      'OpenReview forum id',
      'provisional key',
    ]);

    const staged = await stagePaperImport(editor, { name: 'openreview.csv', bytes: bytes(EXPORT) }, { volume: 8951 });
    if (!staged.ok) throw new Error(JSON.stringify(staged));
    expect(await applyPaperImport(editor, staged.importId, testRequestContext)).toMatchObject({ ok: true });
    const db = await getDb();
    const rows = await db.select({ paper: papers }).from(papers).innerJoin(volumes, eq(volumes.id, papers.volumeId)).where(eq(volumes.number, 8951));
    const byKey = Object.fromEntries(rows.map(({ paper }) => [paper.paperKey, paper]));
    expect(byKey.or17).toMatchObject({
      title: 'Learning Without Forgetting Anything',
      authorNames: 'Émilie Durand; Kofi Mensah',
      correspondingAuthorName: 'Kofi Mensah',
      correspondingAuthorEmail: 'kofi@example.org',
      openreviewForumId: 'HkxYzw4Fwr',
    });
    expect(byKey.or42).toMatchObject({ correspondingAuthorName: 'Yuki Tanaka', openreviewForumId: 'rJl0r3R9KX' });

    // The BibTeX's openreview field matches exactly, even where its title was edited since.
    const bibtex = '@InProceedings{durand22a, title = {Learning without Forgetting}, openreview = {HkxYzw4Fwr}}';
    const preview = await previewRekey(editor, { volumeNumber: 8951, bibtex });
    if (!preview.ok) throw new Error(preview.problems.join('; '));
    expect(preview.plan.matched.map((match) => [match.entry.key, match.paper.paperKey, match.by])).toEqual([['durand22a', 'or17', 'openreview']]);
    expect(await applyRekey(editor, { volumeNumber: 8951, bibtex, choices: {} }, testRequestContext)).toEqual({ rekeyed: 1, unchanged: 0 });
  });

  it('rejects a file without the corresponding emails, saying which column to add', async () => {
    const editor = await seedUser('openreview-editor-2@example.org', 'editor', [8952]);
    const refused = await stagePaperImport(editor, { name: 'openreview.csv', bytes: bytes('number,forum,title,authors\n1,abc,Title,Someone\n') });
    expect(refused).toMatchObject({ ok: false, preview: { problems: { shown: [{ message: expect.stringContaining('needs the columns corresponding_email') }] } } });
  });
});

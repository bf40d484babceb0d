import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';

import { getDb } from '@/db/client';
import { auditEvents, paperImports, papers } from '@/db/schema';
import { NotFoundError, UnauthenticatedError } from '@/lib/errors';
import { paperRow, seedAgreementTemplate, seedPapers, seedUser, signPaperAs, testRequestContext } from '@/tests/factories';

import { applyPaperImport } from './apply-paper-import';
import { getPaperEvidence } from './get-paper-evidence';
import { listVolumeOverview } from './list-volume-overview';
import { MAX_IMPORT_BYTES } from './import-limits';
import { stagePaperImport } from './stage-paper-import';

const header = 'volume,paper_key,title,authors,corresponding_author,corresponding_email';
const bytes = (text: string) => new TextEncoder().encode(text);
let admin: Awaited<ReturnType<typeof seedUser>>;
let editor: Awaited<ReturnType<typeof seedUser>>;
let author: Awaited<ReturnType<typeof seedUser>>;

async function paperCount() {
  const db = await getDb();
  return (await db.select({ value: count() }).from(papers))[0]!.value;
}

beforeAll(async () => {
  await seedAgreementTemplate();
  editor = await seedUser('editor@example.org', 'editor');
  admin = await seedUser('admin@example.org', 'admin');
  author = await seedUser('someone@example.org', 'author');
});

describe('listVolumeOverview', () => {
  it('counts papers, signed and awaiting per volume, newest volume first', async () => {
    // Volumes of this test's own, so that other tests' papers never change its counts.
    await seedPapers([
      paperRow({ volume: 9601, correspondingAuthorEmail: 'ov1@example.org', paperKey: 'ov1' }),
      paperRow({ volume: 9601, paperKey: 'ov2' }),
    ]);
    const db = await getDb();
    const [first] = await db.select({ id: papers.id }).from(papers).where(eq(papers.paperKey, 'ov1'));
    await signPaperAs('ov1@example.org', first!.id);
    await seedPapers([paperRow({ volume: 9602, paperKey: 'new1' })]);

    const overview = await listVolumeOverview(admin);
    const numbers = overview.map((volume) => volume.number);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(numbers).toEqual(expect.arrayContaining([9602, 9601]));
    expect(overview.find((volume) => volume.number === 9601)).toMatchObject({ total: 2, signed: 1, awaiting: 1, withdrawn: 0 });
    // An editor sees only their own volumes.
    expect((await listVolumeOverview(editor)).map((volume) => volume.number)).toEqual([900]);
    await expect(listVolumeOverview(author)).rejects.toBeInstanceOf(NotFoundError);
    await expect(listVolumeOverview(null)).rejects.toBeInstanceOf(UnauthenticatedError);
  });
});

describe('getPaperEvidence', () => {
  it('returns the full signature record and the paper’s audit events in order', async () => {
    await seedPapers([paperRow({ paperKey: 'ev1', correspondingAuthorEmail: 'ev1@example.org' })]);
    const db = await getDb();
    const [paper] = await db.select({ id: papers.id }).from(papers).where(eq(papers.paperKey, 'ev1'));
    const signature = await signPaperAs('ev1@example.org', paper!.id, 'Ev One');

    const evidence = await getPaperEvidence(editor, paper!.id);
    expect(evidence?.signatures).toEqual([{ ...signature, voidedAt: null, voidReason: null }]);
    expect(evidence?.auditEvents.map((event) => event.action)).toEqual(['agreement.signed']);
    await expect(getPaperEvidence(editor, crypto.randomUUID())).rejects.toBeInstanceOf(NotFoundError);
    await expect(getPaperEvidence(author, paper!.id)).rejects.toBeInstanceOf(NotFoundError);
    const otherEditor = await seedUser('editor-of-4901@example.org', 'editor', [4901]);
    await expect(getPaperEvidence(otherEditor, paper!.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('importing in the browser', () => {
  it('previews without writing papers, then applies once, with an audit event', async () => {
    const before = await paperCount();
    const csv = `${header}\n901,imp1,Imported Paper One,Ann Lee; Bo Chen,Ann Lee,ann@example.org\n901,imp2,Imported Paper Two,Cy Dow,Cy Dow,cy@example.org\n`;
    const staged = await stagePaperImport(admin, { name: 'accepted.csv', bytes: bytes(csv) });
    if (!staged.ok) throw new Error(staged.message);
    expect(staged.preview).toMatchObject({ newVolumes: [901], created: { count: 2 }, changed: { count: 0 } });
    expect(await paperCount()).toBe(before);

    const applied = await applyPaperImport(admin, staged.importId, testRequestContext);
    expect(applied).toMatchObject({ ok: true, result: { created: 2, updated: 0, unchanged: 0, volumesCreated: 1 } });
    expect(await paperCount()).toBe(before + 2);
    const db = await getDb();
    // This import's own event (other tests import too).
    const events = (await db.select().from(auditEvents).where(eq(auditEvents.action, 'papers.imported'))).filter(
      (event) => event.details.importId === staged.importId,
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorEmail: 'admin@example.org', ipAddress: '203.0.113.7' });
    expect(events[0]!.details).toMatchObject({ importId: staged.importId, filename: 'accepted.csv', created: 2 });

    expect(await applyPaperImport(admin, staged.importId, testRequestContext)).toMatchObject({
      ok: false,
      code: 'already-applied',
    });
    expect(await paperCount()).toBe(before + 2);

    // Uploading the same file again: everything unchanged.
    const again = await stagePaperImport(admin, { name: 'accepted.csv', bytes: bytes(csv) });
    expect(again).toMatchObject({ ok: true, preview: { created: { count: 0 }, unchangedCount: 2 } });
  });

  it('rejects a file with an error, listing it by line, and stages nothing', async () => {
    const db = await getDb();
    const stagedBefore = (await db.select({ value: count() }).from(paperImports))[0]!.value;
    const result = await stagePaperImport(admin, {
      name: 'bad.csv',
      bytes: bytes(`${header}\n901,ok1,Fine,Ann Lee,Ann Lee,ann@example.org\n901,bad1,,Bo Chen,Bo Chen,bo@example.org\n`),
    });
    expect(result).toMatchObject({
      ok: false,
      preview: { problems: { count: 1, shown: [{ line: 3, message: 'title is empty' }] } },
    });
    expect((await db.select({ value: count() }).from(paperImports))[0]!.value).toBe(stagedBefore);
  });

  it('refuses files over 5 MB, empty files and files that are not UTF-8', async () => {
    const big = new Uint8Array(MAX_IMPORT_BYTES + 1).fill(65);
    expect(await stagePaperImport(admin, { name: 'big.csv', bytes: big })).toMatchObject({
      ok: false,
      message: expect.stringContaining('larger than 5 MB'),
    });
    expect(await stagePaperImport(admin, { name: 'empty.csv', bytes: new Uint8Array() })).toMatchObject({ ok: false });
    expect(await stagePaperImport(admin, { name: 'latin1.csv', bytes: new Uint8Array([0x4d, 0xfc, 0x6c]) })).toMatchObject({
      ok: false,
      message: expect.stringContaining('not UTF-8'),
    });
  });

  it('lets only the uploading editor confirm, and refuses authors outright', async () => {
    const staged = await stagePaperImport(admin, {
      name: 'x.csv',
      bytes: bytes(`${header}\n902,x1,X,Ann Lee,Ann Lee,ann@example.org\n`),
    });
    if (!staged.ok) throw new Error(staged.message);
    const otherEditor = await seedUser('other-editor@example.org', 'editor');
    expect(await applyPaperImport(otherEditor, staged.importId, testRequestContext)).toMatchObject({ code: 'not-found' });
    await expect(applyPaperImport(author, staged.importId, testRequestContext)).rejects.toBeInstanceOf(NotFoundError);
    await expect(stagePaperImport(author, { name: 'x.csv', bytes: bytes('x') })).rejects.toBeInstanceOf(NotFoundError);
    await expect(stagePaperImport(null, { name: 'x.csv', bytes: bytes('x') })).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('lets an editor import only into their own volumes; only an admin creates a volume', async () => {
    const before = await paperCount();
    const csv = `${header}\n900,own1,Own Volume Paper,Ann Lee,Ann Lee,ann@example.org\n903,new1,New Volume Paper,Cy Dow,Cy Dow,cy@example.org\n950,theirs1,Another Volume Paper,Cy Dow,Cy Dow,cy@example.org\n`;
    const refused = await stagePaperImport(editor, { name: 'mixed.csv', bytes: bytes(csv) });
    expect(refused).toMatchObject({
      ok: false,
      preview: {
        problems: {
          count: 2,
          shown: [
            { line: 3, message: expect.stringContaining('volume 903 is not one of your volumes') },
            { line: 4, message: expect.stringContaining('volume 950 is not one of your volumes') },
          ],
        },
      },
    });
    const own = await stagePaperImport(editor, { name: 'own.csv', bytes: bytes(`${header}\n900,own1,Own Volume Paper,Ann Lee,Ann Lee,ann@example.org\n`) });
    if (!own.ok) throw new Error(own.message);
    expect((await applyPaperImport(editor, own.importId, testRequestContext)).ok).toBe(true);
    expect(await paperCount()).toBe(before + 1);
  });
});

import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';

import { getDb, queryRows } from '@/db/client';
import { papers } from '@/db/schema';
import { NotFoundError, UnauthenticatedError } from '@/lib/errors';
import { paperRow, seedAgreementTemplate, seedPapers, seedUser, signPaperAs } from '@/tests/factories';

import { iterateVolumePapers, parseVolumeView, queryVolumePapers, volumePageRows, type VolumeView } from './query-volume-papers';

const view = (changes: Partial<VolumeView> = {}): VolumeView => ({ ...parseVolumeView({}), ...changes });
let editor: Awaited<ReturnType<typeof seedUser>>;

// Volume 900: twelve papers k01…k12; k02, k05, k09 signed; k11 withdrawn.
beforeAll(async () => {
  await seedAgreementTemplate();
  const rows = Array.from({ length: 12 }, (_, index) => {
    const n = String(index + 1).padStart(2, '0');
    return paperRow({
      paperKey: `k${n}`,
      title: index === 3 ? 'Graph Neural Networks at 100% Scale' : `Study number ${n}`,
      authors: index === 6 ? ['Zoë Ångström', 'Hidden Coauthor'] : [`Author ${n}`],
      correspondingAuthorName: index === 6 ? 'Zoë Ångström' : `Author ${n}`,
      correspondingAuthorEmail: `author${n}@example.org`,
    });
  });
  await seedPapers(rows);
  const db = await getDb();
  const idOf = async (key: string) =>
    (await db.select({ id: papers.id }).from(papers).where(eq(papers.paperKey, key)))[0]!.id;
  await signPaperAs('author02@example.org', await idOf('k02'));
  await signPaperAs('author05@example.org', await idOf('k05'));
  await signPaperAs('author09@example.org', await idOf('k09'));
  await db.update(papers).set({ status: 'withdrawn' }).where(eq(papers.paperKey, 'k11'));
  editor = await seedUser('editor@example.org', 'editor');
});

const keys = async (changes: Partial<VolumeView>, pageSize?: number) =>
  (await queryVolumePapers(editor, 900, view(changes), pageSize))!.rows.map((row) => row.paperKey);

describe('queryVolumePapers', () => {
  it('shows every paper with its signing status, by paper key', async () => {
    const page = await queryVolumePapers(editor, 900, view());
    expect(page?.total).toBe(12);
    expect(page?.rows.map((row) => `${row.paperKey}:${row.status}`)).toEqual([
      'k01:awaiting', 'k02:signed', 'k03:awaiting', 'k04:awaiting', 'k05:signed', 'k06:awaiting',
      'k07:awaiting', 'k08:awaiting', 'k09:signed', 'k10:awaiting', 'k11:withdrawn', 'k12:awaiting',
    ]);
    const signed = page!.rows.find((row) => row.paperKey === 'k02')!;
    expect(signed.signedAt).toBeInstanceOf(Date);
    expect(signed.templateVersion).toBe(1);
    expect(signed.textSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('filters by status in the database', async () => {
    expect(await keys({ status: 'signed' })).toEqual(['k02', 'k05', 'k09']);
    expect(await keys({ status: 'withdrawn' })).toEqual(['k11']);
    expect(await keys({ status: 'awaiting' })).toHaveLength(8);
  });

  it('searches titles, any author’s name and the email, ignoring case; % is literal', async () => {
    expect(await keys({ q: 'graph neural' })).toEqual(['k04']);
    expect(await keys({ q: 'hidden coauthor' })).toEqual(['k07']);
    expect(await keys({ q: 'ångström' })).toEqual(['k07']);
    expect(await keys({ q: 'AUTHOR12@EXAMPLE' })).toEqual(['k12']);
    expect(await keys({ q: '100%' })).toEqual(['k04']);
    expect(await keys({ q: '1_0' })).toEqual([]);
    expect(await keys({ q: 'study', status: 'signed' })).toEqual(['k02', 'k05', 'k09']);
    expect(await keys({ q: 'no such thing' })).toEqual([]);
    // A NUL or another control character searches as a space (PostgreSQL refuses a NUL; fuzzing found it).
    const fromUrl = async (q: string) => (await queryVolumePapers(editor, 900, parseVolumeView({ q })))!.rows.map((row) => row.paperKey);
    expect(await fromUrl('graph\u0000neural')).toEqual(['k04']);
    expect(await fromUrl('\u0000')).toHaveLength(12);
    expect(await fromUrl('trailing backslash\\')).toEqual([]);
  });

  it('sorts by any column, both ways, unsigned papers last by signing time', async () => {
    expect((await keys({ sort: 'paperKey', dir: 'desc' }))[0]).toBe('k12');
    expect((await keys({ sort: 'title' }))[0]).toBe('k04');
    expect((await keys({ sort: 'correspondingAuthor', dir: 'desc' }))[0]).toBe('k07');
    expect((await keys({ sort: 'correspondingEmail', dir: 'desc' }))[0]).toBe('k12');
    expect((await keys({ sort: 'status' })).slice(0, 8).every((key) => !['k02', 'k05', 'k09', 'k11'].includes(key))).toBe(true);
    expect((await keys({ sort: 'signedAt' })).slice(0, 3)).toEqual(['k02', 'k05', 'k09']);
    expect((await keys({ sort: 'signedAt', dir: 'desc' })).slice(0, 3)).toEqual(['k09', 'k05', 'k02']);
  });

  it('paginates, and a page past the end shows the last page', async () => {
    expect(await keys({ page: 2 }, 5)).toEqual(['k06', 'k07', 'k08', 'k09', 'k10']);
    const last = await queryVolumePapers(editor, 900, view({ page: 99 }), 5);
    expect(last).toMatchObject({ page: 3, pageCount: 3, total: 12 });
    expect(last?.rows.map((row) => row.paperKey)).toEqual(['k11', 'k12']);
  });

  it('reads a malformed URL as the default view', () => {
    expect(parseVolumeView({ sort: 'password', dir: 'sideways', page: '-3', status: ['signed', 'x'] })).toEqual({
      q: '',
      status: 'signed',
      sort: 'paperKey',
      dir: 'asc',
      page: 1,
    });
  });

  it('answers not found for a volume that does not exist', async () => {
    await expect(queryVolumePapers(editor, 4242, view())).rejects.toBeInstanceOf(NotFoundError);
    await expect(queryVolumePapers(editor, Number('abc'), view())).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses authors, editors of another volume and signed-out callers, as if the volume did not exist', async () => {
    const author = await seedUser('author01@example.org');
    const otherEditor = await seedUser('editor-336@example.org', 'editor', [336]);
    await expect(queryVolumePapers(author, 900, view())).rejects.toBeInstanceOf(NotFoundError);
    await expect(queryVolumePapers(otherEditor, 900, view())).rejects.toBeInstanceOf(NotFoundError);
    await expect(queryVolumePapers(null, 900, view())).rejects.toBeInstanceOf(UnauthenticatedError);
    const admin = await seedUser('admin@example.org', 'admin');
    expect((await queryVolumePapers(admin, 900, view())).total).toBe(12);
  });
});

describe('iterateVolumePapers', () => {
  it('yields the whole volume in key order, a batch at a time', async () => {
    const page = await queryVolumePapers(editor, 900, view());
    const batches: string[][] = [];
    for await (const batch of iterateVolumePapers(page.volume, 5)) batches.push(batch.map((row) => row.paperKey));
    expect(batches.map((batch) => batch.length)).toEqual([5, 5, 2]);
    expect(batches.flat()).toEqual(page!.rows.map((row) => row.paperKey));
  });
});

describe('the page query on a large volume', () => {
  // The tables here are tiny, so the planner would rightly read and sort them whole; with
  // sequential scans and full sorts priced out, the plan shows whether an index can give the
  // order at all. A full "Sort" node means the page sorts every matching paper of the volume
  // (what "desc nulls last" on a never-null column did before migration 0014).
  const planOf = async (changes: Partial<VolumeView>) => {
    const db = await getDb();
    const [volume] = queryRows<{ volume_id: number }>(await db.execute(sql`select volume_id from papers limit 1`));
    return db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      await tx.execute(sql`set local enable_sort = off`);
      const query = volumePageRows(tx, volume!.volume_id, view(changes), 50, 2);
      return queryRows<Record<string, string>>(await tx.execute(sql`explain ${query}`))
        .map((row) => Object.values(row)[0])
        .join('\n');
    });
  };

  it.each([
    ['title', /papers_volume_lower_title_idx/],
    ['correspondingAuthor', /papers_volume_lower_author_idx/],
    ['correspondingEmail', /papers_volume_email_idx/],
    ['paperKey', /papers_volume_key_unique|papers_volume_desc_key_idx/],
  ] as const)('reads papers awaiting a signature in %s order, either way, from an index (%s)', async (sort, index) => {
    for (const dir of ['asc', 'desc'] as const) {
      const plan = await planOf({ status: 'awaiting', sort, dir });
      expect(plan).toMatch(index);
      expect(plan).not.toMatch(/(^|->)\s*Sort\s+\(cost/m);
    }
  });
});

import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';

import { getDb, queryRows } from '@/db/client';
import { NotFoundError, UnauthenticatedError } from '@/lib/errors';
import { paperRow, seedAgreementTemplate, seedPapers, seedUser } from '@/tests/factories';

import { paperMatches, searchPapers, searchTermSchema } from './paper-search';

// Volume 900: "Graph Neural Networks…" (k1) and "Kernel Methods…" (k2); volume 901: "Graph
// Sampling…" (m1), whose second author is Zoë Ångström; volume 902 holds 60 "Bulk study" papers.
beforeAll(async () => {
  await seedAgreementTemplate();
  await seedPapers([
    paperRow({ volume: 900, paperKey: 'k1', title: 'Graph Neural Networks at 100% Scale', correspondingAuthorEmail: 'ada@uni.example' }),
    paperRow({ volume: 900, paperKey: 'k2', title: 'Kernel Methods', authors: ['Alan Graph', 'Bo Li'], correspondingAuthorName: 'Alan Graph' }),
    paperRow({
      volume: 901,
      paperKey: 'm1',
      title: 'Graph Sampling',
      authors: ['Mia Wong', 'Zoë Ångström'],
      correspondingAuthorName: 'Mia Wong',
      correspondingAuthorEmail: 'mia@lab.example',
    }),
    ...Array.from({ length: 60 }, (_, index) => paperRow({ volume: 902, paperKey: `b${String(index).padStart(2, '0')}`, title: `Bulk study ${index}` })),
  ]);
});

const keysFor = async (user: Awaited<ReturnType<typeof seedUser>>, term: string) =>
  (await searchPapers(user, term)).hits.map((hit) => `${hit.volumeNumber}/${hit.paperKey}`);

describe('searchPapers', () => {
  it('finds papers of every volume for an admin, by title, any author or email, in any case; newest volume first', async () => {
    const admin = await seedUser('admin@example.org', 'admin');
    expect(await keysFor(admin, 'GRAPH')).toEqual(['901/m1', '900/k1', '900/k2']);
    expect(await keysFor(admin, 'ångström')).toEqual(['901/m1']);
    expect(await keysFor(admin, 'mia@lab')).toEqual(['901/m1']);
    expect(await keysFor(admin, '100%')).toEqual(['900/k1']);
    expect(await keysFor(admin, '1_0')).toEqual([]);
    const [hit] = (await searchPapers(admin, 'kernel methods')).hits;
    expect(hit).toMatchObject({ volumeNumber: 900, volumeName: 'Test Volume', title: 'Kernel Methods', correspondingAuthorName: 'Alan Graph', status: 'awaiting' });
  });

  it('shows an editor only the volumes they edit', async () => {
    const editor = await seedUser('editor-900@example.org', 'editor', [900]);
    expect(await keysFor(editor, 'graph')).toEqual(['900/k1', '900/k2']);
    expect(await keysFor(editor, 'mia@lab')).toEqual([]);
    const other = await seedUser('editor-901@example.org', 'editor', [901]);
    expect(await keysFor(other, 'graph')).toEqual(['901/m1']);
  });

  it('refuses anyone who is not an editor, and a visitor', async () => {
    const author = await seedUser('ada@uni.example');
    await expect(searchPapers(author, 'graph')).rejects.toBeInstanceOf(NotFoundError);
    await expect(searchPapers(null, 'graph')).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('never matches across two fields (the end of a title and the start of a name)', async () => {
    const admin = await seedUser('admin@example.org', 'admin');
    expect(await keysFor(admin, 'scale ada')).toEqual([]);
    expect(await keysFor(admin, 'sampling mia')).toEqual([]);
  });

  it('returns at most the limit, and says more match', async () => {
    const admin = await seedUser('admin@example.org', 'admin');
    const some = await searchPapers(admin, 'bulk study', 50);
    expect(some.hits).toHaveLength(50);
    expect(some.more).toBe(true);
    expect(some.hits[0]!.paperKey).toBe('b00');
    const all = await searchPapers(admin, 'bulk study 5', 50);
    expect(all.hits.map((hit) => hit.paperKey)).toEqual(['b05', 'b50', 'b51', 'b52', 'b53', 'b54', 'b55', 'b56', 'b57', 'b58', 'b59']);
    expect(all.more).toBe(false);
    expect(await searchPapers(admin, '')).toEqual({ hits: [], more: false, tooShort: false });
    // Two characters have no trigram: nothing is read, and the page asks for more.
    expect(await searchPapers(admin, 'ra')).toEqual({ hits: [], more: false, tooShort: true });
    expect(await keysFor(admin, 'Li')).toEqual([]);
    expect((await searchPapers(admin, 'Ång')).hits.map((hit) => hit.paperKey)).toEqual(['m1']);
  });

  it('searches as a space for control characters, and for nothing past 200 characters', () => {
    expect(searchTermSchema.parse('graph\u0000neural ')).toBe('graph neural');
    expect(searchTermSchema.parse('x'.repeat(201))).toBe('');
    expect(searchTermSchema.parse(['graph'])).toBe('');
  });

  it('is answered from the trigram index, not by reading every paper', async () => {
    const db = await getDb();
    const plan = await db.transaction(async (tx) => {
      // The table is tiny, so the planner would rightly scan it; forbid that to see whether the
      // index applies at all (it does only if paperMatches writes the indexed expression exactly).
      await tx.execute(sql`set local enable_seqscan = off`);
      return queryRows<Record<string, string>>(await tx.execute(sql`explain select id from papers where ${paperMatches('neural')}`));
    });
    expect(plan.map((row) => Object.values(row)[0]).join('\n')).toContain('papers_search_trgm_idx');
  });
});

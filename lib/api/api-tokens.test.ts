import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { getDb, queryRows } from '@/db/client';
import { apiTokens, papers, volumeEditors, volumes } from '@/db/schema';
import { requireTokenVolume } from '@/lib/auth/authorization';
import { consumeLimit, peekLimit } from '@/lib/rate-limit/rate-limiter';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { loadUser } from '@/lib/auth/load-user';
import { paperRow, seedPapers, seedUser, seedVolume, signPaperAs, testRequestContext } from '@/tests/factories';

import { authenticateApiToken, createApiToken, hashApiToken, listApiTokens, revokeApiToken } from './api-tokens';
import { getPipelineSignaturePdf, listPipelinePapers } from './pipeline-papers';

let nextVolume = 8500;

async function twoVolumes() {
  const a = nextVolume;
  const b = nextVolume + 1;
  nextVolume += 2;
  await seedVolume(a, `Token A ${a}`);
  await seedVolume(b, `Token B ${b}`);
  await seedPapers([paperRow({ volume: a }), paperRow({ volume: a }), paperRow({ volume: a }), paperRow({ volume: b })]);
  const db = await getDb();
  const rows = await db.select({ paper: papers, number: volumes.number }).from(papers).innerJoin(volumes, eq(volumes.id, papers.volumeId));
  const ofA = rows.filter((row) => row.number === a).map((row) => row.paper);
  const ofB = rows.filter((row) => row.number === b).map((row) => row.paper);
  const editorOfA = await seedUser(`token-editor-${a}@example.org`, 'editor', [a]);
  return { a, b, ofA, ofB, editorOfA };
}

describe('API tokens', () => {
  it('are shown once and stored only as their SHA-256', async () => {
    const { a, editorOfA } = await twoVolumes();
    const { id, token } = await createApiToken(editorOfA, { name: 'proceedings build', volumeNumbers: [a] }, testRequestContext);
    expect(token).toMatch(/^pmlr_[A-Za-z0-9_-]{43}$/);
    const db = await getDb();
    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
    expect(row!.tokenSha256).toBe(hashApiToken(token));
    const [leak] = queryRows<{ count: number }>(
      await db.execute(sql`select count(*)::int as count from api_tokens t where row_to_json(t)::text like ${`%${token.slice(5)}%`}`),
    );
    expect(leak!.count).toBe(0);
    expect((await listApiTokens(editorOfA)).map((view) => view.name)).toContain('proceedings build');

    const principal = await authenticateApiToken(token);
    expect(principal?.tokenId).toBe(id);
    expect(await authenticateApiToken(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    expect(await authenticateApiToken('Bearer nonsense')).toBeNull();

    await revokeApiToken(editorOfA, id, testRequestContext);
    expect(await authenticateApiToken(token)).toBeNull();
  });

  it('read only their own volumes, and only while their creator edits them', async () => {
    const { a, b, ofA, editorOfA } = await twoVolumes();
    // An editor cannot create a token for a volume they do not edit.
    await expect(createApiToken(editorOfA, { name: 'too wide', volumeNumbers: [a, b] }, testRequestContext)).rejects.toMatchObject({ code: 'not-found' });

    const { token } = await createApiToken(editorOfA, { name: 'volume A', volumeNumbers: [a] }, testRequestContext);
    const principal = (await authenticateApiToken(token))!;
    await expect(requireTokenVolume(principal, b)).rejects.toMatchObject({ code: 'not-found' });
    await expect(listPipelinePapers(principal, b, { limit: 10 })).rejects.toMatchObject({ code: 'not-found' });

    const signature = await signPaperAs(ofA[0]!.correspondingAuthorEmail, ofA[0]!.id);
    const page = await listPipelinePapers(principal, a, { limit: 2 });
    expect(page.papers).toHaveLength(2);
    expect(page.nextCursor).not.toBeNull();
    const rest = await listPipelinePapers(principal, a, { limit: 2, cursor: page.nextCursor! });
    expect(rest.nextCursor).toBeNull();
    const all = [...page.papers, ...rest.papers];
    expect(all.map((paper) => paper.key).sort()).toEqual(ofA.map((paper) => paper.paperKey).sort());
    expect(all.find((paper) => paper.signatureId === signature.id)).toMatchObject({ status: 'signed', pdfSha256: signature.pdfSha256, agreementVersion: 1 });
    await expect(listPipelinePapers(principal, a, { limit: 2, cursor: 'forged' })).rejects.toMatchObject({ code: 'invalid' });
    expect((await getPipelineSignaturePdf(principal, signature.id))?.pdfSha256).toBe(signature.pdfSha256);

    // The editor loses volume A: the token reads nothing any more.
    const db = await getDb();
    await db.transaction(async (tx) => {
      const [volume] = await tx.select().from(volumes).where(eq(volumes.number, a));
      await appendAuditEvent(tx, { action: 'editor.removed', volumeId: volume!.id, details: { editorUserId: editorOfA.id, volume: a } });
      await tx.delete(volumeEditors).where(eq(volumeEditors.userId, editorOfA.id));
    });
    expect(await loadUser(editorOfA.id)).toMatchObject({ editorOfVolumeIds: [] });
    const after = (await authenticateApiToken(token))!;
    await expect(listPipelinePapers(after, a, { limit: 10 })).rejects.toMatchObject({ code: 'not-found' });
    expect(await getPipelineSignaturePdf(after, signature.id)).toBeNull();
  });

  it('of one editor cannot be revoked by another', async () => {
    const { a, editorOfA } = await twoVolumes();
    const { id } = await createApiToken(editorOfA, { name: 'mine', volumeNumbers: [a] }, testRequestContext);
    const other = await seedUser(`other-token-editor-${a}@example.org`, 'editor', [a]);
    await expect(revokeApiToken(other, id, testRequestContext)).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('rate limits in the database', () => {
  it('refuse the request past the limit with the time to wait', async () => {
    const key = crypto.randomUUID();
    for (let index = 0; index < 3; index += 1) expect(await consumeLimit('test', key, 3, 60)).toMatchObject({ allowed: true });
    const refused = await consumeLimit('test', key, 3, 60);
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(await consumeLimit('test', crypto.randomUUID(), 3, 60)).toMatchObject({ allowed: true });
  });

  it('can be looked at without spending, for a key never seen and one used up', async () => {
    const key = crypto.randomUUID();
    expect(await peekLimit('peek', key, 2, 60)).toEqual({ allowed: true, remaining: 2 });
    await consumeLimit('peek', key, 2, 60);
    expect(await peekLimit('peek', key, 2, 60)).toEqual({ allowed: true, remaining: 1 });
    await consumeLimit('peek', key, 2, 60);
    expect(await peekLimit('peek', key, 2, 60)).toMatchObject({ allowed: false });
  });
});

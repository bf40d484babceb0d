import 'server-only';

import { randomBytes } from 'node:crypto';

import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';

import { getDb } from '@/db/client';
import { apiTokenVolumes, apiTokens, users, volumes, type Volume } from '@/db/schema';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { requireEditor, requireVolumeEditor } from '@/lib/auth/authorization';
import { loadUser } from '@/lib/auth/load-user';
import type { RequestContext } from '@/lib/auth/request-context';
import { mayEditVolume, type CurrentUser } from '@/lib/auth/roles';
import { sha256Hex } from '@/lib/crypto/sha256';
import { NotFoundError, ValidationError } from '@/lib/errors';
import { isUuid } from '@/lib/uuid';

// API tokens (docs/decisions/008-the-proceedings-pipeline.md): 32 random bytes behind a "pmlr_"
// prefix (so a leaked one is recognisable in logs and secret scanners), shown once. Only the
// SHA-256 is stored: a token has 256 bits of entropy, so a fast hash cannot be brute-forced, and
// the database alone never yields a usable token. A token reads only the volumes it was created
// for, and only while its creator still edits them.

const TOKEN_PREFIX = 'pmlr_';

export const apiTokenNameSchema = z
  .string()
  .transform((value) => value.replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(1, 'Give the token a name, such as “proceedings build”.').max(100, 'Keep the name under 100 characters.'));

export function hashApiToken(token: string): string {
  return sha256Hex(token);
}

export function looksLikeApiToken(value: string): boolean {
  return /^pmlr_[A-Za-z0-9_-]{43}$/.test(value);
}

/** Creates a token for some of the volumes this user edits; returns it once. */
export async function createApiToken(
  user: CurrentUser | null,
  input: { name: string; volumeNumbers: number[] },
  context: RequestContext,
): Promise<{ id: string; token: string }> {
  requireEditor(user);
  const name = apiTokenNameSchema.safeParse(input.name);
  if (!name.success) throw new ValidationError(name.error.issues[0]!.message);
  const numbers = [...new Set(input.volumeNumbers)];
  if (numbers.length === 0) throw new ValidationError('Choose at least one volume the token may read.');
  const scoped: Volume[] = [];
  for (const number of numbers) scoped.push(await requireVolumeEditor(user, number));
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const db = await getDb();
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ name: name.data, tokenSha256: hashApiToken(token), displayPrefix: token.slice(0, 9), createdByUserId: user.id })
      .returning({ id: apiTokens.id });
    await tx.insert(apiTokenVolumes).values(scoped.map((volume) => ({ tokenId: row!.id, volumeId: volume.id })));
    await appendAuditEvent(tx, {
      action: 'api_token.created',
      actorUserId: user.id,
      actorEmail: user.email,
      ipAddress: context.ipAddress,
      userAgent: context.userAgent,
      details: { tokenId: row!.id, name: name.data, volumes: scoped.map((volume) => volume.number) },
    });
    return row!.id;
  });
  return { id, token };
}

/** Revokes a token: its creator, or an admin. Another editor's token is "not found". */
export async function revokeApiToken(user: CurrentUser | null, tokenId: string, context: RequestContext): Promise<void> {
  requireEditor(user);
  if (!isUuid(tokenId)) throw new NotFoundError();
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(apiTokens)
      .set({ revokedAt: sql`now()` })
      .where(
        and(
          eq(apiTokens.id, tokenId),
          isNull(apiTokens.revokedAt),
          user.isAdmin ? undefined : eq(apiTokens.createdByUserId, user.id),
        ),
      )
      .returning({ id: apiTokens.id, name: apiTokens.name });
    if (!revoked) throw new NotFoundError();
    await appendAuditEvent(tx, {
      action: 'api_token.revoked',
      actorUserId: user.id,
      actorEmail: user.email,
      ipAddress: context.ipAddress,
      userAgent: context.userAgent,
      details: { tokenId: revoked.id, name: revoked.name },
    });
  });
}

export type ApiTokenView = {
  id: string;
  name: string;
  displayPrefix: string;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  volumes: number[];
};

/** The tokens this user created (an admin: every token). Never the token itself. */
export async function listApiTokens(user: CurrentUser | null): Promise<ApiTokenView[]> {
  requireEditor(user);
  const db = await getDb();
  const rows = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      displayPrefix: apiTokens.displayPrefix,
      createdBy: users.email,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.createdByUserId))
    .where(user.isAdmin ? undefined : eq(apiTokens.createdByUserId, user.id))
    .orderBy(desc(apiTokens.createdAt));
  const scopes = rows.length
    ? await db
        .select({ tokenId: apiTokenVolumes.tokenId, number: volumes.number })
        .from(apiTokenVolumes)
        .innerJoin(volumes, eq(volumes.id, apiTokenVolumes.volumeId))
        .where(
          inArray(
            apiTokenVolumes.tokenId,
            rows.map((row) => row.id),
          ),
        )
    : [];
  return rows.map((row) => ({
    ...row,
    volumes: scopes
      .filter((scope) => scope.tokenId === row.id)
      .map((scope) => scope.number)
      .sort((a, b) => a - b),
  }));
}

/** Who a bearer token speaks for: its creator, limited to the token's volumes they still edit. */
export type ApiPrincipal = { tokenId: string; user: CurrentUser; volumeIds: number[] };

/** The principal of a presented token, or null (unknown, malformed, revoked, or its creator gone). */
export async function authenticateApiToken(presented: string): Promise<ApiPrincipal | null> {
  if (!looksLikeApiToken(presented)) return null;
  const db = await getDb();
  const [row] = await db
    .select({ id: apiTokens.id, userId: apiTokens.createdByUserId, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenSha256, hashApiToken(presented)), isNull(apiTokens.revokedAt)));
  if (!row) return null;
  const user = await loadUser(row.userId);
  if (!user) return null;
  const scoped = await db.select({ volumeId: apiTokenVolumes.volumeId }).from(apiTokenVolumes).where(eq(apiTokenVolumes.tokenId, row.id));
  // "Last used" to the minute: no write on every request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: sql`now()` }).where(eq(apiTokens.id, row.id));
  }
  return { tokenId: row.id, user, volumeIds: scoped.map((scope) => scope.volumeId).filter((volumeId) => mayEditVolume(user, volumeId)) };
}

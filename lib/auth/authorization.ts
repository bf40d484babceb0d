import 'server-only';

import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

import { getDb } from '@/db/client';
import { papers, volumes, type Paper, type Volume } from '@/db/schema';
import { NotFoundError, UnauthenticatedError } from '@/lib/errors';
import { isUuid } from '@/lib/uuid';

import { isEditor, mayEditVolume, type CurrentUser } from './roles';

// The one place that says who may act on what. Every page, server action and route handler
// reaches the data through these (directly or through a domain function that calls them):
//   requireUser           signed in at all
//   requireAdmin          manages people, volumes and agreement versions
//   requireEditor         sees the editor pages (admin, or editor of some volume)
//   requireVolumeEditor   acts on this volume
//   requirePaperEditor    acts on this paper (through its volume)
//   editableVolumes()     the same as a query predicate, for lists
//   correspondingAuthorOf the papers this user may read and sign as their author
//   authorOfPaper         …and the papers whose active signature is theirs (kept after a move)
//   requireTokenVolume    an API token reads this volume (one of its volumes its creator still edits)
//   tokenVolumes()        the same as a query predicate
// A refusal is a NotFoundError: to someone without access, another volume's page and a
// missing one are the same 404.

export function requireUser(user: CurrentUser | null | undefined): asserts user is CurrentUser {
  if (!user) throw new UnauthenticatedError();
}

export function requireAdmin(user: CurrentUser | null | undefined): asserts user is CurrentUser {
  requireUser(user);
  if (!user.isAdmin) throw new NotFoundError();
}

export function requireEditor(user: CurrentUser | null | undefined): asserts user is CurrentUser {
  requireUser(user);
  if (!isEditor(user)) throw new NotFoundError();
}

/** SQL predicate on `volumes.id`: the volumes this user edits (all of them for an admin). */
export function editableVolumes(user: CurrentUser, column: AnyPgColumn = volumes.id): SQL {
  if (user.isAdmin) return sql`true`;
  if (user.editorOfVolumeIds.length === 0) return sql`false`;
  return inArray(column, [...user.editorOfVolumeIds]);
}

/** SQL predicate on `papers`: this user is the paper's corresponding author (by their email). */
export function correspondingAuthorOf(user: CurrentUser): SQL {
  return eq(papers.correspondingAuthorEmail, user.email);
}

/**
 * SQL predicate on `papers`: the corresponding author, or the signer (by user id) of the paper's
 * active signature. An import that gives a signed paper another corresponding author does not
 * take from its signer what they signed.
 */
export function authorOfPaper(user: CurrentUser): SQL {
  // = any(array(…)): evaluated once, so both branches can use an index (email; primary key).
  return sql`(${correspondingAuthorOf(user)} or ${papers.id} = any(array(select s.paper_id from signatures s
    where s.user_id = ${user.id} and not exists (select 1 from signature_voids v where v.signature_id = s.id))))`;
}

/** The volume with this number, if this user edits it; otherwise 404. */
export async function requireVolumeEditor(user: CurrentUser | null | undefined, volumeNumber: number): Promise<Volume> {
  requireEditor(user);
  if (!Number.isInteger(volumeNumber) || volumeNumber < 1 || volumeNumber > 2_147_483_647) throw new NotFoundError();
  const db = await getDb();
  const [volume] = await db
    .select()
    .from(volumes)
    .where(and(eq(volumes.number, volumeNumber), editableVolumes(user)));
  if (!volume || !mayEditVolume(user, volume.id)) throw new NotFoundError();
  return volume;
}

/** The paper with this id and its volume, if this user edits that volume; otherwise 404. */
export async function requirePaperEditor(
  user: CurrentUser | null | undefined,
  paperId: string,
): Promise<{ paper: Paper; volume: Volume }> {
  requireEditor(user);
  if (!isUuid(paperId)) throw new NotFoundError();
  const db = await getDb();
  const [row] = await db
    .select({ paper: papers, volume: volumes })
    .from(papers)
    .innerJoin(volumes, eq(volumes.id, papers.volumeId))
    .where(and(eq(papers.id, paperId), editableVolumes(user)));
  if (!row || !mayEditVolume(user, row.volume.id)) throw new NotFoundError();
  return row;
}

/** Who an API bearer token speaks for (lib/api/api-tokens.ts authenticates it). */
export type TokenPrincipal = { tokenId: string; user: CurrentUser; volumeIds: readonly number[] };

/** SQL predicate on a volume id column: the volumes this token may read. */
export function tokenVolumes(principal: TokenPrincipal, column: AnyPgColumn = volumes.id): SQL {
  const readable = principal.volumeIds.filter((volumeId) => mayEditVolume(principal.user, volumeId));
  return readable.length === 0 ? sql`false` : inArray(column, readable);
}

/** The volume with this number, if the token may read it; otherwise 404 (as for a missing one). */
export async function requireTokenVolume(principal: TokenPrincipal, volumeNumber: number): Promise<Volume> {
  if (!Number.isInteger(volumeNumber) || volumeNumber < 1 || volumeNumber > 2_147_483_647) throw new NotFoundError();
  const db = await getDb();
  const [volume] = await db
    .select()
    .from(volumes)
    .where(and(eq(volumes.number, volumeNumber), tokenVolumes(principal)));
  if (!volume) throw new NotFoundError();
  return volume;
}

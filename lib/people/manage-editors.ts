import 'server-only';

import { and, eq } from 'drizzle-orm';
import { z } from 'zod';

import { getDb, type Tx } from '@/db/client';
import { users, volumeEditors, volumes } from '@/db/schema';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { requireAdmin } from '@/lib/auth/authorization';
import type { RequestContext } from '@/lib/auth/request-context';
import type { CurrentUser } from '@/lib/auth/roles';
import { getEnv } from '@/lib/env';
import { isNfkcStable } from '@/lib/text/unsafe-characters';

export type PeopleChangeResult = { ok: true; message: string } | { ok: false; message: string; fieldErrors?: Record<string, string[]> };

export const personEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'Enter an email address.')
  .max(320, 'That email address is too long.')
  .refine(isNfkcStable, 'That email address contains full-width or look-alike characters; type it in plain characters.')
  .pipe(z.email('Enter a valid email address, like name@university.edu.'));

/** The user with this email, created (as a plain author) if the portal has not met them yet. */
async function ensureUser(tx: Tx, email: string, name: string | null) {
  const [existing] = await tx.select().from(users).where(eq(users.email, email));
  if (existing) return existing;
  const [created] = await tx.insert(users).values({ email, name }).returning();
  return created!;
}

/** Makes someone an editor of a volume (an admin's act, with an audit event). */
export async function addVolumeEditor(
  admin: CurrentUser | null,
  input: { email: string; name?: string; volumeNumber: number },
  context: RequestContext,
): Promise<PeopleChangeResult> {
  requireAdmin(admin);
  const email = personEmailSchema.safeParse(input.email);
  if (!email.success) return { ok: false, message: 'Check the email address.', fieldErrors: { email: [email.error.issues[0]!.message] } };
  const name = input.name?.replace(/\s+/g, ' ').trim().slice(0, 200) || null;
  const db = await getDb();
  return db.transaction(async (tx): Promise<PeopleChangeResult> => {
    const [volume] = await tx.select().from(volumes).where(eq(volumes.number, input.volumeNumber));
    if (!volume) return { ok: false, message: 'Choose a volume.', fieldErrors: { volume: ['Choose a volume.'] } };
    const user = await ensureUser(tx, email.data, name);
    const [added] = await tx
      .insert(volumeEditors)
      .values({ volumeId: volume.id, userId: user.id, addedByUserId: admin.id })
      .onConflictDoNothing()
      .returning();
    if (!added) return { ok: true, message: `${email.data} already edits volume ${volume.number}.` };
    await appendAuditEvent(tx, {
      action: 'editor.added',
      actorUserId: admin.id,
      actorEmail: admin.email,
      volumeId: volume.id,
      ipAddress: context.ipAddress,
      userAgent: context.userAgent,
      details: { editorUserId: user.id, editorEmail: user.email, volume: volume.number },
    });
    return { ok: true, message: `${email.data} is now an editor of volume ${volume.number}. They can sign in with that address.` };
  });
}

/** Takes a volume away from an editor (an admin's act, with an audit event). */
export async function removeVolumeEditor(
  admin: CurrentUser | null,
  input: { userId: string; volumeNumber: number },
  context: RequestContext,
): Promise<PeopleChangeResult> {
  requireAdmin(admin);
  const db = await getDb();
  return db.transaction(async (tx): Promise<PeopleChangeResult> => {
    const [row] = await tx
      .select({ volumeId: volumes.id, volumeNumber: volumes.number, email: users.email })
      .from(volumeEditors)
      .innerJoin(volumes, eq(volumes.id, volumeEditors.volumeId))
      .innerJoin(users, eq(users.id, volumeEditors.userId))
      .where(and(eq(volumeEditors.userId, input.userId), eq(volumes.number, input.volumeNumber)));
    if (!row) return { ok: false, message: 'That person does not edit that volume (any more).' };
    await tx
      .delete(volumeEditors)
      .where(and(eq(volumeEditors.userId, input.userId), eq(volumeEditors.volumeId, row.volumeId)));
    await appendAuditEvent(tx, {
      action: 'editor.removed',
      actorUserId: admin.id,
      actorEmail: admin.email,
      volumeId: row.volumeId,
      ipAddress: context.ipAddress,
      userAgent: context.userAgent,
      details: { editorUserId: input.userId, editorEmail: row.email, volume: row.volumeNumber },
    });
    return { ok: true, message: `${row.email} no longer edits volume ${row.volumeNumber}.` };
  });
}

/** Grants or revokes admin rights (an admin's act, with an audit event). ADMIN_EMAILS always stay admins. */
export async function setAdmin(
  admin: CurrentUser | null,
  input: { email: string; isAdmin: boolean },
  context: RequestContext,
): Promise<PeopleChangeResult> {
  requireAdmin(admin);
  const email = personEmailSchema.safeParse(input.email);
  if (!email.success) return { ok: false, message: 'Check the email address.', fieldErrors: { email: [email.error.issues[0]!.message] } };
  if (!input.isAdmin && email.data === admin.email) {
    return { ok: false, message: 'You cannot remove your own admin rights; ask another admin.' };
  }
  if (!input.isAdmin && getEnv().ADMIN_EMAILS.includes(email.data)) {
    return { ok: false, message: `${email.data} is an admin through ADMIN_EMAILS; remove it there.` };
  }
  const db = await getDb();
  return db.transaction(async (tx): Promise<PeopleChangeResult> => {
    const user = await ensureUser(tx, email.data, null);
    const role = input.isAdmin ? 'admin' : 'author';
    if (user.role === role) {
      return { ok: true, message: input.isAdmin ? `${email.data} is already an admin.` : `${email.data} is not an admin.` };
    }
    await tx.update(users).set({ role }).where(eq(users.id, user.id));
    await appendAuditEvent(tx, {
      action: input.isAdmin ? 'admin.granted' : 'admin.revoked',
      actorUserId: admin.id,
      actorEmail: admin.email,
      ipAddress: context.ipAddress,
      userAgent: context.userAgent,
      details: { userId: user.id, email: user.email },
    });
    return { ok: true, message: input.isAdmin ? `${email.data} is now an admin.` : `${email.data} is no longer an admin.` };
  });
}

import 'server-only';

import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';

import { getDb } from '@/db/client';
import { agreementTemplates, papers, volumes, type Volume } from '@/db/schema';
import { awaitsSignatureSql } from '@/lib/invitations/paper-contact';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { requireAdmin, requireEditor, requireVolumeEditor } from '@/lib/auth/authorization';
import type { RequestContext } from '@/lib/auth/request-context';
import type { CurrentUser } from '@/lib/auth/roles';
import { countOf } from '@/lib/format/plural';

export type VolumeChangeResult =
  { ok: true; message: string } | { ok: false; message: string; fieldErrors?: Record<string, string[]> };

export const newVolumeSchema = z.object({
  number: z.coerce
    .number({ error: 'Enter the volume number, e.g. 151.' })
    .int('The volume number is a whole number, e.g. 151.')
    .min(1, 'The volume number is 1 or more.')
    .max(2_147_483_647, 'That volume number is too large.'),
  name: z
    .string()
    .trim()
    .min(1, 'Give the volume a short name, e.g. "AISTATS 2022".')
    .max(200, 'Keep the name under 200 characters.'),
  agreementVersion: z.coerce.number().int().min(1, 'Choose an agreement version.'),
});

/** Creates an empty volume with its agreement version (admins only; editors are added after). */
export async function createVolume(
  admin: CurrentUser | null,
  input: z.input<typeof newVolumeSchema>,
  context: RequestContext,
): Promise<VolumeChangeResult> {
  requireAdmin(admin);
  const parsed = newVolumeSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      message: 'Some fields need your attention.',
      fieldErrors: z.flattenError(parsed.error).fieldErrors,
    };
  }
  const { number, name, agreementVersion } = parsed.data;
  const db = await getDb();
  return db.transaction(async (tx): Promise<VolumeChangeResult> => {
    const [template] = await tx
      .select({ version: agreementTemplates.version })
      .from(agreementTemplates)
      .where(eq(agreementTemplates.version, agreementVersion));
    if (!template)
      return {
        ok: false,
        message: 'Choose a published agreement version.',
        fieldErrors: { agreementVersion: ['Choose a published agreement version.'] },
      };
    const [created] = await tx
      .insert(volumes)
      .values({ number, name, agreementVersion })
      .onConflictDoNothing({ target: volumes.number })
      .returning();
    if (!created)
      return {
        ok: false,
        message: `Volume ${number} already exists.`,
        fieldErrors: { number: [`Volume ${number} already exists.`] },
      };
    await appendAuditEvent(tx, {
      action: 'volume.created',
      actorUserId: admin.id,
      actorEmail: admin.email,
      volumeId: created.id,
      ipAddress: context.ipAddress,
      userAgent: context.userAgent,
      details: { volume: number, name, agreementVersion },
    });
    return {
      ok: true,
      message: `Volume ${number} · ${name} created; its authors will sign version ${agreementVersion}.`,
    };
  });
}

export type VolumeAgreementChoice = {
  volume: Volume;
  versions: { version: number; title: string; createdAt: Date }[];
  /** Papers awaiting a signature: they would sign the newly chosen version. */
  awaitingCount: number;
  signedCount: number;
};

/** What the volume's agreement settings show. For the volume's editors and admins. */
export async function getVolumeAgreementChoice(
  user: CurrentUser | null,
  volumeNumber: number,
): Promise<VolumeAgreementChoice> {
  const volume = await requireVolumeEditor(user, volumeNumber);
  const db = await getDb();
  const [versions, [counts]] = await Promise.all([
    db
      .select({
        version: agreementTemplates.version,
        title: agreementTemplates.title,
        createdAt: agreementTemplates.createdAt,
      })
      .from(agreementTemplates)
      .orderBy(desc(agreementTemplates.version)),
    db
      .select({
        awaiting: sql<number>`count(*) filter (where ${awaitsSignatureSql})`.mapWith(Number),
        signed: count(papers.activeSignatureId),
      })
      .from(papers)
      .where(eq(papers.volumeId, volume.id)),
  ]);
  return { volume, versions, awaitingCount: counts?.awaiting ?? 0, signedCount: counts?.signed ?? 0 };
}

/**
 * Sets the agreement version a volume's authors sign from now on. Signed papers keep the version
 * they signed (each signature names it); only papers awaiting a signature are affected.
 */
export async function setVolumeAgreement(
  user: CurrentUser | null,
  input: { volumeNumber: number; version: number },
  context: RequestContext,
): Promise<VolumeChangeResult> {
  requireEditor(user);
  const volume = await requireVolumeEditor(user, input.volumeNumber);
  const db = await getDb();
  return db.transaction(async (tx): Promise<VolumeChangeResult> => {
    const [template] = await tx.select().from(agreementTemplates).where(eq(agreementTemplates.version, input.version));
    if (!template) return { ok: false, message: 'Choose a published agreement version.' };
    if (volume.agreementVersion === template.version) {
      return { ok: true, message: `Volume ${volume.number} already uses version ${template.version}.` };
    }
    const [{ awaiting }] = (await tx
      .select({ awaiting: count() })
      .from(papers)
      .where(and(eq(papers.volumeId, volume.id), awaitsSignatureSql))) as [
      { awaiting: number },
    ];
    await tx.update(volumes).set({ agreementVersion: template.version }).where(eq(volumes.id, volume.id));
    await appendAuditEvent(tx, {
      action: 'volume.agreement_changed',
      actorUserId: user.id,
      actorEmail: user.email,
      volumeId: volume.id,
      ipAddress: context.ipAddress,
      userAgent: context.userAgent,
      details: { volume: volume.number, from: volume.agreementVersion, to: template.version, awaitingPapers: awaiting },
    });
    return {
      ok: true,
      message: `Volume ${volume.number} now uses ${template.title}, version ${template.version}: ${countOf(awaiting, 'paper')} awaiting a signature will be signed under it. Signed papers keep their version.`,
    };
  });
}

/** Every volume with its agreement version, for admins. */
export async function listVolumesForAdmin(admin: CurrentUser | null) {
  requireAdmin(admin);
  const db = await getDb();
  return db
    .select({ id: volumes.id, number: volumes.number, name: volumes.name, agreementVersion: volumes.agreementVersion })
    .from(volumes)
    .orderBy(asc(volumes.number));
}

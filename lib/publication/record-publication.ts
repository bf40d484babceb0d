import 'server-only';

import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';

import { getDb, type Tx } from '@/db/client';
import { papers, volumes } from '@/db/schema';
import { appendAuditEvent, appendAuditEvents } from '@/lib/audit/append-audit-event';
import { requirePaperEditor, requireVolumeEditor } from '@/lib/auth/authorization';
import type { RequestContext } from '@/lib/auth/request-context';
import { mayEditVolume, type CurrentUser } from '@/lib/auth/roles';
import type { CsvProblem } from '@/lib/papers/csv-table';
import { queueWebhookEvents } from '@/lib/webhooks/queue-webhook-events';
import { publishedWebhookEvent } from '@/lib/webhooks/webhook-events';

import { publicationDateSchema, publicationUrlSchema, type PublicationRow } from './parse-publication-csv';

export const publicationSchema = z.object({ publishedOn: publicationDateSchema, url: publicationUrlSchema.transform((value) => new URL(value).href) });
export type Publication = z.infer<typeof publicationSchema>;

/** Who recorded it: a signed-in editor, or the command line. */
export type PublicationActor = { user: CurrentUser | null; context: RequestContext | null; source: 'editor' | 'command line' };

type PaperTarget = {
  id: string;
  paperKey: string;
  volumeId: number;
  volumeNumber: number;
  own: Publication | null;
  volume: Publication | null;
};

const effective = (paper: { own: Publication | null; volume: Publication | null }) => paper.own ?? paper.volume;
const same = (a: Publication | null, b: Publication | null) => a?.publishedOn === b?.publishedOn && a?.url === b?.url;

/**
 * Records, for each paper whose publication (its own, else its volume's) changed, one audit event
 * with the old and new values and, when it is now published, a paper.published webhook event.
 */
async function recordChanges(
  tx: Tx,
  changes: { paper: PaperTarget; before: Publication | null; after: Publication | null; via: 'paper' | 'volume' }[],
  actor: PublicationActor,
): Promise<void> {
  const real = changes.filter((change) => !same(change.before, change.after));
  if (real.length === 0) return;
  const events = await appendAuditEvents(
    tx,
    real.map((change) => ({
      action: change.after ? 'paper.published' : 'paper.publication_cleared',
      actorUserId: actor.user?.id ?? null,
      actorEmail: actor.user?.email ?? null,
      paperId: change.paper.id,
      volumeId: change.paper.volumeId,
      ipAddress: actor.context?.ipAddress ?? null,
      userAgent: actor.context?.userAgent ?? null,
      details: { publishedOn: change.after?.publishedOn ?? null, url: change.after?.url ?? null, previous: change.before, via: change.via, source: actor.source },
    })),
  );
  await queueWebhookEvents(
    tx,
    real.flatMap((change, index) =>
      change.after
        ? [publishedWebhookEvent(change.paper, change.after, { auditSequence: events[index]!.sequence, occurredAt: events[index]!.occurredAt })]
        : [],
    ),
  );
}

async function paperTargets(tx: Tx, where: ReturnType<typeof and>): Promise<PaperTarget[]> {
  const rows = await tx
    .select({
      id: papers.id,
      paperKey: papers.paperKey,
      volumeId: papers.volumeId,
      volumeNumber: volumes.number,
      ownOn: papers.publishedOn,
      ownUrl: papers.publishedUrl,
      volumeOn: volumes.publishedOn,
      volumeUrl: volumes.proceedingsUrl,
    })
    .from(papers)
    .innerJoin(volumes, eq(volumes.id, papers.volumeId))
    .where(where)
    .for('update', { of: papers });
  return rows.map((row) => ({
    id: row.id,
    paperKey: row.paperKey,
    volumeId: row.volumeId,
    volumeNumber: row.volumeNumber,
    own: row.ownOn && row.ownUrl ? { publishedOn: row.ownOn, url: row.ownUrl } : null,
    volume: row.volumeOn && row.volumeUrl ? { publishedOn: row.volumeOn, url: row.volumeUrl } : null,
  }));
}

/**
 * The volume's proceedings are out: its date and URL, which every paper without a date of its own
 * takes. `null` clears it. Each paper whose publication changes gets its own audit event.
 */
export async function setVolumePublication(
  user: CurrentUser | null,
  input: { volumeNumber: number; publication: Publication | null },
  context: RequestContext,
): Promise<{ changedPapers: number }> {
  const volume = await requireVolumeEditor(user, input.volumeNumber);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const targets = await paperTargets(tx, and(eq(papers.volumeId, volume.id), eq(papers.status, 'accepted')));
    const before = targets.length ? targets[0]!.volume : volume.publishedOn && volume.proceedingsUrl ? { publishedOn: volume.publishedOn, url: volume.proceedingsUrl } : null;
    if (same(before, input.publication)) return { changedPapers: 0 };
    await tx
      .update(volumes)
      .set({ publishedOn: input.publication?.publishedOn ?? null, proceedingsUrl: input.publication?.url ?? null })
      .where(eq(volumes.id, volume.id));
    await appendAuditEvent(tx, {
      action: input.publication ? 'volume.published' : 'volume.publication_cleared',
      actorUserId: user!.id,
      actorEmail: user!.email,
      volumeId: volume.id,
      ipAddress: context.ipAddress,
      userAgent: context.userAgent,
      details: { publishedOn: input.publication?.publishedOn ?? null, url: input.publication?.url ?? null, previous: before },
    });
    const changes = targets.map((paper) => ({
      paper,
      before: effective(paper),
      after: effective({ own: paper.own, volume: input.publication }),
      via: 'volume' as const,
    }));
    await recordChanges(tx, changes, { user, context, source: 'editor' });
    return { changedPapers: changes.filter((change) => !same(change.before, change.after)).length };
  });
}

/** A paper's own publication date and URL (null: it follows its volume's). */
export async function setPaperPublication(
  user: CurrentUser | null,
  input: { paperId: string; publication: Publication | null },
  context: RequestContext,
): Promise<{ changed: boolean }> {
  const { paper } = await requirePaperEditor(user, input.paperId);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [target] = await paperTargets(tx, and(eq(papers.id, paper.id)));
    if (!target || same(target.own, input.publication)) return { changed: false };
    await tx
      .update(papers)
      .set({ publishedOn: input.publication?.publishedOn ?? null, publishedUrl: input.publication?.url ?? null, updatedAt: sql`now()` })
      .where(eq(papers.id, paper.id));
    const after = effective({ own: input.publication, volume: target.volume });
    await recordChanges(tx, [{ paper: target, before: effective(target), after, via: 'paper' }], { user, context, source: 'editor' });
    return { changed: true };
  });
}

export type PublicationPlan = {
  problems: CsvProblem[];
  /** Papers whose own publication the file sets or changes. */
  toChange: { line: number; volume: number; paperKey: string; before: Publication | null; after: Publication }[];
  unchanged: number;
};

/**
 * What a publication file would do: each row must name a paper of a volume this user (or the
 * command line: null) may edit. Nothing is written.
 */
export async function planPublicationRows(tx: Tx, user: CurrentUser | null, rows: PublicationRow[]): Promise<PublicationPlan & { targets: Map<string, PaperTarget> }> {
  const numbers = [...new Set(rows.map((row) => row.volume))];
  const found = numbers.length ? await tx.select({ id: volumes.id, number: volumes.number }).from(volumes).where(inArray(volumes.number, numbers)) : [];
  const allowed = new Map(found.filter((volume) => user === null || mayEditVolume(user, volume.id)).map((volume) => [volume.number, volume.id]));
  const problems: CsvProblem[] = [];
  const targets = new Map<string, PaperTarget>();
  const allowedIds = [...allowed.values()];
  // Chunked: a volume has at most a few thousand papers, but a file may name several volumes.
  const keys = rows.filter((row) => allowed.has(row.volume)).map((row) => row.paperKey);
  for (let start = 0; start < keys.length; start += 5000) {
    const chunk = keys.slice(start, start + 5000);
    for (const target of await paperTargets(tx, and(inArray(papers.volumeId, allowedIds), inArray(papers.paperKey, chunk)))) {
      targets.set(`${target.volumeNumber}/${target.paperKey}`, target);
    }
  }
  const toChange: PublicationPlan['toChange'] = [];
  let unchanged = 0;
  for (const row of rows) {
    if (!allowed.has(row.volume)) {
      problems.push({ line: row.line, message: `volume ${row.volume} is not one of your volumes` });
      continue;
    }
    const target = targets.get(`${row.volume}/${row.paperKey}`);
    if (!target) {
      problems.push({ line: row.line, message: `volume ${row.volume} has no paper "${row.paperKey}"` });
      continue;
    }
    const after = { publishedOn: row.publishedOn, url: row.url };
    if (same(target.own, after)) unchanged += 1;
    else toChange.push({ line: row.line, volume: row.volume, paperKey: row.paperKey, before: effective(target), after });
  }
  return { problems, toChange, unchanged, targets };
}

/** Applies a publication file in one transaction (all or nothing); a second run changes nothing. */
export async function applyPublicationRows(
  rows: PublicationRow[],
  actor: PublicationActor,
  options: { dryRun?: boolean } = {},
): Promise<PublicationPlan> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { targets, ...plan } = await planPublicationRows(tx, actor.user, rows);
    if (plan.problems.length > 0 || options.dryRun || plan.toChange.length === 0) return plan;
    for (const change of plan.toChange) {
      await tx
        .update(papers)
        .set({ publishedOn: change.after.publishedOn, publishedUrl: change.after.url, updatedAt: sql`now()` })
        .where(eq(papers.id, targets.get(`${change.volume}/${change.paperKey}`)!.id));
    }
    await recordChanges(
      tx,
      plan.toChange.map((change) => ({ paper: targets.get(`${change.volume}/${change.paperKey}`)!, before: change.before, after: change.after, via: 'paper' as const })),
      actor,
    );
    return plan;
  });
}

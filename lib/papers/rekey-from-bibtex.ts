import 'server-only';

import { parse } from '@retorquere/bibtex-parser';
import { and, eq, inArray, sql } from 'drizzle-orm';

import { getDb, type DbOrTx } from '@/db/client';
import { papers, signatures } from '@/db/schema';
import { activeSignatureOfPaper } from '@/lib/agreements/active-signature';
import { appendAuditEvents } from '@/lib/audit/append-audit-event';
import { requireVolumeEditor } from '@/lib/auth/authorization';
import type { RequestContext } from '@/lib/auth/request-context';
import type { CurrentUser } from '@/lib/auth/roles';
import { ValidationError } from '@/lib/errors';

// PMLR keys (turner10a) exist once the chairs build the volume's BibTeX. Importing that file gives
// each paper its key: an entry matches a paper by its `openreview` field (the forum id an
// OpenReview import kept), else by normalised title. The editor sees exact matches, ambiguous
// and unmatched entries, resolves those by hand, and confirms; each re-keyed paper gets an audit
// event. Signatures are untouched: a signed record keeps the title and authors it was signed with.

export type BibEntry = { key: string; title: string; authors: string[]; openreview: string | null };

/** Lower case, accents and LaTeX leftovers removed, punctuation as spaces: how titles are compared. */
export function normaliseTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[{}\\$]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A PMLR key from a citation key: PMLR's published files prefix it with "pmlr-v151-". */
export function pmlrKey(citationKey: string): string {
  return citationKey.replace(/^pmlr-v\d+-/, '');
}

export function parseBibtex(input: string): { ok: true; entries: BibEntry[] } | { ok: false; problems: string[] } {
  let library: ReturnType<typeof parse>;
  try {
    library = parse(input, { sentenceCase: false });
  } catch (error) {
    return { ok: false, problems: [`the file is not BibTeX: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const problems = library.errors.map((error) => `${'line' in error && error.line ? `line ${String(error.line)}: ` : ''}${error.error}`);
  const entries: BibEntry[] = [];
  for (const entry of library.entries) {
    const key = pmlrKey(entry.key);
    // The parser turns {\"u} into u and a combining mark: NFC makes it the ü people type.
    const title = typeof entry.fields.title === 'string' ? entry.fields.title.normalize('NFC') : '';
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(key)) problems.push(`entry “${entry.key}”: a PMLR key may only contain letters, digits, ".", "_" and "-"`);
    else if (!title) problems.push(`entry “${entry.key}” has no title`);
    else {
      const authors = Array.isArray(entry.fields.author)
        ? entry.fields.author.map((name) => ([name.firstName, name.lastName].filter(Boolean).join(' ') || name.name || '').normalize('NFC'))
        : [];
      const openreview = typeof entry.fields.openreview === 'string' ? entry.fields.openreview : null;
      entries.push({ key, title, authors, openreview });
    }
  }
  const seen = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.key)) problems.push(`the key “${entry.key}” appears twice`);
    seen.add(entry.key);
  }
  if (entries.length === 0 && problems.length === 0) problems.push('the file has no entries');
  return problems.length > 0 ? { ok: false, problems } : { ok: true, entries };
}

type VolumePaper = { id: string; paperKey: string; title: string; openreviewForumId: string | null; titleAtSigning: string | null };

export type RekeyPlan = {
  /** Entries matched to exactly one paper: its key changes (or is already right). */
  matched: { entry: BibEntry; paper: VolumePaper; by: 'openreview' | 'title'; signedTitleDiffers: boolean }[];
  /** Entries whose title fits several papers: the editor chooses. */
  ambiguous: { entry: BibEntry; candidates: VolumePaper[] }[];
  /** Entries that fit no paper: the editor may assign one, or leave them. */
  unmatched: { entry: BibEntry }[];
  /** Papers no entry matched (the choices for unmatched entries). */
  unclaimed: VolumePaper[];
};

async function volumePapers(db: DbOrTx, volumeId: number): Promise<VolumePaper[]> {
  return db
    .select({
      id: papers.id,
      paperKey: papers.paperKey,
      title: papers.title,
      openreviewForumId: papers.openreviewForumId,
      titleAtSigning: signatures.titleAtSigning,
    })
    .from(papers)
    .leftJoin(signatures, activeSignatureOfPaper())
    .where(eq(papers.volumeId, volumeId))
    .orderBy(papers.paperKey);
}

export function planRekey(entries: BibEntry[], candidates: VolumePaper[]): RekeyPlan {
  const byForum = new Map(candidates.filter((paper) => paper.openreviewForumId).map((paper) => [paper.openreviewForumId!, paper]));
  const byTitle = new Map<string, VolumePaper[]>();
  for (const paper of candidates) {
    const key = normaliseTitle(paper.title);
    byTitle.set(key, [...(byTitle.get(key) ?? []), paper]);
  }
  const plan: RekeyPlan = { matched: [], ambiguous: [], unmatched: [], unclaimed: [] };
  const claimed = new Set<string>();
  for (const entry of entries) {
    const forum = entry.openreview ? byForum.get(entry.openreview) : undefined;
    const titled = byTitle.get(normaliseTitle(entry.title)) ?? [];
    const differs = (paper: VolumePaper) => paper.titleAtSigning !== null && normaliseTitle(paper.titleAtSigning) !== normaliseTitle(entry.title);
    if (forum) {
      plan.matched.push({ entry, paper: forum, by: 'openreview', signedTitleDiffers: differs(forum) });
      claimed.add(forum.id);
    } else if (titled.length === 1) {
      plan.matched.push({ entry, paper: titled[0]!, by: 'title', signedTitleDiffers: differs(titled[0]!) });
      claimed.add(titled[0]!.id);
    } else if (titled.length > 1) {
      plan.ambiguous.push({ entry, candidates: titled });
    } else {
      plan.unmatched.push({ entry });
    }
  }
  // Two entries matched to one paper: neither is certain.
  const counts = new Map<string, number>();
  for (const match of plan.matched) counts.set(match.paper.id, (counts.get(match.paper.id) ?? 0) + 1);
  const doubled = plan.matched.filter((match) => counts.get(match.paper.id)! > 1);
  plan.matched = plan.matched.filter((match) => counts.get(match.paper.id) === 1);
  for (const match of doubled) plan.ambiguous.push({ entry: match.entry, candidates: [match.paper] });
  plan.unclaimed = candidates.filter((paper) => !plan.matched.some((match) => match.paper.id === paper.id));
  return plan;
}

/** The preview: what the file would do to the volume's keys. Writes nothing. */
export async function previewRekey(user: CurrentUser | null, input: { volumeNumber: number; bibtex: string }): Promise<{ ok: true; plan: RekeyPlan } | { ok: false; problems: string[] }> {
  const volume = await requireVolumeEditor(user, input.volumeNumber);
  const parsed = parseBibtex(input.bibtex);
  if (!parsed.ok) return parsed;
  return { ok: true, plan: planRekey(parsed.entries, await volumePapers(await getDb(), volume.id)) };
}

/**
 * Re-keys the volume's papers: the matches, plus the editor's choices for ambiguous and unmatched
 * entries (entry key → paper id). All or nothing; one audit event per paper whose key changed.
 */
export async function applyRekey(
  user: CurrentUser | null,
  input: { volumeNumber: number; bibtex: string; choices: Record<string, string> },
  context: RequestContext,
): Promise<{ rekeyed: number; unchanged: number }> {
  const volume = await requireVolumeEditor(user, input.volumeNumber);
  const parsed = parseBibtex(input.bibtex);
  if (!parsed.ok) throw new ValidationError(`The BibTeX file has problems: ${parsed.problems[0]}`);
  const db = await getDb();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select 1 from papers where volume_id = ${volume.id} for update`);
    const candidates = await volumePapers(tx, volume.id);
    const plan = planRekey(parsed.entries, candidates);
    const assignments = new Map<string, { paper: VolumePaper; entry: BibEntry }>();
    for (const match of plan.matched) assignments.set(match.paper.id, { paper: match.paper, entry: match.entry });
    const paperById = new Map(candidates.map((paper) => [paper.id, paper]));
    for (const { entry } of [...plan.ambiguous, ...plan.unmatched]) {
      const chosen = input.choices[entry.key];
      if (!chosen) continue;
      const paper = paperById.get(chosen);
      if (!paper) throw new ValidationError(`The paper chosen for “${entry.key}” is not in this volume.`);
      if (assignments.has(paper.id)) throw new ValidationError(`“${paper.paperKey}” would get two keys: choose it for one entry only.`);
      assignments.set(paper.id, { paper, entry });
    }
    const changes = [...assignments.values()].filter(({ paper, entry }) => paper.paperKey !== entry.key);
    // A new key may not be another paper's key, unless that paper is re-keyed too.
    const moving = new Set(changes.map(({ paper }) => paper.id));
    for (const { entry } of changes) {
      const holder = candidates.find((paper) => paper.paperKey === entry.key);
      if (holder && !moving.has(holder.id)) throw new ValidationError(`The key “${entry.key}” already belongs to another paper of this volume (“${holder.title}”).`);
    }
    if (changes.length === 0) return { rekeyed: 0, unchanged: assignments.size };
    // Two steps, so that keys can be swapped without meeting the unique index halfway.
    await tx
      .update(papers)
      .set({ paperKey: sql`'rekey-' || ${papers.id}::text` })
      .where(and(eq(papers.volumeId, volume.id), inArray(papers.id, [...moving])));
    for (const { paper, entry } of changes) {
      await tx.update(papers).set({ paperKey: entry.key, updatedAt: sql`now()` }).where(eq(papers.id, paper.id));
    }
    await appendAuditEvents(
      tx,
      changes.map(({ paper, entry }) => ({
        action: 'paper.rekeyed',
        actorUserId: user!.id,
        actorEmail: user!.email,
        paperId: paper.id,
        volumeId: volume.id,
        ipAddress: context.ipAddress,
        userAgent: context.userAgent,
        details: { from: paper.paperKey, to: entry.key, bibtexTitle: entry.title, source: 'bibtex' },
      })),
    );
    return { rekeyed: changes.length, unchanged: assignments.size - changes.length };
  });
}

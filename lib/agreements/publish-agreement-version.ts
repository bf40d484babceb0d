import 'server-only';

import { diffLines } from 'diff';
import { sql } from 'drizzle-orm';

import { getDb, type Tx } from '@/db/client';
import { agreementTemplates, type AgreementTemplate } from '@/db/schema';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { requireAdmin } from '@/lib/auth/authorization';
import type { RequestContext } from '@/lib/auth/request-context';
import type { CurrentUser } from '@/lib/auth/roles';
import { sha256Hex } from '@/lib/crypto/sha256';

import { parseAgreementFile, type AgreementFile, type AgreementFileProblem } from './agreement-file';
import { latestAgreementVersion } from './find-agreement-version';

/** Who publishes: an admin in the portal, or the operator through a command or the first start. */
export type Publisher = CurrentUser | 'command-line' | 'first-start';

export type DiffPart = { kind: 'added' | 'removed' | 'same'; text: string };

export type AgreementPublicationPreview = {
  agreement: AgreementFile;
  previous: AgreementTemplate | null;
  /** Line diff of the comparable text (agreement text, then what signers confirm, then asides). */
  diff: DiffPart[];
  /** SHA-256 of the file: confirming publishes only the file that was previewed. */
  sourceSha256: string;
};

export type PreviewResult =
  | { ok: true; preview: AgreementPublicationPreview }
  | { ok: false; problems: AgreementFileProblem[] };

export type PublishResult =
  | { ok: true; template: AgreementTemplate }
  | { ok: false; problems: AgreementFileProblem[] };

// Publications queue on this lock, so two admins cannot both publish "the next version".
const PUBLISH_LOCK_ID = 71_512_024;

/**
 * Everything a version holds, as text that a diff can show line by line: the agreement, then
 * what the signer confirms, then the presentation.
 */
export function comparableText(version: Pick<AgreementTemplate, 'title' | 'body' | 'acknowledgements' | 'presentation'>): string {
  const { termination, asides } = version.presentation;
  return [
    `Title: ${version.title}`,
    '',
    version.body.trimEnd(),
    '',
    '── What the signer confirms ──',
    ...version.acknowledgements.map((item) => `[${item.id}] (clause ${item.clause}) ${item.text}`),
    '',
    '── Presentation ──',
    termination ? `Terminates after ${termination.months} months unpublished (clause ${termination.clause})` : 'No termination clause',
    ...asides.map((aside) => `Aside beside clause ${aside.clause}: ${aside.title}: ${aside.text}${aside.link ? ` [${aside.link.label}](${aside.link.href})` : ''}`),
    '',
  ].join('\n');
}

/** A problem with the file as a whole (no line of its own). */
function problem(message: string): { ok: false; problems: AgreementFileProblem[] } {
  return { ok: false, problems: [{ line: null, message }] };
}

/** Same text, acknowledgements and presentation: publishing it again would change nothing. */
function isSameVersion(stored: AgreementTemplate, agreement: AgreementFile): boolean {
  return (
    stored.bodySha256 === sha256Hex(agreement.body) &&
    stored.title === agreement.title &&
    comparableText(stored) === comparableText(agreement)
  );
}

/** Checks that the file's version is the next one after `latest`, or says what to write. */
function checkVersionNumber(agreement: AgreementFile, latest: AgreementTemplate | null): AgreementFileProblem | null {
  const next = (latest?.version ?? 0) + 1;
  if (agreement.version === next) return null;
  if (latest && agreement.version <= latest.version) {
    return {
      line: null,
      message: `version ${agreement.version} is already published and can never change; publish this text as version ${next}`,
    };
  }
  return { line: null, message: `the next version is ${next}; write "version: ${next}" in the front matter` };
}

/** Parses a file and shows what publishing it would do, without writing anything. */
export async function previewAgreementPublication(user: Publisher, source: string): Promise<PreviewResult> {
  if (typeof user !== 'string') requireAdmin(user);
  const parsed = parseAgreementFile(source);
  if (!parsed.ok) return parsed;
  const db = await getDb();
  const latest = await latestAgreementVersion(db);
  const versionProblem = checkVersionNumber(parsed.agreement, latest);
  if (versionProblem) return { ok: false, problems: [versionProblem] };
  const diff = diffLines(latest ? comparableText(latest) : '', comparableText(parsed.agreement)).map(
    (part): DiffPart => ({ kind: part.added ? 'added' : part.removed ? 'removed' : 'same', text: part.value }),
  );
  return {
    ok: true,
    preview: { agreement: parsed.agreement, previous: latest, diff, sourceSha256: sha256Hex(parsed.agreement.source) },
  };
}

/**
 * Publishes an agreement file as a new version, with an audit event. Versions are numbered
 * 1, 2, 3…; a published version never changes (a trigger refuses UPDATE and DELETE).
 * `expectedSha256`, when given, must be the previewed file's: what was seen is what is published.
 */
export async function publishAgreementVersion(
  user: Publisher,
  source: string,
  options: { expectedSha256?: string; context?: RequestContext } = {},
): Promise<PublishResult> {
  if (typeof user !== 'string') requireAdmin(user);
  const parsed = parseAgreementFile(source);
  if (!parsed.ok) return parsed;
  const { agreement } = parsed;
  if (options.expectedSha256 && options.expectedSha256 !== sha256Hex(agreement.source)) {
    return problem('the file changed after the preview; preview it again before publishing');
  }
  const db = await getDb();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${PUBLISH_LOCK_ID})`);
    const latest = await latestAgreementVersion(tx);
    const versionProblem = checkVersionNumber(agreement, latest);
    if (versionProblem) return { ok: false, problems: [versionProblem] };
    if (latest && isSameVersion(latest, agreement)) {
      return problem(`this text is the same as version ${latest.version}, which is already published`);
    }
    const template = await insertAgreementVersion(tx, agreement, user, options.context);
    return { ok: true, template };
  });
}

async function insertAgreementVersion(
  tx: Tx,
  agreement: AgreementFile,
  user: Publisher,
  context: RequestContext | undefined,
): Promise<AgreementTemplate> {
  const [template] = await tx
    .insert(agreementTemplates)
    .values({
      version: agreement.version,
      title: agreement.title,
      body: agreement.body,
      bodySha256: sha256Hex(agreement.body),
      acknowledgements: agreement.acknowledgements,
      presentation: agreement.presentation,
      source: agreement.source,
      publishedByUserId: typeof user === 'string' ? null : user.id,
    })
    .returning();
  await appendAuditEvent(tx, {
    action: 'agreement.published',
    actorUserId: typeof user === 'string' ? null : user.id,
    actorEmail: typeof user === 'string' ? null : user.email,
    ipAddress: context?.ipAddress ?? null,
    userAgent: context?.userAgent ?? null,
    details: {
      version: template!.version,
      title: template!.title,
      bodySha256: template!.bodySha256,
      sourceSha256: sha256Hex(agreement.source),
      via: typeof user === 'string' ? user : 'admin-page',
    },
  });
  return template!;
}

/**
 * The first start of an empty database publishes the agreement the portal ships (PMLR's,
 * version 1), so authors can sign without anyone seeding anything. Nothing happens once any
 * version exists; concurrent starts queue on the publish lock.
 */
export async function publishShippedAgreementIfNone(source: string): Promise<AgreementTemplate | null> {
  const db = await getDb();
  if (await latestAgreementVersion(db)) return null;
  const parsed = parseAgreementFile(source);
  if (!parsed.ok) throw new Error(`the shipped agreement file is invalid: ${JSON.stringify(parsed.problems)}`);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${PUBLISH_LOCK_ID})`);
    if (await latestAgreementVersion(tx)) return null;
    return insertAgreementVersion(tx, parsed.agreement, 'first-start', undefined);
  });
}

import { relations, sql } from 'drizzle-orm';
import {
  bigint,
  customType,
  boolean,
  date,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  type AnyPgColumn,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

// Emails are stored lower-cased (CHECK constraints below) so that every comparison is a
// plain, indexable equality and "A.Smith@X.org" and "a.smith@x.org" are one person.

// Admins do everything and manage people; everyone else is an author of the papers whose
// corresponding email is theirs, and an editor of exactly the volumes volume_editors gives them.
export const userRole = pgEnum('user_role', ['author', 'admin']);
export const paperStatus = pgEnum('paper_status', ['accepted', 'withdrawn']);

// ---------------------------------------------------------------------------
// Auth.js tables (shape required by @auth/drizzle-adapter), plus our role column.
// ---------------------------------------------------------------------------

export const users = pgTable(
  'users',
  {
    id: text()
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    name: text(),
    email: text().notNull().unique(),
    emailVerified: timestamp({ mode: 'date', withTimezone: true }),
    image: text(),
    role: userRole().notNull().default('author'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('users_email_lower_case', sql`${t.email} = lower(${t.email})`)],
);

export const accounts = pgTable(
  'accounts',
  {
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: text().notNull(),
    provider: text().notNull(),
    providerAccountId: text().notNull(),
    refresh_token: text(),
    access_token: text(),
    expires_at: integer(),
    token_type: text(),
    scope: text(),
    id_token: text(),
    session_state: text(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] })],
);

export const sessions = pgTable(
  'sessions',
  {
    sessionToken: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expires: timestamp({ mode: 'date', withTimezone: true }).notNull(),
    /** When the user signed in (the session is made then): how recent a sign-in is, and an editor session's age. */
    createdAt: timestamp({ mode: 'date', withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sessions_user_id_idx').on(t.userId)],
);

export const verificationTokens = pgTable(
  'verification_tokens',
  {
    identifier: text().notNull(),
    token: text().notNull(),
    expires: timestamp({ mode: 'date', withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

// ---------------------------------------------------------------------------
// Proceedings
// ---------------------------------------------------------------------------

export const volumes = pgTable(
  'volumes',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    /** The publisher's volume number, e.g. 151 for PMLR volume 151. */
    number: integer().notNull().unique(),
    /** Short name shown to people, e.g. "AISTATS 2022". */
    name: text().notNull(),
    /**
     * The agreement version its authors read and sign (null: not open for signing yet).
     * Set to the latest version when the volume is created; editors may change it, which
     * never touches papers already signed (each signature names its own version).
     */
    agreementVersion: integer().references((): AnyPgColumn => agreementTemplates.version, { onDelete: 'restrict' }),
    /** The last day (inclusive, end of day UTC) authors are asked to sign by; null: none set yet. */
    signingDeadline: date({ mode: 'string' }),
    /** Scheduled reminders: every N days after the last email (null: none)… */
    reminderIntervalDays: integer(),
    /** …and once, N days before the deadline (null: none)… */
    reminderDaysBeforeDeadline: integer(),
    /** …but never more than this many reminders per paper. */
    reminderLimit: integer().notNull().default(3),
    /** When the volume's proceedings were published, and where (null: not yet). */
    publishedOn: date({ mode: 'string' }),
    proceedingsUrl: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('volumes_number_positive', sql`${t.number} > 0`),
    check('volumes_reminder_interval_range', sql`${t.reminderIntervalDays} between 1 and 90`),
    check('volumes_reminder_before_range', sql`${t.reminderDaysBeforeDeadline} between 1 and 60`),
    check('volumes_reminder_limit_range', sql`${t.reminderLimit} between 0 and 20`),
    check('volumes_published_together', sql`(${t.publishedOn} is null) = (${t.proceedingsUrl} is null)`),
  ],
);

/** Who edits which volume. Admins edit every volume without a row here. */
export const volumeEditors = pgTable(
  'volume_editors',
  {
    volumeId: integer()
      .notNull()
      .references(() => volumes.id, { onDelete: 'cascade' }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    addedByUserId: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.volumeId, t.userId] }), index('volume_editors_user_idx').on(t.userId)],
);

export const papers = pgTable(
  'papers',
  {
    id: uuid().primaryKey().defaultRandom(),
    volumeId: integer()
      .notNull()
      .references(() => volumes.id, { onDelete: 'restrict' }),
    /** The publisher's key for the paper within its volume, e.g. "mohtashami22". */
    paperKey: text().notNull(),
    title: text().notNull(),
    status: paperStatus().notNull().default('accepted'),
    correspondingAuthorName: text().notNull(),
    correspondingAuthorEmail: text().notNull(),
    /** The byline ("A; B; C"), kept with the paper so that search reads one row per paper. */
    authorNames: text().notNull().default(''),
    /**
     * The paper's own publication date and URL, when it differs from its volume's (or the volume
     * has none): a paper counts as published on its own date, else on its volume's.
     */
    publishedOn: date({ mode: 'string' }),
    publishedUrl: text(),
    /** The paper's OpenReview forum id, when it was imported from OpenReview (matches a BibTeX `openreview` field). */
    openreviewForumId: text(),
    /**
     * The paper's active (unvoided) signature, or null: derived from the evidence, set in the
     * transaction that signs or voids, and checked against signatures and voids by a trigger
     * (migration 0013). Lists and counts read it instead of joining every signature (docs/decisions/011).
     */
    activeSignatureId: uuid().references((): AnyPgColumn => signatures.id, { onDelete: 'restrict' }),
    /**
     * How many invitations in the email log name this paper and still count (not cancelled or
     * failed): derived from emails and email_papers, kept by their triggers (migration 0016), so
     * that "never invited" is read from the paper's row instead of the volume's whole email log
     * (docs/decisions/012).
     */
    liveInvitations: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('papers_volume_key_unique').on(t.volumeId, t.paperKey),
    // "My papers": every paper whose corresponding author is the signed-in email.
    index('papers_corresponding_email_idx').on(t.correspondingAuthorEmail),
    // The editor's volume table and counts: a volume's papers by status and signature, read from
    // the index alone (an index-only scan counts 50,000 papers in a few milliseconds).
    index('papers_volume_state_idx').on(t.volumeId, t.status, t.activeSignatureId),
    // Awaiting and never invited (whom an invitation would still reach): the volume page counts
    // them and lists them from this index alone, however much the volume's email log holds.
    index('papers_never_invited_idx')
      .on(t.volumeId, t.id)
      .where(sql`${t.status} = 'accepted' and ${t.activeSignatureId} is null and ${t.liveInvitations} = 0`),
    // Ordered by title or corresponding author (case-insensitive, as the table sorts), read in order.
    index('papers_volume_lower_title_idx').on(t.volumeId, sql`lower(${t.title})`),
    index('papers_volume_lower_author_idx').on(t.volumeId, sql`lower(${t.correspondingAuthorName})`),
    index('papers_volume_email_idx').on(t.volumeId, t.correspondingAuthorEmail),
    // Finding a paper across volumes lists the newest volume first, then by key: read in this order.
    index('papers_volume_desc_key_idx').on(t.volumeId.desc().nullsFirst(), t.paperKey),
    // Search ("contains", any case) over title, byline and email: one pg_trgm index, so a search
    // reads the matching rows, not the volume (lib/editor/paper-search.ts writes the same expression).
    index('papers_search_trgm_idx').using('gin', sql`(${t.title} || chr(10) || ${t.authorNames} || chr(10) || ${t.correspondingAuthorEmail}) gin_trgm_ops`),
    check(
      'papers_corresponding_email_lower_case',
      sql`${t.correspondingAuthorEmail} = lower(${t.correspondingAuthorEmail})`,
    ),
    check('papers_title_not_blank', sql`length(trim(${t.title})) > 0`),
    check('papers_key_not_blank', sql`length(trim(${t.paperKey})) > 0`),
    check('papers_live_invitations_not_negative', sql`${t.liveInvitations} >= 0`),
    check('papers_published_together', sql`(${t.publishedOn} is null) = (${t.publishedUrl} is null)`),
  ],
);

/** Authors in byline order; exactly one of them is the corresponding author. */
export const paperAuthors = pgTable(
  'paper_authors',
  {
    paperId: uuid()
      .notNull()
      .references(() => papers.id, { onDelete: 'cascade' }),
    /** 1-based byline position. */
    position: integer().notNull(),
    name: text().notNull(),
    isCorresponding: boolean().notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.paperId, t.position] }),
    uniqueIndex('paper_authors_one_corresponding')
      .on(t.paperId)
      .where(sql`${t.isCorresponding}`),
    check('paper_authors_position_positive', sql`${t.position} > 0`),
  ],
);

// ---------------------------------------------------------------------------
// Agreement templates: a version's text never changes (a trigger in the migrations
// rejects UPDATE and DELETE); a new text is a new version.
// ---------------------------------------------------------------------------

export const agreementTemplates = pgTable(
  'agreement_templates',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    version: integer().notNull().unique(),
    title: text().notNull(),
    /** The template with {{placeholders}}; rendered per paper at reading and signing time. */
    body: text().notNull(),
    /** SHA-256 (hex) of body, so a changed template can be detected without a diff. */
    bodySha256: text().notNull(),
    /** What a signer confirms, one checkbox each, in order. Part of the version: it never changes. */
    acknowledgements: jsonb().$type<Acknowledgement[]>().notNull(),
    /** How the text is shown: plain-words asides beside clauses, the termination clause. */
    presentation: jsonb().$type<AgreementPresentation>().notNull(),
    /** The agreement file exactly as published (front matter and text), for the record. */
    /** Null for versions published before agreement files existed. */
    source: text(),
    publishedByUserId: text().references(() => users.id, { onDelete: 'restrict' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('agreement_templates_version_positive', sql`${t.version} > 0`)],
);

export type Acknowledgement = {
  /** Stable id recorded with each signature, e.g. "warranty-original". */
  id: string;
  /** The clause(s) of the agreement it refers to, e.g. "6.1". */
  clause: string;
  /** The checkbox text; `{{coAuthors}}` is replaced by the paper's other authors. */
  text: string;
};

export type AgreementPresentation = {
  /** Boxes shown beside a clause, e.g. the CC BY licence in plain words beside clause 2. */
  asides: { clause: string; title: string; text: string; link?: { href: string; label: string } }[];
  /** The clause that ends the agreement if the paper is unpublished, and after how many months. */
  termination: { clause: string; months: number } | null;
};

// ---------------------------------------------------------------------------
// Sealing keys: the public half of every key that has sealed records, with when it began.
// A key is in use from its activatedAt until the next key's; rows are only ever inserted.
// ---------------------------------------------------------------------------

export const sealKeys = pgTable('seal_keys', {
  keyId: text().primaryKey(),
  algorithm: text().notNull().default('Ed25519'),
  /** SubjectPublicKeyInfo, DER, base64. */
  publicKeySpki: text().notNull(),
  activatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

// ---------------------------------------------------------------------------
// Signatures: evidence. Rows are only ever inserted. A signature is active until a row in
// signature_voids names it; a new signature after a void names the void it follows, so the
// partial unique index below leaves exactly one signature per paper that follows no void.
// ---------------------------------------------------------------------------

export const signatures = pgTable(
  'signatures',
  {
    id: uuid().primaryKey().defaultRandom(),
    paperId: uuid()
      .notNull()
      .references(() => papers.id, { onDelete: 'restrict' }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    signerEmail: text().notNull(),
    /** The name the signer typed as their signature. */
    typedName: text().notNull(),
    /** The corresponding author's name on record when they signed (may differ from typedName). */
    nameOnRecord: text().notNull(),
    templateVersion: integer()
      .notNull()
      .references(() => agreementTemplates.version, { onDelete: 'restrict' }),
    /** SHA-256 (hex) of the exact agreement text shown and signed (UTF-8). */
    textSha256: text().notNull(),
    titleAtSigning: text().notNull(),
    authorsAtSigning: jsonb().$type<string[]>().notNull(),
    proceedingsAtSigning: text().notNull(),
    /** Acknowledgement ids of the template version, all of which the signer confirmed. */
    agreedClauseIds: jsonb().$type<string[]>().notNull(),
    /** Database time, not the web server's or the browser's. */
    signedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** How the signer proved who they are, e.g. "email-magic-link". */
    authMethod: text().notNull(),
    /** SHA-256 of the session token (the token itself is a credential and is never stored). */
    sessionIdHash: text(),
    ipAddress: text(),
    userAgent: text(),
    /** Ed25519 signature (base64url) over the canonical record: see lib/evidence/seal.ts. */
    seal: text().notNull(),
    /** Which portal key made the seal (published at /.well-known/agreement-seal-keys.json). */
    sealKeyId: text().notNull(),
    /** SHA-256 of the signed-agreement PDF produced at signing (stored in signature_documents). */
    pdfSha256: text().notNull(),
    /** Which canonical form the seal covers: 1 (before X-Forwarded-For was kept apart) or 2. */
    recordFormat: smallint().notNull().default(1),
    /** X-Forwarded-For as the request claimed it, when it did: not trusted, never the address. */
    forwardedForClaimed: text(),
    /** Set when this signature follows a voided one. */
    replacesVoidId: uuid().references((): AnyPgColumn => signatureVoids.id, { onDelete: 'restrict' }),
  },
  (t) => [
    uniqueIndex('signatures_one_active_per_paper')
      .on(t.paperId)
      .where(sql`${t.replacesVoidId} is null`),
    uniqueIndex('signatures_replaces_void_unique').on(t.replacesVoidId),
    // A paper's signatures, every one (the index above holds only first signatures): the join
    // from a page of papers to their active signature probes this instead of reading them all.
    index('signatures_paper_idx').on(t.paperId),
    index('signatures_user_idx').on(t.userId),
    index('signatures_signed_at_idx').on(t.signedAt),
    check('signatures_text_sha256_hex', sql`${t.textSha256} ~ '^[0-9a-f]{64}$'`),
    check('signatures_typed_name_length', sql`length(trim(${t.typedName})) between 1 and 200`),
    check('signatures_pdf_sha256_hex', sql`${t.pdfSha256} ~ '^[0-9a-f]{64}$'`),
    check('signatures_record_format', sql`${t.recordFormat} in (1, 2)`),
  ],
);

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  // postgres.js hands back a Buffer and PGlite a Uint8Array: both are Uint8Arrays.
  fromDriver: (value) => new Uint8Array(value),
  toDriver: (value) => Buffer.from(value),
});

/** The signed-agreement PDF, exactly as produced at signing. Inserted once, never changed. */
export const signatureDocuments = pgTable('signature_documents', {
  signatureId: uuid()
    .primaryKey()
    .references(() => signatures.id, { onDelete: 'restrict' }),
  pdf: bytea().notNull(),
  pdfSha256: text().notNull(),
  /**
   * Ed25519 over the canonical document record (signature id and PDF SHA-256): the second seal,
   * binding the stored bytes to the signature. Null only for documents stored before it existed.
   */
  seal: text(),
  sealKeyId: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const signatureVoids = pgTable('signature_voids', {
  id: uuid().primaryKey().defaultRandom(),
  signatureId: uuid()
    .notNull()
    .unique()
    .references((): AnyPgColumn => signatures.id, { onDelete: 'restrict' }),
  reason: text().notNull(),
  voidedByUserId: text()
    .notNull()
    .references(() => users.id, { onDelete: 'restrict' }),
  voidedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

// ---------------------------------------------------------------------------
// Audit log: every change that matters, written in the same transaction as the change.
// ---------------------------------------------------------------------------

export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** Position in the hash chain: 1, 2, 3… with no gaps (appends are serialized). */
    sequence: bigint({ mode: 'number' }).notNull().unique(),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** What happened, e.g. "agreement.signed", "papers.imported". */
    action: text().notNull(),
    actorUserId: text().references(() => users.id, { onDelete: 'restrict' }),
    actorEmail: text(),
    paperId: uuid().references(() => papers.id, { onDelete: 'restrict' }),
    signatureId: uuid().references(() => signatures.id, { onDelete: 'restrict' }),
    volumeId: integer().references(() => volumes.id, { onDelete: 'restrict' }),
    ipAddress: text(),
    userAgent: text(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** The previous event's hash (64 zeros for the first event). */
    prevHash: text().notNull(),
    /** SHA-256 over prevHash and this event's canonical serialization: lib/audit/audit-chain.ts. */
    hash: text().notNull().unique(),
    /**
     * Ed25519 over the event's sequence and hash, with the seal key: recomputing the chain without
     * the key cannot produce it. Null only for events written before events were sealed.
     */
    seal: text(),
    sealKeyId: text(),
  },
  (t) => [
    index('audit_events_paper_idx').on(t.paperId, t.id),
    index('audit_events_volume_idx').on(t.volumeId, t.id),
  ],
);

// ---------------------------------------------------------------------------
// Imports uploaded in the browser: staged for preview, applied on confirmation.
// ---------------------------------------------------------------------------

export const paperImports = pgTable(
  'paper_imports',
  {
    id: uuid().primaryKey().defaultRandom(),
    uploadedByUserId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    filename: text().notNull(),
    contentSha256: text().notNull(),
    content: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('paper_imports_uploaded_by_idx').on(t.uploadedByUserId, t.createdAt)],
);

/** That a staged import was applied: a row of its own, so paper_imports stays insert-only. */
export const paperImportApplications = pgTable('paper_import_applications', {
  importId: uuid()
    .primaryKey()
    .references(() => paperImports.id, { onDelete: 'restrict' }),
  appliedByUserId: text()
    .notNull()
    .references(() => users.id, { onDelete: 'restrict' }),
  appliedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

// ---------------------------------------------------------------------------
// Evidence checkpoints: what the evidence was at a moment, sealed, and kept outside the
// database too (emailed to the admins, downloadable). lib/evidence/checkpoint.ts.
// ---------------------------------------------------------------------------

export const evidenceCheckpoints = pgTable('evidence_checkpoints', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  /** How many audit events it covers (1…auditCount) and the chain's hash at the last of them. */
  auditCount: bigint({ mode: 'number' }).notNull(),
  auditHeadHash: text().notNull(),
  /** How many signatures, and the running hash over their records, seals and PDF hashes. */
  signatureCount: integer().notNull(),
  signaturesHash: text().notNull(),
  /** The checkpoint document exactly as sealed (canonical JSON) and its seal. */
  document: text().notNull(),
  seal: text().notNull(),
  sealKeyId: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

// ---------------------------------------------------------------------------
// Outgoing email. Each row is one message the portal owes someone, written in the same
// transaction as the event it belongs to (with its job on the pg-boss queue). The row, not the
// queue, decides whether it was sent: idempotencyKey makes one event one email, and the worker
// claims a row before sending and marks it sent after (lib/mail/deliver-email.ts).
// ---------------------------------------------------------------------------

export const emailKind = pgEnum('email_kind', [
  'invitation',
  'reminder',
  'receipt',
  'editor_notice',
  'evidence_checkpoint',
  'lapse_digest',
]);
export const emailState = pgEnum('email_state', ['queued', 'sending', 'retrying', 'sent', 'failed', 'cancelled']);

export const emails = pgTable(
  'emails',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** One event, one email: e.g. "receipt:<signature id>". A second enqueue is a no-op. */
    idempotencyKey: text().notNull().unique(),
    kind: emailKind().notNull(),
    recipient: text().notNull(),
    volumeId: integer().references(() => volumes.id, { onDelete: 'restrict' }),
    /** What the message is about (signature id, notice kind…); the text is rendered when sent. */
    payload: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    requestedByUserId: text().references(() => users.id, { onDelete: 'set null' }),
    state: emailState().notNull().default('queued'),
    attempts: integer().notNull().default(0),
    /** Set while a worker holds the message; a claim older than the lease may be taken over. */
    claimedAt: timestamp({ withTimezone: true }),
    lastError: text(),
    /** When the queue will try again (state retrying). */
    nextAttemptAt: timestamp({ withTimezone: true }),
    subject: text(),
    sentAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('emails_volume_idx').on(t.volumeId, t.createdAt),
    index('emails_state_idx').on(t.state),
    index('emails_sent_at_idx').on(t.sentAt),
    check('emails_recipient_lower_case', sql`${t.recipient} = lower(${t.recipient})`),
  ],
);

/** The papers an invitation or reminder is about (one email may list several). */
export const emailPapers = pgTable(
  'email_papers',
  {
    emailId: uuid()
      .notNull()
      .references(() => emails.id, { onDelete: 'cascade' }),
    paperId: uuid()
      .notNull()
      .references(() => papers.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.emailId, t.paperId] }), index('email_papers_paper_idx').on(t.paperId)],
);

// ---------------------------------------------------------------------------
// The proceedings pipeline: read-only API tokens and webhooks (docs/decisions/008-…).
// ---------------------------------------------------------------------------

/** A bearer token for /api/v1, shown once; only its SHA-256 is kept. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    /** SHA-256 (hex) of the whole token. */
    tokenSha256: text().notNull().unique(),
    /** The token's first characters, to tell tokens apart in the list (not enough to use one). */
    displayPrefix: text().notNull(),
    createdByUserId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('api_tokens_created_by_idx').on(t.createdByUserId),
    check('api_tokens_sha256_hex', sql`${t.tokenSha256} ~ '^[0-9a-f]{64}$'`),
    check('api_tokens_name_length', sql`length(trim(${t.name})) between 1 and 100`),
  ],
);

/** The volumes a token may read (never more than its creator edits when it is used). */
export const apiTokenVolumes = pgTable(
  'api_token_volumes',
  {
    tokenId: uuid()
      .notNull()
      .references(() => apiTokens.id, { onDelete: 'cascade' }),
    volumeId: integer()
      .notNull()
      .references(() => volumes.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.tokenId, t.volumeId] })],
);

export const webhookEventType = pgEnum('webhook_event_type', [
  'agreement.signed',
  'agreement.voided',
  'paper.published',
  'volume.fully_signed',
]);
export const webhookDeliveryState = pgEnum('webhook_delivery_state', ['queued', 'sending', 'retrying', 'delivered', 'failed']);

/** Where a volume's events are POSTed, signed per Standard Webhooks with the endpoint's secret. */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid().primaryKey().defaultRandom(),
    volumeId: integer()
      .notNull()
      .references(() => volumes.id, { onDelete: 'restrict' }),
    url: text().notNull(),
    /** whsec_ + base64 of 32 random bytes: the HMAC key, shown to the editor once. */
    secret: text().notNull(),
    createdByUserId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    disabledAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('webhook_endpoints_volume_idx').on(t.volumeId)],
);

/** One event for one endpoint: its body is fixed when queued, so every attempt sends the same bytes. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    /** Also the webhook-id header ("msg_" + this id without dashes): the same on every attempt. */
    id: uuid().primaryKey().defaultRandom(),
    /** Orders a paper's events: a delivery waits while an earlier one of its paper is pending. */
    sequence: bigint({ mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    endpointId: uuid()
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'restrict' }),
    /** One event, one delivery per endpoint, e.g. "agreement.signed:<signature id>". */
    eventKey: text().notNull(),
    eventType: webhookEventType().notNull(),
    paperId: uuid().references(() => papers.id, { onDelete: 'restrict' }),
    /** The JSON body exactly as sent. */
    body: text().notNull(),
    state: webhookDeliveryState().notNull().default('queued'),
    attempts: integer().notNull().default(0),
    /** Set while a worker holds the delivery; a claim older than the job's expiry may be taken over. */
    claimedAt: timestamp({ withTimezone: true }),
    lastStatusCode: integer(),
    lastLatencyMs: integer(),
    lastError: text(),
    nextAttemptAt: timestamp({ withTimezone: true }),
    deliveredAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_event_unique').on(t.endpointId, t.eventKey),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.sequence),
    index('webhook_deliveries_paper_idx').on(t.endpointId, t.paperId, t.sequence),
  ],
);

/** Every attempt of a delivery, for the log: status code or error, and how long it took. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    deliveryId: uuid()
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attemptedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    statusCode: integer(),
    latencyMs: integer().notNull(),
    error: text(),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.id)],
);

/** rate-limiter-flexible's table (RateLimiterPostgres): the limits hold across portal processes. */
export const rateLimits = pgTable('rate_limits', {
  key: text().primaryKey(),
  points: integer().notNull().default(0),
  expire: bigint({ mode: 'number' }),
});

// ---------------------------------------------------------------------------
// Relations and row types
// ---------------------------------------------------------------------------

export const volumeEditorsRelations = relations(volumeEditors, ({ one }) => ({
  volume: one(volumes, { fields: [volumeEditors.volumeId], references: [volumes.id] }),
  user: one(users, { fields: [volumeEditors.userId], references: [users.id] }),
}));

export const volumesRelations = relations(volumes, ({ many }) => ({ papers: many(papers) }));

export const papersRelations = relations(papers, ({ one, many }) => ({
  volume: one(volumes, { fields: [papers.volumeId], references: [volumes.id] }),
  authors: many(paperAuthors),
}));

export const paperAuthorsRelations = relations(paperAuthors, ({ one }) => ({
  paper: one(papers, { fields: [paperAuthors.paperId], references: [papers.id] }),
}));

export type User = typeof users.$inferSelect;
export type UserRole = (typeof userRole.enumValues)[number];
export type Volume = typeof volumes.$inferSelect;
export type Paper = typeof papers.$inferSelect;
export type PaperStatus = (typeof paperStatus.enumValues)[number];
export type PaperAuthor = typeof paperAuthors.$inferSelect;
export type AgreementTemplate = typeof agreementTemplates.$inferSelect;
export type Signature = typeof signatures.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type PaperImport = typeof paperImports.$inferSelect;
export type SignatureDocument = typeof signatureDocuments.$inferSelect;
export type SealKeyRow = typeof sealKeys.$inferSelect;
export type EvidenceCheckpoint = typeof evidenceCheckpoints.$inferSelect;
export type Email = typeof emails.$inferSelect;
export type EmailKind = (typeof emailKind.enumValues)[number];
export type EmailState = (typeof emailState.enumValues)[number];
export type ApiToken = typeof apiTokens.$inferSelect;
export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type WebhookEventType = (typeof webhookEventType.enumValues)[number];

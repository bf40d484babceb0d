import { relations, sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

// Emails are stored lower-cased (CHECK constraints below) so that every comparison is a
// plain, indexable equality and "A.Smith@X.org" and "a.smith@x.org" are one person.

export const userRole = pgEnum('user_role', ['author', 'editor', 'admin']);
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
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('volumes_number_positive', sql`${t.number} > 0`)],
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
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('papers_volume_key_unique').on(t.volumeId, t.paperKey),
    // "My papers": every paper whose corresponding author is the signed-in email.
    index('papers_corresponding_email_idx').on(t.correspondingAuthorEmail),
    // The editor's volume table: filter by status, order by title.
    index('papers_volume_status_idx').on(t.volumeId, t.status),
    index('papers_volume_title_idx').on(t.volumeId, t.title),
    check(
      'papers_corresponding_email_lower_case',
      sql`${t.correspondingAuthorEmail} = lower(${t.correspondingAuthorEmail})`,
    ),
    check('papers_title_not_blank', sql`length(trim(${t.title})) > 0`),
    check('papers_key_not_blank', sql`length(trim(${t.paperKey})) > 0`),
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
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('agreement_templates_version_positive', sql`${t.version} > 0`)],
);

// ---------------------------------------------------------------------------
// Relations and row types
// ---------------------------------------------------------------------------

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

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { asc, count, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { getDb, queryRows } from '@/db/client';
import { paperAuthors, papers, volumes } from '@/db/schema';
import { expectDbError } from '@/tests/expect-db-error';
import { currentOwner } from '@/tests/isolated-database';
import { paperRow, seedPapers } from '@/tests/factories';

import { importPapers } from './import-papers';
import { parsePapersCsv } from './parse-papers-csv';

const volume151 = () => {
  const result = parsePapersCsv(readFileSync(path.join(process.cwd(), 'db/seed-data/pmlr-v151-aistats2022.csv')));
  if (!result.ok) throw new Error('seed CSV invalid');
  return result.rows;
};

async function snapshot() {
  const db = await getDb();
  return {
    papers: await db.select().from(papers).orderBy(asc(papers.paperKey)),
    authors: await db.select().from(paperAuthors).orderBy(asc(paperAuthors.paperId), asc(paperAuthors.position)),
    volumes: await db.select().from(volumes),
  };
}

const commandLine = { userId: null, email: null, source: 'command line' } as const;

describe('importPapers', () => {
  it('imports a whole volume, and importing it again changes nothing', async () => {
    const db = await getDb();
    const first = await importPapers(db, volume151(), { volumeNames: { 151: 'AISTATS 2022' }, actor: commandLine });
    expect(first).toMatchObject({ volumesCreated: 1, created: 492, updated: 0, unchanged: 0 });

    const [paper] = await db.select().from(papers).where(eq(papers.paperKey, 'mohtashami22'));
    const authors = await db
      .select({ name: paperAuthors.name, isCorresponding: paperAuthors.isCorresponding })
      .from(paperAuthors)
      .where(eq(paperAuthors.paperId, paper!.id))
      .orderBy(asc(paperAuthors.position));
    expect(authors).toEqual([
      { name: 'Amirkeivan Mohtashami', isCorresponding: true },
      { name: 'Martin Jaggi', isCorresponding: false },
      { name: 'Sebastian Stich', isCorresponding: false },
    ]);

    const before = await snapshot();
    const second = await importPapers(db, volume151(), { actor: commandLine });
    expect(second).toMatchObject({ volumesCreated: 0, created: 0, updated: 0, unchanged: 492 });
    expect(await snapshot()).toEqual(before);
  });

  it('updates a paper whose title or authors changed, by volume and key', async () => {
    const row = paperRow();
    await seedPapers([row]);
    const result = await seedPapers([{ ...row, title: 'A Better Title', authors: [...row.authors, 'New Person'] }]);
    expect(result).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect(result.plan.changed[0]?.changedFields).toEqual(['title', 'authors']);
    const db = await getDb();
    const [stored] = await db.select().from(papers).where(eq(papers.paperKey, row.paperKey));
    expect(stored?.title).toBe('A Better Title');
    const [{ value }] = (await db
      .select({ value: count() })
      .from(paperAuthors)
      .where(eq(paperAuthors.paperId, stored!.id))) as [{ value: number }];
    expect(value).toBe(3);
  });
});

async function authorsInVolume(volumeNumber: number): Promise<number> {
  const db = await getDb();
  const [{ value }] = (await db
    .select({ value: count() })
    .from(paperAuthors)
    .innerJoin(papers, eq(papers.id, paperAuthors.paperId))
    .innerJoin(volumes, eq(volumes.id, papers.volumeId))
    .where(eq(volumes.number, volumeNumber))) as [{ value: number }];
  return value;
}

describe('imports of any size', () => {
  // PostgreSQL takes at most 65,535 parameters per statement: one lookup over 70,000 keys, or
  // 500 papers × 40 authors in one insert, used to fail with MAX_PARAMETERS_EXCEEDED.
  it('imports 100,000 rows in one transaction, and finds them all again on the next import', { timeout: 600_000 }, async () => {
    const rows = Array.from({ length: 100_000 }, (_, index) =>
      paperRow({ volume: 901, paperKey: `big${index}`, authors: [`Author ${index}`], correspondingAuthorEmail: `big${index}@example.org` }),
    );
    const db = await getDb();
    const first = await importPapers(db, rows, { actor: commandLine });
    expect(first).toMatchObject({ volumesCreated: 1, created: 100_000, updated: 0 });
    expect(await authorsInVolume(901)).toBe(100_000);

    const changedOne = rows.map((row, index) => (index === 99_999 ? { ...row, title: 'Renamed at the very end' } : row));
    const second = await importPapers(db, changedOne, { actor: commandLine });
    expect(second).toMatchObject({ created: 0, updated: 1, unchanged: 99_999 });
  });

  it('imports 500 papers of 40 authors each', { timeout: 120_000 }, async () => {
    const rows = Array.from({ length: 500 }, (_, paper) => {
      const authors = Array.from({ length: 40 }, (_, author) => `Author ${paper}-${author}`);
      return paperRow({ volume: 902, paperKey: `wide${paper}`, authors, correspondingAuthorName: authors[0]! });
    });
    const db = await getDb();
    expect(await importPapers(db, rows, { actor: commandLine })).toMatchObject({ created: 500 });
    expect(await authorsInVolume(902)).toBe(20_000);
  });
});

describe('the schema itself', () => {
  it('stores emails lower-case only', async () => {
    const db = await getDb();
    const [paper] = (await seedPapers([paperRow()])).plan.created;
    await expectDbError(
      db.execute(sql`update papers set corresponding_author_email = 'Upper@Example.org' where paper_key = ${paper!.paperKey}`),
      /papers_corresponding_email_lower_case/,
    );
    await expectDbError(
      db.execute(sql`insert into users (id, email) values ('u1', 'Someone@Example.org')`),
      /users_email_lower_case/,
    );
  });

  it('allows one corresponding author per paper and one key per volume', async () => {
    const db = await getDb();
    const row = paperRow();
    await seedPapers([row]);
    const [paper] = await db.select().from(papers).where(eq(papers.paperKey, row.paperKey));
    await expectDbError(
      db.insert(paperAuthors).values({ paperId: paper!.id, position: 3, name: 'Second Corresponding', isCorresponding: true }),
      /paper_authors_one_corresponding/,
    );
    await expectDbError(
      db.insert(papers).values({
        volumeId: paper!.volumeId,
        paperKey: row.paperKey,
        title: 'Duplicate',
        correspondingAuthorName: 'X',
        correspondingAuthorEmail: 'x@example.org',
      }),
      /papers_volume_key_unique/,
    );
  });

  it('never changes or deletes the text of an agreement version', async () => {
    const db = await getDb();
    await db.execute(
      sql`insert into agreement_templates (version, title, body, body_sha256, acknowledgements, presentation) values (99, 'T', 'original', 'h', '[]', '{"asides":[],"termination":null}')`,
    );
    // The portal's role holds no such privilege (PostgreSQL); the trigger refuses everyone, the owner too.
    await expectDbError(db.execute(sql`update agreement_templates set body = 'changed' where version = 99`), /immutable|permission denied/);
    await expectDbError(db.execute(sql`delete from agreement_templates where version = 99`), /immutable|permission denied/);
    const { owner } = await currentOwner();
    await expectDbError(owner(`update agreement_templates set body = 'changed' where version = 99`), /immutable/);
    await expectDbError(owner(`delete from agreement_templates where version = 99`), /immutable/);
    const rows = queryRows<{ body: string }>(
      await db.execute(sql`select body from agreement_templates where version = 99`),
    );
    expect(rows).toEqual([{ body: 'original' }]);
  });
});

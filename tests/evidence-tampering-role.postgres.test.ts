// The portal's own database role, on PostgreSQL (PGlite has no roles): what it may not do to
// the evidence or to who may act, refused by privileges and triggers. Every test starts from a
// database of its own (tests/isolated-database.ts).
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { getDb, queryRows } from '@/db/client';
import { papers } from '@/db/schema';

import { expectDbError } from './expect-db-error';
import { paperRow, seedPapers, seedUser, signPaperAs } from './factories';
import { isolatedDatabase } from './isolated-database';

async function signedPapers(count: number) {
  const rows = Array.from({ length: count }, (_, index) =>
    paperRow({ paperKey: `t${index}`, correspondingAuthorEmail: `t${index}@example.org` }),
  );
  await seedPapers(rows);
  const db = await getDb();
  const result = [];
  for (const row of rows) {
    const [paper] = await db.select({ id: papers.id }).from(papers).where(eq(papers.paperKey, row.paperKey));
    result.push(await signPaperAs(row.correspondingAuthorEmail, paper!.id, `Signer ${row.paperKey}`));
  }
  return result;
}

describe('the portal’s database role (PostgreSQL)', () => {
  it('may not change or delete evidence, alter its tables or skip its triggers', async () => {
    await isolatedDatabase('tamper_role');
    const [signature] = await signedPapers(1);
    const db = await getDb();
    const [who] = queryRows<{ role: string }>(await db.execute(sql`select current_user as role`));
    expect(who!.role).toBe('agreement_portal_app');
    await expectDbError(db.execute(sql`update signatures set typed_name = 'Mallory' where id = ${signature!.id}`), /permission denied/);
    await expectDbError(db.execute(sql`delete from signature_documents`), /permission denied/);
    await expectDbError(db.execute(sql`alter table signatures disable trigger signatures_immutable`), /must be owner/);
    await expectDbError(db.execute(sql`set session_replication_role = replica`), /permission denied/);
    await expectDbError(db.execute(sql`update paper_imports set content = 'x'`), /permission denied/);
    await expectDbError(db.execute(sql`delete from paper_imports`), /permission denied/);
    await expectDbError(db.execute(sql`drop table audit_events`), /must be owner/);
  });

  it('may not make anyone an admin or an editor without the admin action’s audit event', async () => {
    await isolatedDatabase('tamper_roles');
    const user = await seedUser('mallory@example.org');
    const db = await getDb();
    await expectDbError(db.execute(sql`update users set role = 'admin' where id = ${user.id}`), /admin action/);
    await expectDbError(
      db.execute(sql`insert into users (id, email, role) values (${crypto.randomUUID()}, 'eve@example.org', 'admin')`),
      /admin action/,
    );
    await seedUser('someone@example.org', 'editor', [900]);
    await expectDbError(
      db.execute(sql`insert into volume_editors (volume_id, user_id) select id, ${user.id} from volumes where number = 900`),
      /admin action/,
    );
    // Through the action (its audit event in the same transaction), it is allowed.
    const admin = await seedUser('mallory@example.org', 'admin');
    expect(admin.isAdmin).toBe(true);
  });
});

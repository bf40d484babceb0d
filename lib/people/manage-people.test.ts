import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';

import { getDb } from '@/db/client';
import { auditEvents, users } from '@/db/schema';
import { loadUser } from '@/lib/auth/load-user';
import { NotFoundError } from '@/lib/errors';
import { createVolume } from '@/lib/volumes/manage-volumes';
import { seedUser, seedVolume, testRequestContext } from '@/tests/factories';

import { listPeople } from './list-people';
import { addVolumeEditor, removeVolumeEditor, setAdmin } from './manage-editors';

afterEach(() => {
  delete process.env.ADMIN_EMAILS;
});

describe('managing people', () => {
  it('an admin adds an editor to one volume and removes them; each change is an audit event', async () => {
    const admin = await seedUser('people-admin@example.org', 'admin');
    await seedVolume(5100, 'People A');
    await seedVolume(5200, 'People B');
    const added = await addVolumeEditor(admin, { email: ' New.Editor@Example.org ', name: 'New Editor', volumeNumber: 5100 }, testRequestContext);
    expect(added).toMatchObject({ ok: true, message: expect.stringContaining('new.editor@example.org is now an editor of volume 5100') });

    const db = await getDb();
    const [row] = await db.select().from(users).where(eq(users.email, 'new.editor@example.org'));
    const editor = (await loadUser(row!.id))!;
    expect(editor.isAdmin).toBe(false);
    expect(editor.editorOfVolumeIds).toHaveLength(1);
    expect((await listPeople(admin)).find((person) => person.email === 'new.editor@example.org')?.volumes).toEqual([
      { number: 5100, name: 'People A' },
    ]);

    expect(await addVolumeEditor(admin, { email: 'new.editor@example.org', volumeNumber: 5100 }, testRequestContext)).toMatchObject({
      ok: true,
      message: expect.stringContaining('already edits'),
    });
    expect(await removeVolumeEditor(admin, { userId: row!.id, volumeNumber: 5100 }, testRequestContext)).toMatchObject({ ok: true });
    expect((await loadUser(row!.id))!.editorOfVolumeIds).toEqual([]);

    // This test's own events (the other tests here act as the same admin).
    const events = (await db.select().from(auditEvents).where(eq(auditEvents.actorUserId, admin.id))).filter(
      (event) => event.details.editorEmail === 'new.editor@example.org',
    );
    expect(events.map((event) => event.action)).toEqual(['editor.added', 'editor.removed']);
    expect(events[0]?.details).toMatchObject({ editorEmail: 'new.editor@example.org', volume: 5100 });
  });

  it('refuses bad input with a message per field and writes nothing', async () => {
    const admin = await seedUser('people-admin@example.org', 'admin');
    expect(await addVolumeEditor(admin, { email: 'not an email', volumeNumber: 5100 }, testRequestContext)).toMatchObject({
      ok: false,
      fieldErrors: { email: [expect.stringContaining('valid email')] },
    });
    expect(await addVolumeEditor(admin, { email: 'x@example.org', volumeNumber: 987654 }, testRequestContext)).toMatchObject({
      ok: false,
      fieldErrors: { volume: ['Choose a volume.'] },
    });
    expect(await createVolume(admin, { number: 'abc', name: '', agreementVersion: '1' }, testRequestContext)).toMatchObject({
      ok: false,
      fieldErrors: { number: [expect.any(String)], name: [expect.any(String)] },
    });
    const db = await getDb();
    expect(await db.select().from(users).where(eq(users.email, 'x@example.org'))).toHaveLength(0);
  });

  it('grants and revokes admin rights, never one’s own, never an ADMIN_EMAILS entry; lists both kinds', async () => {
    process.env.ADMIN_EMAILS = 'boss@example.org';
    const admin = await seedUser('people-admin@example.org', 'admin');
    expect(await setAdmin(admin, { email: 'second@example.org', isAdmin: true }, testRequestContext)).toMatchObject({ ok: true });
    const people = await listPeople(admin);
    expect(people.filter((person) => person.isAdmin).map((person) => person.email)).toEqual(
      expect.arrayContaining(['boss@example.org', 'people-admin@example.org', 'second@example.org']),
    );
    expect(people.find((person) => person.email === 'boss@example.org')?.isAdminByConfiguration).toBe(true);
    expect(await setAdmin(admin, { email: 'people-admin@example.org', isAdmin: false }, testRequestContext)).toMatchObject({ ok: false });
    expect(await setAdmin(admin, { email: 'boss@example.org', isAdmin: false }, testRequestContext)).toMatchObject({ ok: false });
    expect(await setAdmin(admin, { email: 'second@example.org', isAdmin: false }, testRequestContext)).toMatchObject({ ok: true });
  });

  it('is for admins only', async () => {
    const editor = await seedUser('people-editor@example.org', 'editor');
    await expect(listPeople(editor)).rejects.toBeInstanceOf(NotFoundError);
    await expect(addVolumeEditor(editor, { email: 'x@example.org', volumeNumber: 900 }, testRequestContext)).rejects.toBeInstanceOf(NotFoundError);
    await expect(setAdmin(editor, { email: 'people-editor@example.org', isAdmin: true }, testRequestContext)).rejects.toBeInstanceOf(NotFoundError);
    await expect(createVolume(editor, { number: 5300, name: 'X', agreementVersion: 1 }, testRequestContext)).rejects.toBeInstanceOf(NotFoundError);
  });
});

import { eq, inArray, sql } from 'drizzle-orm';
import { addDays } from 'date-fns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { getDb, queryRows } from '@/db/client';
import { emailPapers, emails, papers, volumes } from '@/db/schema';
import { startSmtpSink } from '@/e2e/support/smtp-sink';
import { deliverEmail } from '@/lib/mail/deliver-email';
import { closeMailTransport } from '@/lib/mail/send-mail';
import { queueEmails } from '@/lib/mail/outbox';
import { expectDbError } from '@/tests/expect-db-error';
import { paperRow, seedPapers, seedUser, seedVolume, signPaperAs, testRequestContext } from '@/tests/factories';

import { countNeverInvited, inviteAuthors, planInvitations, queueDueReminders, remindAuthors } from './invite-authors';

// Every test has volumes of its own (numbers below), so none depends on another's emails.
let nextVolume = 7100;

async function volumeWithPapers(
  rows: Parameters<typeof paperRow>[0][],
  schedule: Partial<typeof volumes.$inferInsert> = {},
) {
  const number = nextVolume++;
  await seedVolume(number, `Volume ${number}`);
  const db = await getDb();
  await db
    .update(volumes)
    .set({ signingDeadline: '2099-01-31', ...schedule })
    .where(eq(volumes.number, number));
  await seedPapers(rows.map((row) => paperRow({ volume: number, ...row })));
  const volumePapers = await db
    .select()
    .from(papers)
    .innerJoin(volumes, eq(volumes.id, papers.volumeId))
    .where(eq(volumes.number, number));
  const editor = await seedUser(`editor-${number}@example.org`, 'editor', [number]);
  return { number, volumeId: volumePapers[0]!.volumes.id, papers: volumePapers.map((row) => row.papers), editor };
}

async function emailsOf(volumeId: number) {
  const db = await getDb();
  const rows = await db.select().from(emails).where(eq(emails.volumeId, volumeId));
  const links = rows.length
    ? await db
        .select()
        .from(emailPapers)
        .where(
          inArray(
            emailPapers.emailId,
            rows.map((row) => row.id),
          ),
        )
    : [];
  return rows.map((row) => ({
    ...row,
    paperIds: links.filter((link) => link.emailId === row.id).map((link) => link.paperId),
  }));
}

const requestId = () => crypto.randomUUID();

describe('inviting a volume', () => {
  it('sends one email per author, listing every paper of theirs', async () => {
    const {
      number,
      volumeId,
      papers: all,
      editor,
    } = await volumeWithPapers([
      { correspondingAuthorEmail: 'three@example.org' },
      { correspondingAuthorEmail: 'three@example.org' },
      { correspondingAuthorEmail: 'three@example.org' },
      { correspondingAuthorEmail: 'one@example.org' },
    ]);
    const plan = await planInvitations(await getDb(), volumeId, 'not-invited');
    expect(plan).toMatchObject({ awaiting: 4, notInvited: 4, papers: 4 });
    expect(plan.recipients.map((recipient) => [recipient.email, recipient.papers.length])).toEqual([
      ['one@example.org', 1],
      ['three@example.org', 3],
    ]);

    const result = await inviteAuthors(
      editor,
      { volumeNumber: number, scope: 'not-invited', requestId: requestId() },
      testRequestContext,
    );
    expect(result).toEqual({ ok: true, emails: 2, papers: 4 });
    const sent = await emailsOf(volumeId);
    expect(sent.map((email) => [email.kind, email.recipient, email.paperIds.length]).sort()).toEqual([
      ['invitation', 'one@example.org', 1],
      ['invitation', 'three@example.org', 3],
    ]);
    expect(new Set(sent.flatMap((email) => email.paperIds))).toEqual(new Set(all.map((paper) => paper.id)));
  });

  it('invites only papers not invited before, unless asked to include them', async () => {
    const { number, volumeId, editor } = await volumeWithPapers([{}, {}]);
    await inviteAuthors(
      editor,
      { volumeNumber: number, scope: 'not-invited', requestId: requestId() },
      testRequestContext,
    );
    // A later import adds a paper.
    await seedPapers([paperRow({ volume: number, correspondingAuthorEmail: 'late@example.org' })]);
    const again = await inviteAuthors(
      editor,
      { volumeNumber: number, scope: 'not-invited', requestId: requestId() },
      testRequestContext,
    );
    expect(again).toEqual({ ok: true, emails: 1, papers: 1 });
    expect((await emailsOf(volumeId)).filter((email) => email.recipient === 'late@example.org')).toHaveLength(1);
    const everyone = await inviteAuthors(
      editor,
      { volumeNumber: number, scope: 'all-awaiting', requestId: requestId() },
      testRequestContext,
    );
    expect(everyone).toEqual({ ok: true, emails: 3, papers: 3 });
  });

  it('keeps each paper’s live invitations with the email log: failed, cancelled and retried invitations, reminders', async () => {
    const { volumeId, papers: three } = await volumeWithPapers([{}, {}, {}]);
    const [first, second, third] = three.map((paper) => paper.id) as [string, string, string];
    const db = await getDb();
    const message = (kind: 'invitation' | 'reminder', paperIds: string[]) => ({
      idempotencyKey: `${kind}:${crypto.randomUUID()}`,
      kind,
      recipient: 'author@example.org',
      volumeId,
      paperIds,
    });
    // Each paper's column, checked against the count from the log itself (as the page once read it).
    const live = async () => {
      const rows = queryRows<{ id: string; live: number; fromLog: number }>(
        await db.execute(sql`select p.id, p.live_invitations as live,
            (select count(*)::int from email_papers ep join emails e on e.id = ep.email_id
              where ep.paper_id = p.id and e.kind = 'invitation' and e.state not in ('cancelled', 'failed')) as "fromLog"
          from papers p where p.volume_id = ${volumeId}`),
      );
      for (const row of rows) expect(row.live, `paper ${row.id}`).toBe(row.fromLog);
      const byId = new Map(rows.map((row) => [row.id, row.live]));
      return [byId.get(first), byId.get(second), byId.get(third)];
    };
    const setState = (emailId: string, state: 'sending' | 'sent' | 'failed' | 'cancelled' | 'queued' | 'retrying') =>
      db.update(emails).set({ state }).where(eq(emails.id, emailId));

    expect(await live()).toEqual([0, 0, 0]);
    expect(await countNeverInvited(db, volumeId)).toBe(3);

    const [both] = await queueEmails(db, [message('invitation', [first, second])]);
    const [again] = await queueEmails(db, [message('invitation', [first])]);
    await queueEmails(db, [message('reminder', [third])]);
    expect(await live()).toEqual([2, 1, 0]);
    expect(await countNeverInvited(db, volumeId)).toBe(1);

    await setState(both!, 'sending');
    await setState(both!, 'sent');
    expect(await live()).toEqual([2, 1, 0]);

    // A refused invitation no longer counts; retried, it counts again; cancelled, not.
    await setState(again!, 'failed');
    expect(await live()).toEqual([1, 1, 0]);
    await setState(again!, 'retrying');
    expect(await live()).toEqual([2, 1, 0]);
    await setState(both!, 'cancelled');
    await setState(again!, 'cancelled');
    expect(await live()).toEqual([0, 0, 0]);
    expect(await countNeverInvited(db, volumeId)).toBe(3);

    // Only the owner deletes from the log: the app role (the PostgreSQL run) is refused; on the
    // embedded database, where the portal is the owner, the count follows the deletion too.
    await setState(again!, 'queued');
    expect(await live()).toEqual([1, 0, 0]);
    const deletion = db.delete(emails).where(inArray(emails.id, [both!, again!]));
    if (process.env.TEST_DRIVER === 'postgres') {
      await expectDbError(deletion, /permission denied for table emails/);
      expect(await live()).toEqual([1, 0, 0]);
    } else {
      await deletion;
      expect(await live()).toEqual([0, 0, 0]);
    }

    // The database refuses a count below zero, whoever writes it.
    await expectDbError(
      db.update(papers).set({ liveInvitations: -1 }).where(eq(papers.id, first)),
      /papers_live_invitations_not_negative/,
    );
  });

  it('queues nothing twice for one confirmation (the same request id)', async () => {
    const { number, volumeId, editor } = await volumeWithPapers([{}, {}]);
    const id = requestId();
    const first = await inviteAuthors(
      editor,
      { volumeNumber: number, scope: 'all-awaiting', requestId: id },
      testRequestContext,
    );
    const second = await inviteAuthors(
      editor,
      { volumeNumber: number, scope: 'all-awaiting', requestId: id },
      testRequestContext,
    );
    expect(first.emails).toBe(2);
    expect(second.emails).toBe(0);
    expect(await emailsOf(volumeId)).toHaveLength(2);
  });

  it('refuses without a deadline, and refuses editors of other volumes', async () => {
    const { number, editor } = await volumeWithPapers([{}], { signingDeadline: null });
    await expect(
      inviteAuthors(editor, { volumeNumber: number, scope: 'not-invited', requestId: requestId() }, testRequestContext),
    ).rejects.toThrow(/Set a signing deadline first/);
    const other = await volumeWithPapers([{}]);
    await expect(
      inviteAuthors(
        other.editor,
        { volumeNumber: number, scope: 'not-invited', requestId: requestId() },
        testRequestContext,
      ),
    ).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('reminders', () => {
  it('never reminds a signed or withdrawn paper, by hand or on schedule', async () => {
    const {
      number,
      volumeId,
      papers: all,
      editor,
    } = await volumeWithPapers(
      [
        { correspondingAuthorEmail: 'signs@example.org' },
        { correspondingAuthorEmail: 'waits@example.org' },
        { correspondingAuthorEmail: 'withdraws@example.org' },
      ],
      { reminderIntervalDays: 7, reminderLimit: 5 },
    );
    await inviteAuthors(
      editor,
      { volumeNumber: number, scope: 'not-invited', requestId: requestId() },
      testRequestContext,
    );
    const byEmail = (email: string) => all.find((paper) => paper.correspondingAuthorEmail === email)!;
    await signPaperAs('signs@example.org', byEmail('signs@example.org').id);
    const db = await getDb();
    await db
      .update(papers)
      .set({ status: 'withdrawn' })
      .where(eq(papers.id, byEmail('withdraws@example.org').id));

    const manual = await remindAuthors(editor, { volumeNumber: number, requestId: requestId() }, testRequestContext);
    expect(manual).toMatchObject({ emails: 1, papers: 1 });
    await expect(
      remindAuthors(
        editor,
        { volumeNumber: number, paperId: byEmail('signs@example.org').id, requestId: requestId() },
        testRequestContext,
      ),
    ).rejects.toThrow(/does not await a signature/);

    await queueDueReminders(addDays(new Date(), 8));
    const reminders = (await emailsOf(volumeId)).filter((email) => email.kind === 'reminder');
    expect(reminders.map((email) => email.recipient)).toEqual(['waits@example.org', 'waits@example.org']);
  });

  it('cancels a queued reminder whose papers were all signed before it was sent', async () => {
    const {
      number,
      volumeId,
      papers: all,
      editor,
    } = await volumeWithPapers([{ correspondingAuthorEmail: 'quick@example.org' }]);
    await remindAuthors(
      editor,
      { volumeNumber: number, paperId: all[0]!.id, requestId: requestId() },
      testRequestContext,
    );
    await signPaperAs('quick@example.org', all[0]!.id);
    const [reminder] = (await emailsOf(volumeId)).filter((email) => email.kind === 'reminder');
    expect(await deliverEmail(reminder!.id, { finalAttempt: false })).toEqual({ outcome: 'cancelled' });
    const [after] = (await emailsOf(volumeId)).filter((email) => email.id === reminder!.id);
    expect(after).toMatchObject({ state: 'cancelled', sentAt: null });
  });

  it('follows the rule on a controlled clock: every N days, once before the deadline, at most the limit', async () => {
    const deadline = addDays(new Date(), 20).toISOString().slice(0, 10);
    const { number, volumeId, editor } = await volumeWithPapers([{ correspondingAuthorEmail: 'slow@example.org' }], {
      signingDeadline: deadline,
      reminderIntervalDays: 7,
      reminderDaysBeforeDeadline: 2,
      reminderLimit: 3,
    });
    await inviteAuthors(
      editor,
      { volumeNumber: number, scope: 'not-invited', requestId: requestId() },
      testRequestContext,
    );
    const now = new Date();
    const reminderDays = async () =>
      (await emailsOf(volumeId))
        .filter((email) => email.kind === 'reminder')
        .map((email) => Math.round((email.createdAt.getTime() - now.getTime()) / 86_400_000))
        .sort((a, b) => a - b);

    for (let day = 1; day <= 25; day += 1) await queueDueReminders(addDays(now, day));
    // Day 7 and 14 by the interval, day 18 (two days before the deadline), then the limit of 3.
    expect(await reminderDays()).toEqual([7, 14, 18]);
    // Running the schedule again on the same day (two processes, or a retried job) adds nothing.
    await queueDueReminders(addDays(now, 18));
    expect(await reminderDays()).toEqual([7, 14, 18]);
  });

  it('sends nothing after the deadline has passed', async () => {
    const now = new Date();
    const { number, volumeId, editor } = await volumeWithPapers([{}], {
      signingDeadline: addDays(now, 3).toISOString().slice(0, 10),
      reminderIntervalDays: 7,
    });
    await inviteAuthors(
      editor,
      { volumeNumber: number, scope: 'not-invited', requestId: requestId() },
      testRequestContext,
    );
    await queueDueReminders(addDays(now, 10));
    expect((await emailsOf(volumeId)).filter((email) => email.kind === 'reminder')).toHaveLength(0);
  });
});

describe('delivery', () => {
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  const savedServer = process.env.EMAIL_SERVER;

  beforeAll(async () => {
    sink = await startSmtpSink();
    process.env.EMAIL_SERVER = `smtp://127.0.0.1:${sink.smtpPort}`;
  });
  afterAll(async () => {
    if (savedServer === undefined) delete process.env.EMAIL_SERVER;
    else process.env.EMAIL_SERVER = savedServer;
    closeMailTransport();
    await sink.close();
  });

  it('sends the same event once, however often it is queued or delivered', async () => {
    const { volumeId, papers: all } = await volumeWithPapers([{ correspondingAuthorEmail: 'once@example.org' }]);
    const db = await getDb();
    const event = {
      idempotencyKey: `invitation:${volumeId}:once@example.org:test-event`,
      kind: 'invitation' as const,
      recipient: 'once@example.org',
      volumeId,
      paperIds: [all[0]!.id],
    };
    const first = await db.transaction((tx) => queueEmails(tx, [event]));
    const second = await db.transaction((tx) => queueEmails(tx, [event]));
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(0);

    const outcomes = await Promise.all([1, 2, 3].map(() => deliverEmail(first[0]!, { finalAttempt: false })));
    expect(outcomes.filter((outcome) => outcome.outcome === 'sent')).toHaveLength(1);
    expect(await deliverEmail(first[0]!, { finalAttempt: false })).toEqual({ outcome: 'skipped' });
    const received = sink.messages.filter((message) => message.to.includes('once@example.org'));
    expect(received).toHaveLength(1);
    expect(received[0]!.subject).toContain('Please sign the publication agreement');
    expect(received[0]!.html).toContain('Read and sign the agreement');
    expect(received[0]!.text).toContain('Please sign by 31 January 2099');
  });

  it('keeps to MAIL_RATE_PER_MINUTE: once the minute is used up, the next message waits', async () => {
    const { volumeId, papers: all } = await volumeWithPapers([
      { correspondingAuthorEmail: 'rate-a@example.org' },
      { correspondingAuthorEmail: 'rate-b@example.org' },
    ]);
    const db = await getDb();
    const ids = await db.transaction((tx) =>
      queueEmails(
        tx,
        all.map((paper) => ({
          idempotencyKey: `test-rate:${paper.id}`,
          kind: 'invitation' as const,
          recipient: paper.correspondingAuthorEmail,
          volumeId,
          paperIds: [paper.id],
        })),
      ),
    );
    // Whatever other tests sent this minute, leave room for exactly one more.
    const [used] = queryRows<{ count: number }>(
      await db.execute(sql`select count(*)::int as count from emails where claimed_at > now() - interval '1 minute'`),
    );
    const saved = process.env.MAIL_RATE_PER_MINUTE;
    process.env.MAIL_RATE_PER_MINUTE = String(used!.count + 1);
    try {
      expect(await deliverEmail(ids[0]!, { finalAttempt: false })).toEqual({ outcome: 'sent' });
      const second = await deliverEmail(ids[1]!, { finalAttempt: false });
      expect(second.outcome).toBe('deferred');
      const wait = second.outcome === 'deferred' ? second.retryAt.getTime() - Date.now() : 0;
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(61_000);
      const [waiting] = await db.select().from(emails).where(eq(emails.id, ids[1]!));
      // Deferred, not failed: no attempt spent, still queued.
      expect(waiting).toMatchObject({ state: 'queued', attempts: 0 });
    } finally {
      if (saved === undefined) delete process.env.MAIL_RATE_PER_MINUTE;
      else process.env.MAIL_RATE_PER_MINUTE = saved;
    }
  });

  it('records the SMTP error and retries a message the server refused', async () => {
    const { volumeId, papers: all } = await volumeWithPapers([{ correspondingAuthorEmail: 'refused@example.org' }]);
    const db = await getDb();
    const [id] = await db.transaction((tx) =>
      queueEmails(tx, [
        {
          idempotencyKey: `test-refused:${volumeId}`,
          kind: 'invitation',
          recipient: 'refused@example.org',
          volumeId,
          paperIds: [all[0]!.id],
        },
      ]),
    );
    sink.setRefusing(true);
    try {
      await expect(deliverEmail(id!, { finalAttempt: false })).rejects.toThrow();
    } finally {
      sink.setRefusing(false);
    }
    const [failed] = await db.select().from(emails).where(eq(emails.id, id!));
    expect(failed).toMatchObject({ state: 'retrying', attempts: 1 });
    expect(failed!.lastError).toMatch(/421/);
    expect(await deliverEmail(id!, { finalAttempt: false })).toEqual({ outcome: 'sent' });
    const [sent] = queryRows<{ state: string; attempts: number }>(
      await db.execute(sql`select state, attempts from emails where id = ${id!}`),
    );
    expect(sent).toEqual({ state: 'sent', attempts: 2 });
  });
});

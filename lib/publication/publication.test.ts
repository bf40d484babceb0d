import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { getDb } from '@/db/client';
import { auditEvents, emails, papers, signatureVoids, volumes } from '@/db/schema';
import { terminationDate } from '@/lib/agreements/format-time';
import { paperRow, seedPapers, seedUser, seedVolume, signPaperAs, testRequestContext } from '@/tests/factories';

import { lapsingPapers } from './clause7';
import { composeLapseDigest, queueLapseDigests } from './lapse-digest';
import { addMonthsUtc, lapseStatus } from './lapse';
import { parsePublicationCsv } from './parse-publication-csv';
import { applyPublicationRows, setPaperPublication, setVolumePublication } from './record-publication';
import { requestNewSignature } from './request-new-signature';

const DAY = 24 * 60 * 60 * 1000;
let nextVolume = 8100;

async function signedVolume(count = 2) {
  const number = nextVolume++;
  await seedVolume(number, `Clause Seven ${number}`);
  const rows = Array.from({ length: count }, () => paperRow({ volume: number }));
  await seedPapers(rows);
  const db = await getDb();
  const volumePapers = await db
    .select({ paper: papers })
    .from(papers)
    .innerJoin(volumes, eq(volumes.id, papers.volumeId))
    .where(eq(volumes.number, number));
  const signatures = [];
  for (const { paper } of volumePapers) signatures.push(await signPaperAs(paper.correspondingAuthorEmail, paper.id));
  const editor = await seedUser(`clause7-editor-${number}@example.org`, 'editor', [number]);
  return { number, volumeId: volumePapers[0]!.paper.volumeId, papers: volumePapers.map((row) => row.paper), signatures, editor };
}

describe('clause 7 lapse dates', () => {
  it('adds twelve calendar months in UTC, 29 February becoming 28 February', () => {
    expect(addMonthsUtc(new Date('2024-02-29T10:11:12.345Z'), 12).toISOString()).toBe('2025-02-28T10:11:12.345Z');
    expect(addMonthsUtc(new Date('2023-02-28T23:59:59.999Z'), 12).toISOString()).toBe('2024-02-28T23:59:59.999Z');
    expect(addMonthsUtc(new Date('2026-03-31T00:00:00Z'), 1).toISOString()).toBe('2026-04-30T00:00:00.000Z');
    expect(addMonthsUtc(new Date('2026-12-01T08:00:00Z'), 12).toISOString()).toBe('2027-12-01T08:00:00.000Z');
    expect(terminationDate(new Date('2024-02-29T12:00:00Z'), { clause: '7', months: 12 })!.date.toISOString()).toBe(
      '2025-02-28T12:00:00.000Z',
    );
  });

  it('classifies published, open, at-risk and lapsed on a controlled clock', () => {
    const lapsesAt = new Date('2027-06-01T12:00:00Z');
    const at = (iso: string) => new Date(iso);
    expect(lapseStatus({ lapsesAt, publishedOn: '2027-01-01' }, at('2028-01-01T00:00:00Z'), 60)).toBe('published');
    expect(lapseStatus({ lapsesAt, publishedOn: null }, at('2027-03-01T00:00:00Z'), 60)).toBe('open');
    expect(lapseStatus({ lapsesAt, publishedOn: null }, at('2027-04-02T12:00:00Z'), 60)).toBe('at-risk');
    expect(lapseStatus({ lapsesAt, publishedOn: null }, at('2027-04-02T11:59:59Z'), 60)).toBe('open');
    expect(lapseStatus({ lapsesAt, publishedOn: null }, at('2027-06-01T11:59:59Z'), 60)).toBe('at-risk');
    expect(lapseStatus({ lapsesAt, publishedOn: null }, at('2027-06-01T12:00:00Z'), 60)).toBe('lapsed');
  });

  it('lists a signed paper as at risk, then lapsed, and not once its volume is published', async () => {
    const { volumeId, signatures, editor, number } = await signedVolume(1);
    const db = await getDb();
    const signature = signatures[0]!;
    const lapsesAt = addMonthsUtc(signature.signedAt, 12);
    const scope = eq(volumes.id, volumeId);

    expect(await lapsingPapers(db, scope, new Date(lapsesAt.getTime() - 61 * DAY), { warningDays: 60 })).toEqual([]);
    const [atRisk] = await lapsingPapers(db, scope, new Date(lapsesAt.getTime() - 59 * DAY), { warningDays: 60 });
    expect(atRisk).toMatchObject({ status: 'at-risk', signatureId: signature.id });
    // The database computes the same instant as the pages and emails.
    expect(atRisk!.lapsesAt.toISOString()).toBe(lapsesAt.toISOString());
    const [lapsed] = await lapsingPapers(db, scope, new Date(lapsesAt.getTime() + DAY), { warningDays: 60 });
    expect(lapsed!.status).toBe('lapsed');

    await setVolumePublication(editor, { volumeNumber: number, publication: { publishedOn: '2026-11-30', url: 'https://proceedings.example.org/v1/' } }, testRequestContext);
    expect(await lapsingPapers(db, scope, new Date(lapsesAt.getTime() + DAY), { warningDays: 60 })).toEqual([]);
  });
});

describe('recording publication', () => {
  it('marks a volume published with one audit event per paper, and is idempotent', async () => {
    const { number, volumeId, papers: volumePapers, editor } = await signedVolume(2);
    const publication = { publishedOn: '2026-11-20', url: 'https://proceedings.example.org/v9/' };
    expect(await setVolumePublication(editor, { volumeNumber: number, publication }, testRequestContext)).toEqual({ changedPapers: 2 });
    expect(await setVolumePublication(editor, { volumeNumber: number, publication }, testRequestContext)).toEqual({ changedPapers: 0 });
    const db = await getDb();
    const events = await db.select().from(auditEvents).where(and(eq(auditEvents.volumeId, volumeId), eq(auditEvents.action, 'paper.published')));
    expect(events.map((event) => event.paperId).sort()).toEqual(volumePapers.map((paper) => paper.id).sort());
    expect(events[0]!.details).toMatchObject({ publishedOn: '2026-11-20', url: publication.url, previous: null, via: 'volume' });

    // A paper's own date overrides the volume's, with its own event holding old and new values.
    const own = { publishedOn: '2026-11-25', url: 'https://proceedings.example.org/v9/paper.html' };
    expect(await setPaperPublication(editor, { paperId: volumePapers[0]!.id, publication: own }, testRequestContext)).toEqual({ changed: true });
    const [ownEvent] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.paperId, volumePapers[0]!.id), eq(auditEvents.action, 'paper.published'), eq(auditEvents.actorUserId, editor.id)))
      .orderBy(auditEvents.sequence);
    expect(ownEvent).toBeDefined();
  });

  it('refuses an editor of another volume', async () => {
    const { number, papers: volumePapers } = await signedVolume(1);
    const outsider = await seedUser(`outsider-${number}@example.org`, 'editor', [number + 5000]);
    const publication = { publishedOn: '2026-11-20', url: 'https://example.org/' };
    await expect(setVolumePublication(outsider, { volumeNumber: number, publication }, testRequestContext)).rejects.toMatchObject({ code: 'not-found' });
    await expect(setPaperPublication(outsider, { paperId: volumePapers[0]!.id, publication }, testRequestContext)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('imports a publication file all or nothing, with line numbers, and a second run changes nothing', async () => {
    const { number, papers: volumePapers, editor } = await signedVolume(2);
    const [a, b] = volumePapers;
    const bad = parsePublicationCsv(
      `volume,paper_key,published_on,url\n${number},${a!.paperKey},2026-02-30,https://x.example/a\n${number},${b!.paperKey},2026-11-01,ftp://x.example/b\n`,
    );
    expect(bad).toEqual({
      ok: false,
      problems: [
        { line: 2, message: 'published_on: this date does not exist' },
        { line: 3, message: expect.stringContaining('url: the URL must be a full http(s) address') },
      ],
    });

    const file = `volume,paper_key,published_on,url\n${number},${a!.paperKey},2026-11-01,https://x.example/a\n${number},nosuchpaper,2026-11-01,https://x.example/z\n`;
    const parsed = parsePublicationCsv(file);
    if (!parsed.ok) throw new Error('expected a well-formed file');
    const refused = await applyPublicationRows(parsed.rows, { user: editor, context: testRequestContext, source: 'editor' });
    expect(refused.problems).toEqual([{ line: 3, message: `volume ${number} has no paper "nosuchpaper"` }]);
    const db = await getDb();
    const [untouched] = await db.select().from(papers).where(eq(papers.id, a!.id));
    expect(untouched!.publishedOn).toBeNull();

    const good = parsePublicationCsv(`volume,paper_key,published_on,url\n${number},${a!.paperKey},2026-11-01,https://x.example/a\n`);
    if (!good.ok) throw new Error('expected a well-formed file');
    const first = await applyPublicationRows(good.rows, { user: editor, context: testRequestContext, source: 'editor' });
    expect(first.toChange).toHaveLength(1);
    const second = await applyPublicationRows(good.rows, { user: editor, context: testRequestContext, source: 'editor' });
    expect(second).toMatchObject({ toChange: [], unchanged: 1, problems: [] });
    const [published] = await db.select().from(papers).where(eq(papers.id, a!.id));
    expect(published).toMatchObject({ publishedOn: '2026-11-01', publishedUrl: 'https://x.example/a' });
  });
});

describe('a new signature after clause 7 ends an agreement', () => {
  it('voids the lapsed signature and invites the author in one step, and refuses one that has not lapsed', async () => {
    const { papers: volumePapers, signatures, editor } = await signedVolume(1);
    const paper = volumePapers[0]!;
    const lapsesAt = addMonthsUtc(signatures[0]!.signedAt, 12);
    await expect(
      requestNewSignature(editor, { paperId: paper.id, requestId: crypto.randomUUID() }, testRequestContext, new Date(lapsesAt.getTime() - DAY)),
    ).rejects.toMatchObject({ code: 'invalid' });

    const result = await requestNewSignature(editor, { paperId: paper.id, requestId: crypto.randomUUID() }, testRequestContext, new Date(lapsesAt.getTime() + DAY));
    expect(result.recipient).toBe(paper.correspondingAuthorEmail);
    const db = await getDb();
    const [voided] = await db.select().from(signatureVoids).where(eq(signatureVoids.signatureId, signatures[0]!.id));
    expect(voided!.reason).toMatch(/^Clause 7: the paper was not published by/);
    const invitations = await db.select().from(emails).where(eq(emails.idempotencyKey, `new-signature:${voided!.id}`));
    expect(invitations).toHaveLength(1);
    expect(invitations[0]!.kind).toBe('invitation');
  });
});

describe('the weekly clause 7 digest', () => {
  it('queues one email per editor of a volume at risk, once a day, rendered with the papers still at risk', async () => {
    const { volumeId, signatures, editor, number, papers: volumePapers } = await signedVolume(1);
    const lapsesAt = addMonthsUtc(signatures[0]!.signedAt, 12);
    const db = await getDb();
    const digestsOf = () => db.select().from(emails).where(and(eq(emails.volumeId, volumeId), eq(emails.kind, 'lapse_digest')));

    await queueLapseDigests(new Date(lapsesAt.getTime() - 90 * DAY));
    expect(await digestsOf()).toHaveLength(0);

    const monday = new Date(lapsesAt.getTime() - 30 * DAY);
    await queueLapseDigests(monday);
    await queueLapseDigests(new Date(monday.getTime() + 60_000));
    const digests = await digestsOf();
    expect(digests.map((digest) => digest.recipient)).toEqual([editor.email]);

    const composed = await composeLapseDigest(db, digests[0]!, monday);
    expect(composed!.subject).toBe(`Clause 7: 1 agreement at risk in Clause Seven ${number} (volume ${number})`);
    expect(composed!.text).toContain(`${volumePapers[0]!.paperKey}: “${volumePapers[0]!.title}”, lapses on`);

    // Published before it is sent: nothing left to say, so nothing is sent.
    await setVolumePublication(editor, { volumeNumber: number, publication: { publishedOn: '2026-11-30', url: 'https://proceedings.example.org/' } }, testRequestContext);
    expect(await composeLapseDigest(db, digests[0]!, monday)).toBeNull();
  });
});

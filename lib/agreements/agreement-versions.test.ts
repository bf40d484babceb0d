import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

import { getDb } from '@/db/client';
import { agreementTemplates, auditEvents, papers, volumes } from '@/db/schema';
import { NotFoundError } from '@/lib/errors';
import { getVolumeAgreementChoice, setVolumeAgreement } from '@/lib/volumes/manage-volumes';
import { paperRow, seedPapers, seedUser, signPaperAs, testRequestContext } from '@/tests/factories';

import { getPaperAgreement } from './get-paper-agreement';
import { previewAgreementPublication, publishAgreementVersion } from './publish-agreement-version';
import { readShippedAgreementSource } from './shipped-agreement';

/** The shipped file as another version, with clause 7's term changed to two years (and a mark of its own). */
async function version2Source(version = 2, mark = '') {
  return (await readShippedAgreementSource())
    .replace(/^version: 1$/m, `version: ${version}`)
    .replace('  months: 12', '  months: 24')
    .replace('within one year of the date of your signature', `within two years of the date of your signature${mark}`);
}

async function latestVersion(): Promise<number> {
  const db = await getDb();
  return Math.max(...(await db.select({ version: agreementTemplates.version }).from(agreementTemplates)).map((row) => row.version));
}

describe('publishing an agreement version', () => {
  it('the first start published the shipped agreement as version 1, with an audit event', async () => {
    const db = await getDb();
    const [v1] = await db.select().from(agreementTemplates).where(eq(agreementTemplates.version, 1));
    expect(v1).toMatchObject({ title: 'Publication Agreement', publishedByUserId: null, source: expect.stringContaining('version: 1') });
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.action, 'agreement.published'));
    expect(event?.details).toMatchObject({ version: 1, via: 'first-start' });
  });

  it('previews with a diff, publishes the next version once, and never changes a published one', async () => {
    const admin = await seedUser('admin@example.org', 'admin');
    const next = (await latestVersion()) + 1;
    const source = await version2Source(next, ' (publish test)');
    const preview = await previewAgreementPublication(admin, source);
    if (!preview.ok) throw new Error(JSON.stringify(preview.problems));
    expect(preview.preview.previous?.version).toBe(next - 1);
    // What changed from the latest version, whichever it is: this file's own clause 7.
    const changed = preview.preview.diff.filter((part) => part.kind !== 'same');
    expect(changed.find((part) => part.kind === 'added')?.text).toContain('within two years of the date of your signature (publish test)');
    expect(changed.find((part) => part.kind === 'removed')?.text).toMatch(/^7\. This is the entire agreement/m);

    const db = await getDb();
    const before = (await db.select().from(agreementTemplates)).length;
    const stale = await publishAgreementVersion(admin, source, { expectedSha256: '0'.repeat(64) });
    expect(stale).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining('changed after the preview') }] });
    expect((await db.select().from(agreementTemplates)).length).toBe(before);

    const published = await publishAgreementVersion(admin, source, { expectedSha256: preview.preview.sourceSha256, context: testRequestContext });
    if (!published.ok) throw new Error(JSON.stringify(published.problems));
    expect(published.template).toMatchObject({ version: next, publishedByUserId: admin.id, presentation: { termination: { months: 24 } } });
    const again = await publishAgreementVersion(admin, source);
    expect(again).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining(`version ${next} is already published`) }] });
    const skipping = await publishAgreementVersion(admin, source.replace(/^version: \d+$/m, `version: ${next + 3}`));
    expect(skipping).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining(`the next version is ${next + 1}`) }] });
  });

  it('refuses a file with bad front matter, line by line, and publishes nothing', async () => {
    const admin = await seedUser('admin@example.org', 'admin');
    const db = await getDb();
    const before = (await db.select().from(agreementTemplates)).length;
    const broken = (await readShippedAgreementSource())
      .replace(/^version: 1$/m, `version: ${(await latestVersion()) + 1}`)
      .replace('    clause: "6.2"', '    clause: "8.2"');
    const result = await publishAgreementVersion(admin, broken);
    // Line 22 of the file is the acknowledgement's `clause: "8.2"`.
    expect(result).toEqual({ ok: false, problems: [{ line: 22, message: expect.stringContaining('no clause 8.2') }] });
    expect((await db.select().from(agreementTemplates)).length).toBe(before);
  });

  it('is for admins: editors and authors cannot publish', async () => {
    const editor = await seedUser('editor@example.org', 'editor');
    await expect(publishAgreementVersion(editor, await version2Source())).rejects.toBeInstanceOf(NotFoundError);
    await expect(previewAgreementPublication(editor, await version2Source())).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("each volume's agreement version", () => {
  it('one volume signs version 2 while another keeps version 1; signed papers keep theirs', async () => {
    const admin = await seedUser('admin@example.org', 'admin');
    // Volumes of this test's own, created together: both get the latest version ("base").
    await seedPapers([
      paperRow({ volume: 9900, paperKey: 'v900a', correspondingAuthorEmail: 'v900a@example.org' }),
      paperRow({ volume: 9900, paperKey: 'v900b', correspondingAuthorEmail: 'v900b@example.org' }),
      paperRow({ volume: 9336, paperKey: 'v336a', correspondingAuthorEmail: 'v336a@example.org' }),
    ]);
    const db = await getDb();
    const idOf = async (key: string) => (await db.select({ id: papers.id }).from(papers).where(eq(papers.paperKey, key)))[0]!.id;
    const base = (await db.select().from(volumes).where(eq(volumes.number, 9900)))[0]!.agreementVersion!;
    const signedEarly = await signPaperAs('v900a@example.org', await idOf('v900a'));
    expect(signedEarly.templateVersion).toBe(base);

    // Whatever versions exist already, this test publishes one more after its volumes exist.
    const published = await publishAgreementVersion(admin, await version2Source(base + 1, ' (volume test)'));
    if (!published.ok) throw new Error(JSON.stringify(published.problems));
    const v2 = published.template.version;
    // Volumes created before version 2 keep version 1 until an editor chooses.
    expect((await db.select().from(volumes).where(eq(volumes.number, 9336)))[0]?.agreementVersion).toBe(base);

    const editor = await seedUser('editor-9900@example.org', 'editor', [9900]);
    const choice = await getVolumeAgreementChoice(editor, 9900);
    expect(choice).toMatchObject({ awaitingCount: 1, signedCount: 1 });
    const changed = await setVolumeAgreement(editor, { volumeNumber: 9900, version: v2 }, testRequestContext);
    expect(changed).toMatchObject({ ok: true, message: expect.stringContaining('1 paper awaiting a signature') });
    await expect(setVolumeAgreement(editor, { volumeNumber: 9336, version: v2 }, testRequestContext)).rejects.toBeInstanceOf(NotFoundError);

    const signedLater = await signPaperAs('v900b@example.org', await idOf('v900b'));
    expect(signedLater.templateVersion).toBe(v2);
    const otherVolume = await signPaperAs('v336a@example.org', await idOf('v336a'));
    expect(otherVolume.templateVersion).toBe(base);
    const early = await getPaperAgreement(await seedUser('v900a@example.org'), await idOf('v900a'));
    expect(early?.template?.version).toBe(base);
    expect(early?.isSignedTextIntact).toBe(true);
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.action, 'volume.agreement_changed'));
    expect(event?.details).toMatchObject({ volume: 9900, from: base, to: v2, awaitingPapers: 1 });
  });

  it('a volume without a version is not open for signing, and says so', async () => {
    const db = await getDb();
    await seedPapers([paperRow({ volume: 444, paperKey: 'closed1', correspondingAuthorEmail: 'closed1@example.org' })]);
    await db.update(volumes).set({ agreementVersion: null }).where(eq(volumes.number, 444));
    const author = await seedUser('closed1@example.org');
    const [paper] = await db.select({ id: papers.id }).from(papers).where(eq(papers.paperKey, 'closed1'));
    const agreement = await getPaperAgreement(author, paper!.id);
    expect(agreement).toMatchObject({ template: null, text: null, signature: null });
    const { signAgreement } = await import('./sign-agreement');
    const result = await signAgreement({ user: author, paperId: paper!.id, typedName: 'Closed One', acknowledged: [], context: testRequestContext });
    expect(result).toMatchObject({ ok: false, code: 'not-open', message: expect.stringContaining('not open for signing yet') });
  });
});

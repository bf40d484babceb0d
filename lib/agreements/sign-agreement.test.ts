import { eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';

import { getDb, queryRows } from '@/db/client';
import { auditEvents, papers, signatures } from '@/db/schema';
import {
  ALL_ACKNOWLEDGEMENTS,
  paperRow,
  seedAgreementTemplate,
  seedPapers,
  seedUser,
  testRequestContext,
} from '@/tests/factories';

import { agreementSha256, proceedingsName, renderAgreement } from './render-agreement';
import { signAgreement, type SignAgreementInput } from './sign-agreement';

async function paperIdOf(paperKey: string) {
  const db = await getDb();
  const [paper] = await db.select({ id: papers.id }).from(papers).where(eq(papers.paperKey, paperKey));
  return paper!.id;
}

async function signatureCount(paperId: string) {
  const db = await getDb();
  return (await db.select({ id: signatures.id }).from(signatures).where(eq(signatures.paperId, paperId))).length;
}

// Each test gets its own papers and people, so no test sees another's signatures.
let testNumber = 0;
let row: ReturnType<typeof paperRow>;
let correspondingEmail: string;
let otherEmail: string;
let paperId: string;
let input: (overrides?: Partial<SignAgreementInput>) => Promise<SignAgreementInput>;

beforeEach(async () => {
  testNumber += 1;
  correspondingEmail = `corr${testNumber}@example.org`;
  otherEmail = `other${testNumber}@example.org`;
  row = paperRow({
    title: 'Masked Training of Neural Networks with Partial Gradients',
    authors: ['Amirkeivan Mohtashami', 'Martin Jaggi', 'Sebastian Stich'],
    correspondingAuthorName: 'Amirkeivan Mohtashami',
    correspondingAuthorEmail: correspondingEmail,
  });
  await seedAgreementTemplate();
  await seedPapers([row, paperRow({ correspondingAuthorEmail: otherEmail })]);
  paperId = await paperIdOf(row.paperKey);
  const corresponding = await seedUser(correspondingEmail);
  input = async (overrides = {}) => ({
    user: corresponding,
    paperId,
    typedName: 'Amirkeivan Mohtashami',
    acknowledged: ALL_ACKNOWLEDGEMENTS,
    context: testRequestContext,
    ...overrides,
  });
});

describe('signAgreement: who may sign', () => {
  it('records the corresponding author’s signature with all its evidence, and an audit event', async () => {
    const result = await signAgreement(await input());
    if (!result.ok) throw new Error(result.message);
    const { signature } = result;

    const db = await getDb();
    const [{ now }] = queryRows<{ now: string }>(await db.execute(sql`select now()::text as now`)) as [{ now: string }];
    const expectedText = renderAgreement(
      (await seedAgreementTemplate()).body,
      {
        title: row.title,
        proceedings: proceedingsName({ number: 900, name: 'Test Volume' }),
        correspondingAuthor: 'Amirkeivan Mohtashami',
      },
    );
    expect(signature).toMatchObject({
      paperId,
      signerEmail: correspondingEmail,
      typedName: 'Amirkeivan Mohtashami',
      nameOnRecord: 'Amirkeivan Mohtashami',
      templateVersion: 1,
      textSha256: agreementSha256(expectedText),
      titleAtSigning: row.title,
      authorsAtSigning: ['Amirkeivan Mohtashami', 'Martin Jaggi', 'Sebastian Stich'],
      proceedingsAtSigning: 'Proceedings of Machine Learning Research, volume 900 (Test Volume)',
      agreedClauseIds: ALL_ACKNOWLEDGEMENTS,
      authMethod: 'email-magic-link',
      ipAddress: '203.0.113.7',
      userAgent: 'Vitest/4 (integration test)',
      sessionIdHash: 'a'.repeat(64),
      replacesVoidId: null,
    });
    expect(Math.abs(new Date(now).getTime() - signature.signedAt.getTime())).toBeLessThan(60_000);
    expect(result.nameMatchesRecord).toBe(true);

    const events = await db.select().from(auditEvents).where(eq(auditEvents.signatureId, signature.id));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'agreement.signed', paperId, actorEmail: correspondingEmail });
  });

  it.each<[string, () => string, 'author' | 'editor' | 'admin']>([
    ['a co-author who is not the corresponding author', () => 'coauthor@example.org', 'author'],
    ['the corresponding author of another paper', () => otherEmail, 'author'],
    ['an editor', () => 'editor@example.org', 'editor'],
    ['an admin', () => 'admin@example.org', 'admin'],
  ])('refuses %s, and writes nothing', async (_label, email, role) => {
    const user = await seedUser(email(), role);
    const result = await signAgreement(await input({ user, typedName: 'Martin Jaggi' }));
    expect(result).toMatchObject({ ok: false, code: 'not-found' });
    expect(await signatureCount(paperId)).toBe(0);
  });

  it('refuses a signed-out caller', async () => {
    expect(await signAgreement(await input({ user: null }))).toMatchObject({ ok: false, code: 'unauthenticated' });
    expect(await signatureCount(paperId)).toBe(0);
  });

  it('refuses an unknown or malformed paper id', async () => {
    expect(await signAgreement(await input({ paperId: crypto.randomUUID() }))).toMatchObject({ code: 'not-found' });
    expect(await signAgreement(await input({ paperId: "1' or '1'='1" }))).toMatchObject({ code: 'not-found' });
  });

  it('refuses a withdrawn paper', async () => {
    const db = await getDb();
    await db.update(papers).set({ status: 'withdrawn' }).where(eq(papers.id, paperId));
    expect(await signAgreement(await input())).toMatchObject({ ok: false, code: 'withdrawn' });
    expect(await signatureCount(paperId)).toBe(0);
  });
});

describe('signAgreement: what must be confirmed', () => {
  it('lists every missing acknowledgement and an empty name as field errors, and writes nothing', async () => {
    const result = await signAgreement(await input({ acknowledged: ['authority', 'indemnity'], typedName: '   ' }));
    expect(result).toMatchObject({ ok: false, code: 'invalid' });
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(
      ['typedName', 'licence-cc-by', 'warranty-original', 'warranty-sole-authors', 'warranty-no-infringement', 'electronic-signature'].sort(),
    );
    expect(result.fieldErrors?.typedName).toEqual(['Type your full name to sign.']);
    expect(await signatureCount(paperId)).toBe(0);
  });

  it('refuses a name over 200 characters', async () => {
    const result = await signAgreement(await input({ typedName: 'A'.repeat(201) }));
    expect(result).toMatchObject({ ok: false, fieldErrors: { typedName: ['Your name can be at most 200 characters.'] } });
  });

  it('refuses a name with a bidi override or another invisible character, and writes nothing', async () => {
    for (const typedName of ['Amirkeivan\u202EihsatmahoM', 'Amir\u200Bkeivan Mohtashami', 'Amir\u0007 Mohtashami']) {
      const result = await signAgreement(await input({ typedName }));
      expect(result).toMatchObject({ ok: false, code: 'invalid' });
      expect(result.ok ? [] : result.fieldErrors?.typedName?.join(' ')).toMatch(/invisible character \(U\+(202E, right-to-left override|200B, zero-width space|0007, an invisible control character)\)/);
    }
    expect(await signatureCount(paperId)).toBe(0);
  });

  // Found by fuzzing: a name in a script no embedded font has crashed the PDF (a 500).
  it('refuses a name the signed PDF cannot show (emoji, scripts without a font), and writes nothing', async () => {
    for (const [typedName, shown] of [['Amir 😀 Mohtashami', '😀'], ['अमीर मोहताशमी', 'अ']] as const) {
      const result = await signAgreement(await input({ typedName }));
      expect(result).toMatchObject({ ok: false, code: 'invalid' });
      expect(result.ok ? '' : result.fieldErrors?.typedName?.join(' ')).toContain(`The signed PDF cannot show ${shown}`);
    }
    expect(await signatureCount(paperId)).toBe(0);
    // Chinese, Greek and Cyrillic names it can show.
    const result = await signAgreement(await input({ typedName: '李雷' }));
    expect(result).toMatchObject({ ok: true });
  });

  it('accepts a name that differs from the record, keeps both, and says so', async () => {
    const result = await signAgreement(await input({ typedName: '  Amir   Mohtashami ' }));
    if (!result.ok) throw new Error(result.message);
    expect(result.nameMatchesRecord).toBe(false);
    expect(result.signature).toMatchObject({ typedName: 'Amir Mohtashami', nameOnRecord: 'Amirkeivan Mohtashami' });
  });

  it('records the template’s clause list whatever extra ids the request sends', async () => {
    const result = await signAgreement(await input({ acknowledged: [...ALL_ACKNOWLEDGEMENTS, 'i-waive-nothing'] }));
    if (!result.ok) throw new Error(result.message);
    expect(result.signature.agreedClauseIds).toEqual(ALL_ACKNOWLEDGEMENTS);
  });
});

describe('signAgreement: signing twice', () => {
  it('answers a second submission with "already signed" and keeps one row', async () => {
    expect((await signAgreement(await input())).ok).toBe(true);
    expect(await signAgreement(await input())).toMatchObject({ ok: false, code: 'already-signed' });
    expect(await signatureCount(paperId)).toBe(1);
  });

  it('leaves exactly one row after 20 concurrent submissions; the rest hear "already signed"', async () => {
    const attempt = await input();
    const results = await Promise.all(Array.from({ length: 20 }, () => signAgreement(attempt)));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok && result.code === 'already-signed')).toHaveLength(19);
    expect(await signatureCount(paperId)).toBe(1);
    const db = await getDb();
    expect(await db.select().from(auditEvents).where(eq(auditEvents.paperId, paperId))).toHaveLength(1);
  });
});

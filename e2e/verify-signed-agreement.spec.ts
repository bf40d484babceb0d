import { createHash } from 'node:crypto';

import { canonicalSignatureRecord, isSealValid } from '../lib/evidence/seal';
import { checkAllTerms, expect, mailbox, signInDirectly, test } from './support/fixtures';

test('a signed PDF is attached to the receipt, verifies publicly, and fails once altered', async ({ browser, page, sql }) => {
  const email = 'n.kramer@example.com';
  const [paper] = await sql<{ id: string; title: string }[]>`
    select id, title from papers where corresponding_author_email = ${email}`;
  await signInDirectly(page, sql, email);
  // A client that claims another address: the evidence records the socket's, and the claim apart.
  await page.setExtraHTTPHeaders({ 'X-Forwarded-For': '203.0.113.66, 10.0.0.1' });
  await page.goto(`/papers/${paper!.id}`);
  await checkAllTerms(page);
  await page.getByLabel('Your full name, as your signature').fill('Nicholas Krämer');
  await page.getByRole('button', { name: 'Sign agreement' }).click();
  await expect(page.getByRole('heading', { name: 'Thank you: the agreement is signed' })).toBeVisible();

  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download signed PDF' }).click();
  const download = await downloadPromise;
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  const pdf = Buffer.concat(chunks);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

  const [signature] = await sql`select * from signatures where paper_id = ${paper!.id}`;
  expect(['127.0.0.1', '::1']).toContain(signature!.ip_address); // localhost, whichever family
  expect(signature!.forwarded_for_claimed).toBe('203.0.113.66, 10.0.0.1');
  const [signedEvent] = await sql`select ip_address from audit_events where signature_id = ${signature!.id} and action = 'agreement.signed'`;
  expect(signedEvent!.ip_address).toBe(signature!.ip_address);
  const sha = createHash('sha256').update(pdf).digest('hex');
  expect(sha).toBe(signature!.pdf_sha256);

  const receipt = await mailbox.waitForMessage(email);
  expect(receipt.attachments).toHaveLength(1);
  expect(receipt.attachments[0]!.contentType).toBe('application/pdf');
  expect(createHash('sha256').update(Buffer.from(receipt.attachments[0]!.contentBase64, 'base64')).digest('hex')).toBe(sha);

  // The seal checks out with nothing but the published public key.
  const keys = await (await page.request.get('/.well-known/agreement-seal-keys.json')).json();
  expect(keys.keys[0].kid).toBe(signature!.seal_key_id);
  const record = canonicalSignatureRecord({
    id: signature!.id,
    paperId: signature!.paper_id,
    userId: signature!.user_id,
    signerEmail: signature!.signer_email,
    typedName: signature!.typed_name,
    nameOnRecord: signature!.name_on_record,
    templateVersion: signature!.template_version,
    textSha256: signature!.text_sha256,
    titleAtSigning: signature!.title_at_signing,
    authorsAtSigning: signature!.authors_at_signing,
    proceedingsAtSigning: signature!.proceedings_at_signing,
    agreedClauseIds: signature!.agreed_clause_ids,
    signedAt: signature!.signed_at,
    authMethod: signature!.auth_method,
    sessionIdHash: signature!.session_id_hash,
    ipAddress: signature!.ip_address,
    userAgent: signature!.user_agent,
    recordFormat: signature!.record_format,
    forwardedForClaimed: signature!.forwarded_for_claimed,
  });
  expect(isSealValid(record, signature!.seal, Buffer.from(keys.keys[0].spki, 'base64'))).toBe(true);

  // Anyone, signed out, can verify it.
  const visitor = await browser.newPage();
  await visitor.goto('/verify');
  await visitor.getByLabel('Signed agreement (PDF)').setInputFiles({ name: 'agreement.pdf', mimeType: 'application/pdf', buffer: pdf });
  await visitor.getByRole('button', { name: 'Check PDF' }).click();
  const valid = visitor.getByRole('status').filter({ hasText: 'Valid: signed by Nicholas Krämer' });
  await expect(valid).toBeVisible();
  // Each check is listed, and the signer's email is not shown to whoever holds the PDF.
  await expect(valid.getByRole('list', { name: 'What was checked' }).getByRole('listitem')).toHaveCount(4);
  await expect(valid).toContainText('The document seal binds this PDF to the signature');
  await expect(valid).not.toContainText(email);

  const altered = Buffer.from(pdf);
  const middle = Math.floor(altered.length / 2);
  altered[middle] = altered[middle]! ^ 0x20;
  await visitor.getByLabel('Signed agreement (PDF)').setInputFiles({ name: 'agreement.pdf', mimeType: 'application/pdf', buffer: altered });
  await visitor.getByRole('button', { name: 'Check PDF' }).click();
  await expect(visitor.getByRole('alert').filter({ hasText: 'Not valid' })).toContainText('changed after signing');

  await visitor.goto(`/verify?signature=${signature!.id}&hash=${signature!.text_sha256}`);
  await visitor.getByRole('button', { name: 'Check signature' }).click();
  await expect(visitor.getByRole('status').filter({ hasText: 'Valid: signed by Nicholas Krämer' })).toBeVisible();

  await visitor.getByLabel('Signature id', { exact: true }).fill(crypto.randomUUID());
  await visitor.getByRole('button', { name: 'Check signature' }).click();
  const refusal = visitor.getByRole('alert').filter({ hasText: 'Not valid' });
  await expect(refusal).toContainText('No signed agreement has this signature id and text hash.');
  await expect(refusal).not.toContainText('Krämer');

  // The PDF itself: its author and editors may download it, nobody else.
  const strangerContext = await browser.newContext();
  const stranger = await strangerContext.newPage();
  await signInDirectly(stranger, sql, 'someone.else@example.org');
  expect((await stranger.request.get(`/papers/${paper!.id}/signed-agreement.pdf`)).status()).toBe(404);
  expect((await stranger.request.get(`/editor/papers/${paper!.id}/signed-agreement.pdf`)).status()).toBe(404);
  await signInDirectly(stranger, sql, 'editor@example.org');
  const asEditor = await stranger.request.get(`/editor/papers/${paper!.id}/signed-agreement.pdf`);
  expect(asEditor.status()).toBe(200);
  expect(createHash('sha256').update(await asEditor.body()).digest('hex')).toBe(sha);
  await strangerContext.close();
});

test('/verify works without JavaScript, and its check answers scripts in JSON: a malformed or incomplete form is a 400 saying why', async ({ browser, request }) => {
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const page = await noScript.newPage();
  await page.goto('/verify');
  await page.getByLabel('Signature id', { exact: true }).fill(crypto.randomUUID());
  await page.getByLabel('SHA-256 of the agreement text').fill('a'.repeat(64));
  await page.getByRole('button', { name: 'Check signature' }).click();
  await expect(page).toHaveURL(/\/verify\/check$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Not valid' })).toBeVisible();
  await expect(page.getByText('No signed agreement has this signature id and text hash.')).toBeVisible();
  await page.getByRole('link', { name: 'Check another agreement' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Verify a signed agreement' })).toBeVisible();
  await noScript.close();

  const json = { accept: 'application/json' };
  const incomplete = await request.post('/verify/check', { headers: json, multipart: { signatureId: crypto.randomUUID() } });
  expect(incomplete.status()).toBe(400);
  expect(await incomplete.json()).toEqual({ message: 'Enter the SHA-256 of the text.' });

  const notAForm = await request.post('/verify/check', { headers: { ...json, 'content-type': 'text/plain' }, data: 'signatureId=1' });
  expect(notAForm.status()).toBe(400);
  expect(await notAForm.json()).toEqual({ message: 'This request is not a form the verify page sends. Nothing was checked.' });

  // A part header with a control character and a body cut short: refused, never a server error.
  const broken = await request.post('/verify/check', {
    headers: { ...json, 'content-type': 'multipart/form-data; boundary=x' },
    data: Buffer.from('--x\r\nContent-Disposition: form-data; name="pdf"; filename="a\u0002.pdf"\r\n\r\n%PDF-1.7', 'latin1'),
  });
  expect(broken.status()).toBe(400);
  expect((await broken.json()).message).toContain('not a form');

  const unknown = await request.post('/verify/check', { headers: json, multipart: { signatureId: crypto.randomUUID(), textSha256: 'b'.repeat(64) } });
  expect(unknown.status()).toBe(200);
  expect(await unknown.json()).toEqual({ result: { isValid: false, reason: 'No signed agreement has this signature id and text hash.' } });
});

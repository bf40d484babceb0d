import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { and, eq, sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { getDb } from '@/db/client';
import { emails, papers, volumes, webhookAttempts, webhookDeliveries } from '@/db/schema';
import { voidSignature } from '@/lib/agreements/void-signature';
import { paperRow, seedPapers, seedUser, seedVolume, signPaperAs, testRequestContext } from '@/tests/factories';

import { deliverWebhook, recordNextWebhookAttempt } from './deliver-webhook';
import { checkWebhookHost, checkWebhookUrlForm, isPublicAddress } from './endpoint-address';
import { registerWebhookEndpoint } from './manage-webhooks';
import { signWebhook } from './webhook-signature';

// A receiver on loopback that answers from a script of status codes and keeps what it got.
type Received = { headers: Record<string, string>; body: string };
let server: Server;
let receiverUrl: string;
let script: number[] = [];
const received: Received[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ headers: request.headers as Record<string, string>, body });
      response.statusCode = script.shift() ?? 200;
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
});
afterAll(async () => {
  delete process.env.WEBHOOK_ALLOW_PRIVATE;
  await new Promise((resolve) => server.close(resolve));
});

let nextVolume = 8300;
async function volumeWithHook(paperCount = 1) {
  const number = nextVolume++;
  await seedVolume(number, `Webhook Volume ${number}`);
  await seedPapers(Array.from({ length: paperCount }, () => paperRow({ volume: number })));
  const db = await getDb();
  const rows = await db.select({ paper: papers }).from(papers).innerJoin(volumes, eq(volumes.id, papers.volumeId)).where(eq(volumes.number, number));
  const editor = await seedUser(`hook-editor-${number}@example.org`, 'editor', [number]);
  const allowed = process.env.WEBHOOK_ALLOW_PRIVATE;
  process.env.WEBHOOK_ALLOW_PRIVATE = '1';
  const { endpointId, secret } = await registerWebhookEndpoint(editor, { volumeNumber: number, url: receiverUrl }, testRequestContext);
  if (allowed === undefined) delete process.env.WEBHOOK_ALLOW_PRIVATE;
  else process.env.WEBHOOK_ALLOW_PRIVATE = allowed;
  return { number, editor, endpointId, secret, papers: rows.map((row) => row.paper) };
}

async function deliveriesOf(endpointId: string) {
  const db = await getDb();
  return db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId)).orderBy(webhookDeliveries.sequence);
}

describe('Standard Webhooks signatures', () => {
  it('match the specification’s own test vector', () => {
    const headers = signWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', new Date(1614265330 * 1000), '{"test": 2432232314}');
    expect(headers).toEqual({
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    });
  });
});

describe('webhook endpoint addresses', () => {
  it('take only public unicast addresses', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fc00::1', '::ffff:127.0.0.1', '224.0.0.1', 'not-an-address']) {
      expect(isPublicAddress(address), address).toBe(false);
    }
    for (const address of ['93.184.216.34', '2606:4700:4700::1111', '::ffff:93.184.216.34']) expect(isPublicAddress(address), address).toBe(true);
  });

  it('refuse other schemes, credentials, and private hosts unless allowed', async () => {
    expect(checkWebhookUrlForm('ftp://example.org/x')).toMatchObject({ ok: false });
    expect(checkWebhookUrlForm('https://user:pw@example.org/x')).toMatchObject({ ok: false });
    expect(checkWebhookUrlForm('not a url')).toMatchObject({ ok: false });
    // Octal, hexadecimal and whole-number hosts are normalised by the URL parser before the check.
    for (const url of ['http://127.0.0.1:9/x', 'http://localhost/x', 'http://[::1]/x', 'http://169.254.169.254/latest', 'http://10.0.0.8/', 'http://012.0.0.1/', 'http://0x7f.1/', 'http://2130706433/', 'http://[::ffff:7f00:1]/']) {
      expect(await checkWebhookHost(new URL(url), false), url).toMatchObject({ ok: false });
      expect(await checkWebhookHost(new URL(url), true), url).toEqual({ ok: true });
    }
  });

  it('are refused at registration and at delivery without WEBHOOK_ALLOW_PRIVATE', async () => {
    delete process.env.WEBHOOK_ALLOW_PRIVATE;
    const { number, editor, endpointId, papers: [paper] } = await volumeWithHook();
    await expect(registerWebhookEndpoint(editor, { volumeNumber: number, url: 'http://127.0.0.1:1/other' }, testRequestContext)).rejects.toMatchObject({
      code: 'invalid',
    });
    await signPaperAs(paper!.correspondingAuthorEmail, paper!.id);
    const [delivery] = await deliveriesOf(endpointId);
    const before = received.length;
    await expect(deliverWebhook(delivery!.id, { finalAttempt: false })).rejects.toThrow(/private, loopback or reserved/);
    expect(received.length).toBe(before);
  });
});

describe('webhook delivery', () => {
  it('signs agreement.signed, retries after 500s, and delivers once with every attempt logged', async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE = '1';
    const { endpointId, secret, papers: [paper] } = await volumeWithHook();
    const signature = await signPaperAs(paper!.correspondingAuthorEmail, paper!.id);
    const [delivery] = (await deliveriesOf(endpointId)).filter((row) => row.eventType === 'agreement.signed');
    expect(delivery).toMatchObject({ state: 'queued', paperId: paper!.id });

    script = [500, 500, 200];
    const start = received.length;
    await expect(deliverWebhook(delivery!.id, { finalAttempt: false })).rejects.toThrow('answered 500');
    await expect(deliverWebhook(delivery!.id, { finalAttempt: false })).rejects.toThrow('answered 500');
    expect(await deliverWebhook(delivery!.id, { finalAttempt: false })).toEqual({ outcome: 'delivered', statusCode: 200 });
    expect(await deliverWebhook(delivery!.id, { finalAttempt: false })).toEqual({ outcome: 'skipped' });

    const mine = received.slice(start);
    expect(mine).toHaveLength(3);
    for (const request of mine) {
      // The specification's own verifier accepts every attempt, with the same webhook-id.
      const event = new Webhook(secret).verify(request.body, request.headers) as { type: string; data: Record<string, unknown> };
      expect(event.type).toBe('agreement.signed');
      expect(event.data).toMatchObject({ signatureId: signature.id, paperId: paper!.id, pdfSha256: signature.pdfSha256 });
      expect(request.headers['webhook-id']).toBe(mine[0]!.headers['webhook-id']);
    }
    const db = await getDb();
    const attempts = await db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, delivery!.id)).orderBy(webhookAttempts.id);
    expect(attempts.map((attempt) => attempt.statusCode)).toEqual([500, 500, 200]);
    const [after] = (await deliveriesOf(endpointId)).filter((row) => row.id === delivery!.id);
    expect(after).toMatchObject({ state: 'delivered', attempts: 3, lastStatusCode: 200 });
  });

  it('keeps a paper’s events in order: a void waits for its signature’s delivery', async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE = '1';
    const { endpointId, editor, papers: [paper] } = await volumeWithHook();
    const signature = await signPaperAs(paper!.correspondingAuthorEmail, paper!.id);
    await voidSignature(editor, { paperId: paper!.id, signatureId: signature.id, reason: 'Signed by mistake, to be signed again.' }, testRequestContext);
    const ofPaper = (await deliveriesOf(endpointId)).filter((delivery) => delivery.paperId === paper!.id);
    expect(ofPaper.map((delivery) => delivery.eventType)).toEqual(['agreement.signed', 'agreement.voided']);
    const [signed, voided] = ofPaper;
    script = [];
    expect(await deliverWebhook(voided!.id, { finalAttempt: false })).toEqual({ outcome: 'waiting' });
    expect(await deliverWebhook(signed!.id, { finalAttempt: false })).toMatchObject({ outcome: 'delivered' });
    expect(await deliverWebhook(voided!.id, { finalAttempt: false })).toMatchObject({ outcome: 'delivered' });
  });

  it('shows when the queue will try a failed delivery again', async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE = '1';
    const { endpointId, papers: [paper] } = await volumeWithHook();
    await signPaperAs(paper!.correspondingAuthorEmail, paper!.id);
    const [delivery] = (await deliveriesOf(endpointId)).filter((row) => row.eventType === 'agreement.signed');
    script = [503];
    await expect(deliverWebhook(delivery!.id, { finalAttempt: false })).rejects.toThrow('answered 503');
    // What pg-boss does with a failed job: back to "retry", with the time of the next attempt.
    const db = await getDb();
    const retryAt = new Date(Date.now() + 42_000);
    await db.execute(sql`update pgboss.job set state = 'retry', start_after = ${retryAt.toISOString()}::timestamptz
                         where name = 'webhook' and data->>'deliveryId' = ${delivery!.id}`);
    await recordNextWebhookAttempt([delivery!.id]);
    const [after] = (await deliveriesOf(endpointId)).filter((row) => row.id === delivery!.id);
    expect(after).toMatchObject({ state: 'retrying', lastStatusCode: 503 });
    expect(after!.nextAttemptAt?.getTime()).toBe(retryAt.getTime());
  });

  it('sends volume.fully_signed once, when the last awaited paper is signed', async () => {
    const { endpointId, papers: volumePapers } = await volumeWithHook(2);
    await signPaperAs(volumePapers[0]!.correspondingAuthorEmail, volumePapers[0]!.id);
    const db = await getDb();
    const fullySigned = () =>
      db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.eventType, 'volume.fully_signed')));
    expect(await fullySigned()).toHaveLength(0);
    await signPaperAs(volumePapers[1]!.correspondingAuthorEmail, volumePapers[1]!.id);
    const events = await fullySigned();
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.body)).toMatchObject({ type: 'volume.fully_signed', data: { volume: expect.any(Number) } });
  });

  it('sends volume.fully_signed, and the editors their notice, once when the last two papers are signed at the same moment', async () => {
    // Each transaction, on its own, sees the other paper still awaiting until the other commits:
    // one of the two must look again after the other's commit, or the volume never completes.
    for (let round = 0; round < 4; round += 1) {
      const { number, endpointId, papers: volumePapers } = await volumeWithHook(2);
      await Promise.all(volumePapers.map((paper) => signPaperAs(paper.correspondingAuthorEmail, paper.id)));
      const db = await getDb();
      const fullySigned = await db
        .select()
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.eventType, 'volume.fully_signed')));
      expect(fullySigned).toHaveLength(1);
      const notices = await db
        .select({ recipient: emails.recipient })
        .from(emails)
        .where(and(eq(emails.kind, 'editor_notice'), eq(emails.volumeId, volumePapers[0]!.volumeId)));
      expect(notices).toEqual([{ recipient: `hook-editor-${number}@example.org` }]);
    }
  });
});

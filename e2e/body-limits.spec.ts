import { request as httpRequest } from 'node:http';

import { expect, test } from './support/fixtures';
import { runConfig } from './support/run-config';

// Each endpoint takes the body its form needs and no more (lib/http/body-limits.ts), refused from
// its Content-Length before a byte is read: the sign and void forms a few KB, imports 5 MB,
// /verify 11 MB.

/**
 * Starts a POST that declares `declared` bytes, sends only the first 64 KB, and resolves with
 * the server's answer: an answer that comes while most of the body is still unsent shows the
 * body was refused before it was read.
 */
function postDeclaring(path: string, declared: number): Promise<{ status: number; body: string; sentBytes: number }> {
  const url = new URL(path, runConfig.baseUrl);
  return new Promise((resolve, reject) => {
    const sent = 64 * 1024;
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          host: url.host,
          origin: runConfig.baseUrl,
          'next-action': '00'.repeat(21),
          'content-type': 'multipart/form-data; boundary=x',
          'content-length': String(declared),
        },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body, sentBytes: sent }));
      },
    );
    request.on('error', reject);
    request.write(Buffer.alloc(sent, 'a'));
    // Never ends the body: only a server that answers without reading it can resolve this.
  });
}

test('a sign form posted with 100 MB is refused at once, before it is read, and nothing is written', async ({ sql }) => {
  const [paper] = await sql<{ id: string }[]>`select id from papers order by paper_key limit 1`;
  const before = await sql`select (select count(*) from signatures) as signatures, (select count(*) from audit_events) as events`;
  const answer = await postDeclaring(`/papers/${paper!.id}`, 100 * 1024 * 1024);
  expect(answer.status).toBe(413);
  expect(answer.body).toContain('the most this page accepts');
  expect(await sql`select (select count(*) from signatures) as signatures, (select count(*) from audit_events) as events`).toEqual(before);
});

test('each endpoint has its own limit: a void form 33 KB, an import 6 MB, /verify 12 MB', async () => {
  expect((await postDeclaring('/editor/papers/0b9c5d3e-0000-4000-8000-000000000000', 33 * 1024)).status).toBe(413);
  expect((await postDeclaring('/editor/import', 6 * 1024 * 1024)).status).toBe(413);
  expect((await postDeclaring('/verify/check', 12 * 1024 * 1024)).status).toBe(413);
  // The page itself takes only a form's worth.
  expect((await postDeclaring('/verify', 33 * 1024)).status).toBe(413);
  // Auth.js's own route too, whatever path below it.
  expect((await postDeclaring('/api/auth/callback/email', 17 * 1024)).status).toBe(413);
});

test('/verify takes a 9 MB file and answers it; a 12 MB one is stopped in the browser with a clear message', async ({ page }) => {
  await page.goto('/verify');
  await page.getByLabel('Signed agreement (PDF)').setInputFiles({
    name: 'large.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.alloc(9 * 1024 * 1024, 'x'),
  });
  await page.getByRole('button', { name: 'Check PDF' }).click();
  // The check read the whole file and judged it.
  await expect(page.getByText('This PDF is not a signed agreement issued by this portal')).toBeVisible({ timeout: 30_000 });

  await page.getByLabel('Signed agreement (PDF)').setInputFiles({
    name: 'huge.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.alloc(12 * 1024 * 1024, 'x'),
  });
  await expect(page.getByRole('alert').filter({ hasText: 'larger than 10 MB' })).toBeVisible();
});

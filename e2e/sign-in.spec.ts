import {
  expect,
  mailbox,
  seededPapersFor,
  followSignInLink,
  signInDirectly,
  signInLinkFrom,
  signInThroughEmail,
  test,
} from './support/fixtures';
import { runConfig } from './support/run-config';

const author = 'e.gorbunov@example.org';
const demoAuthor = 'a.mohtashami@example.com';
const demoEditor = 'editor@example.org';

/** Asks for a sign-in link without a browser, and returns it from the sink. */
async function requestLink(page: import('@playwright/test').Page, email: string): Promise<string> {
  const before = (await mailbox.messagesTo(email)).length;
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  return signInLinkFrom(await mailbox.waitForMessage(email, before));
}

test.describe('links that mail scanners and other sites open', () => {
  test('a scanner fetching the link (and the old callback address) spends nothing @pglite', async ({ page, request }) => {
    const email = 'd.garreau@example.net';
    const link = await requestLink(page, email);
    // What a mail security scanner does: GET every link, follow redirects, no cookies.
    for (let i = 0; i < 3; i += 1) {
      const response = await request.get(link);
      expect(response.status()).toBe(200);
      expect(await response.text()).toContain('Continue signing in');
    }
    // The Auth.js callback itself, opened by GET, is sent to the Continue page, not spent.
    const callback = new URL(link);
    callback.pathname = '/api/auth/callback/email';
    const direct = await request.get(callback.toString(), { maxRedirects: 0 });
    expect(direct.status()).toBe(303);
    expect(direct.headers().location).toContain('/sign-in/continue?');
    expect(direct.headers()['set-cookie'] ?? '').not.toContain('session-token');

    await page.context().clearCookies();
    await followSignInLink(page, link);
    await expect(page).toHaveURL(/\/papers$/);
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  });

  test('another site cannot post a link to sign a visitor in (login CSRF) @pglite', async ({ page, request }) => {
    const email = 'j.milionis@example.org';
    const link = await requestLink(page, email);
    const callback = new URL(link);
    callback.pathname = '/api/auth/callback/email';
    const forged = await request.post(callback.toString(), {
      headers: { Origin: 'https://evil.example' },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    expect(forged.headers()['set-cookie'] ?? '').not.toContain('session-token');
    const noOrigin = await request.post(callback.toString(), { maxRedirects: 0 });
    expect(noOrigin.status()).toBe(403);
    // Neither attempt spent the token: its owner still signs in with it.
    await page.context().clearCookies();
    await followSignInLink(page, link);
    await expect(page).toHaveURL(/\/papers$/);
  });
});

test.describe('signing in with an emailed link', () => {
  test('an author signs in and sees exactly their papers @pglite', async ({ page }) => {
    await signInThroughEmail(page, author.toUpperCase());
    await expect(page).toHaveURL(/\/papers$/);
    await expect(page.getByRole('heading', { name: 'My papers', level: 1 })).toBeVisible();

    const expected = seededPapersFor(author);
    expect(expected.length).toBeGreaterThan(1);
    const papers = page.getByRole('list', { name: 'Papers' }).getByRole('listitem');
    await expect(papers).toHaveCount(expected.length);
    const titles = await papers.getByRole('heading', { level: 2 }).allTextContents();
    expect(titles.sort()).toEqual(expected.map((paper) => paper.title).sort());
    for (const paper of expected) {
      const item = papers.filter({ hasText: paper.title });
      for (const name of paper.authors.split('; ')) await expect(item).toContainText(name);
    }
  });

  test('the demo author sees their one paper @pglite', async ({ page }) => {
    await signInThroughEmail(page, demoAuthor);
    const papers = page.getByRole('list', { name: 'Papers' }).getByRole('listitem');
    await expect(papers).toHaveCount(1);
    await expect(papers.first()).toContainText('Masked Training of Neural Networks with Partial Gradients');
    await expect(papers.first()).toContainText('Amirkeivan Mohtashami, Martin Jaggi, Sebastian Stich');
  });

  test('the demo editor signs in and reaches the editor area @pglite', async ({ page }) => {
    await signInThroughEmail(page, demoEditor);
    await expect(page).toHaveURL(/\/editor$/);
    await expect(page.getByRole('heading', { name: 'Proceedings volumes' })).toBeVisible();
    const row = page.getByRole('row', { name: /AISTATS 2022/ });
    await expect(row).toContainText('151');
    await expect(row).toContainText('492');
  });

  test('an author is refused the editor area @pglite', async ({ page }) => {
    // Not the demo author: two tests signing one address in at once could take each other's link.
    await signInThroughEmail(page, 'e.weinberger@example.com');
    await expect(page).toHaveURL(/\/papers$/);
    await expect(page.getByRole('link', { name: 'Editor' })).toHaveCount(0);
    const response = await page.goto('/editor');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await expect(page.getByText('AISTATS 2022')).toHaveCount(0);
  });

  test('a link that was already used is refused with a clear message @pglite', async ({ page, context }) => {
    const link = await signInThroughEmail(page, 'n.ho@example.com');
    await expect(page).toHaveURL(/\/papers$/);
    await context.clearCookies();
    await followSignInLink(page, link);
    await expect(page.getByRole('heading', { name: 'This sign-in link has expired or was already used' })).toBeVisible();
    await page.goto('/papers');
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test('an expired link is refused with a clear message', async ({ page, sql }) => {
    const email = 'j.bian@example.org';
    const before = (await mailbox.messagesTo(email)).length;
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    const link = signInLinkFrom(await mailbox.waitForMessage(email, before));
    // Ten minutes pass: the token's expiry is in the past.
    const expired = await sql`update verification_tokens set expires = now() - interval '1 second'
                              where identifier = ${email} returning identifier`;
    expect(expired.length).toBe(1);
    await followSignInLink(page, link);
    await expect(page.getByRole('heading', { name: 'This sign-in link has expired or was already used' })).toBeVisible();
  });

  test('Auth.js’s own endpoint writes no token for an address that may not sign in, and answers alike', async ({ sql }) => {
    const { request: newRequest } = await import('@playwright/test');
    const post = async (email: string) => {
      const http = await newRequest.newContext({ baseURL: runConfig.baseUrl, maxRedirects: 0 });
      const { csrfToken } = (await (await http.get('/api/auth/csrf')).json()) as { csrfToken: string };
      const response = await http.post('/api/auth/signin/email', {
        form: { email, csrfToken, callbackUrl: `${runConfig.baseUrl}/` },
        headers: { origin: runConfig.baseUrl },
      });
      const answer = { status: response.status(), location: response.headers()['location'] };
      await http.dispose();
      return answer;
    };
    const stranger = `stranger-${Date.now().toString(36)}@example.org`;
    const known = 'm.agrawal@example.org';
    const strangerAnswer = await post(stranger);
    const knownAnswer = await post(known);
    expect(strangerAnswer).toEqual(knownAnswer);
    expect(strangerAnswer.location).toContain('/api/auth/verify-request?provider=email');
    expect(await sql`select 1 from verification_tokens where identifier = ${stranger}`).toHaveLength(0);
    expect((await sql`select 1 from verification_tokens where identifier = ${known}`).length).toBeGreaterThan(0);
  });

  test('one address gets at most SIGN_IN_LINKS_PER_HOUR links, then the form asks to wait', async ({ page, sql }) => {
    const { request: newRequest } = await import('@playwright/test');
    const email = 'f.benzing@example.net';
    const http = await newRequest.newContext({ baseURL: runConfig.baseUrl, maxRedirects: 0 });
    const { csrfToken } = (await (await http.get('/api/auth/csrf')).json()) as { csrfToken: string };
    // The e2e portal allows 12 an hour (e2e/support/serve.ts); 15 asks straight at Auth.js's endpoint.
    for (let index = 0; index < 15; index += 1) {
      const response = await http.post('/api/auth/signin/email', {
        form: { email, csrfToken, callbackUrl: `${runConfig.baseUrl}/` },
        headers: { origin: runConfig.baseUrl },
      });
      expect(response.headers()['location']).toContain('/api/auth/verify-request');
    }
    await http.dispose();
    expect(await sql`select 1 from verification_tokens where identifier = ${email}`).toHaveLength(12);
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Too many sign-in links' })).toContainText('Too many sign-in links were asked for just now. Please try again in');
  });

  test('pages carry the security headers with a fresh script nonce, and Auth.js refuses a large body unread @pglite', async ({ request }) => {
    const page = await request.get('/sign-in');
    const headers = page.headers();
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).toContain("form-action 'self'");
    expect(headers['permissions-policy']).toContain('camera=()');
    // HSTS only at an https AUTH_URL (the production walk-through checks it there); this is http.
    expect(headers['strict-transport-security']).toBeUndefined();
    // Scripts run only with this response's nonce, and each response has its own.
    const nonce = headers['content-security-policy']!.match(/script-src 'self' 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/)?.[1];
    expect(nonce).toBeTruthy();
    const html = await page.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
    const again = (await request.get('/sign-in')).headers()['content-security-policy'];
    expect(again).not.toContain(nonce!);
    const large = await request.post('/api/auth/signin/email', {
      form: { email: 'a.mohtashami@example.com', csrfToken: 'x', padding: 'x'.repeat(100_000) },
      maxRedirects: 0,
    });
    expect(large.status()).toBe(413);
  });

  test('an unknown address gets the same answer and no email @pglite', async ({ page }) => {
    const stranger = 'nobody-here@example.net';
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(stranger);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
    // A known address asked at the same time does get its mail, so the sink is working.
    await signInThroughEmail(page, 'h.jin@example.com');
    expect(await mailbox.messagesTo(stranger)).toHaveLength(0);
  });

  test('a malformed address gets a clear message, not an error page @pglite', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill('not an email');
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await expect(page.getByText('Enter a valid email address')).toBeVisible();
    await expect(page.getByLabel('Email address')).toHaveAttribute('aria-invalid', 'true');
  });

  test('signed-out visitors are sent to sign in, and the dev mailbox does not exist @pglite', async ({ page }) => {
    await page.goto('/papers');
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fpapers/);
    const response = await page.goto('/dev/mailbox');
    expect(response?.status()).toBe(404);
  });

  test('an author with a session still cannot see the editor area', async ({ page, sql }) => {
    await signInDirectly(page, sql, 't.author@example.org');
    const response = await page.goto('/editor');
    expect(response?.status()).toBe(404);
  });
});

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import postgres from 'postgres';

import { runConfig } from './run-config';
import type { SunkMessage } from './smtp-sink';

export { expect };

/** The demo seed's papers, read from the repo's copy of the CSV the server was seeded with. */
export function seededPapersFor(email: string): { title: string; authors: string }[] {
  const rows = parse(readFileSync(path.join(process.cwd(), 'db/seed-data/pmlr-v151-aistats2022.csv')), {
    columns: true,
    bom: true,
  }) as Record<string, string>[];
  return rows
    .filter((row) => row.corresponding_email?.toLowerCase() === email.toLowerCase())
    .map((row) => ({ title: row.title!, authors: row.authors! }));
}

export type Mailbox = ReturnType<typeof mailboxAt>;

/** The messages a test SMTP sink received, read over its HTTP API. */
export const mailboxAt = (apiUrl: string) => ({
  async messagesTo(email: string): Promise<SunkMessage[]> {
    const response = await fetch(`${apiUrl}/messages?to=${encodeURIComponent(email)}`);
    return (await response.json()) as SunkMessage[];
  },
  /** Waits for the next message to `email` after `previousCount` had arrived. */
  async waitForMessage(email: string, previousCount = 0): Promise<SunkMessage> {
    let messages: SunkMessage[] = [];
    await expect
      .poll(async () => (messages = await this.messagesTo(email)).length, {
        message: `an email to ${email}`,
        timeout: 15_000,
      })
      .toBeGreaterThan(previousCount);
    return messages[messages.length - 1]!;
  },
});

/** The demo portal's mail sink. */
export const mailbox = mailboxAt(runConfig.mailApiUrl);

/** The sign-in (or invitation) link in an email: it opens the Continue page. */
export function signInLinkFrom(message: SunkMessage): string {
  const link = message.text.match(/https?:\/\/[^\s\]]+\/sign-in\/continue\?[^\s\]]+/)?.[0];
  if (!link) throw new Error(`no sign-in link in: ${message.text}`);
  return link;
}

/** Opens an emailed link and presses Continue, as a person does (a GET alone signs no one in). */
export async function followSignInLink(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Continue signing in' })).toBeVisible();
  await page.getByRole('button', { name: 'Continue' }).click();
}

/** Signs in the way a person does: the form, the email, the link, Continue. Returns the link used. */
export async function signInThroughEmail(page: Page, email: string, mail: Mailbox = mailbox): Promise<string> {
  const before = (await mail.messagesTo(email)).length;
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  const link = signInLinkFrom(await mail.waitForMessage(email, before));
  await followSignInLink(page, link);
  return link;
}

type Sql = ReturnType<typeof postgres>;

/** This run's database; only available on PostgreSQL runs (the server owns a PGlite directory). */
export const test = base.extend<{ sql: Sql }>({
  sql: async ({}, use) => {
    if (!runConfig.databaseUrl) throw new Error('this test needs the PostgreSQL run (DATABASE_URL)');
    const sql = postgres(runConfig.databaseUrl, { max: 2, onnotice: () => {} });
    await use(sql);
    await sql.end();
  },
});

/**
 * Signs a user in without the email round trip (as Auth.js would after a link): a session
 * row and its cookie. For tests about what happens after sign-in.
 */
export async function signInDirectly(page: Page, sql: Sql, email: string): Promise<void> {
  const [user] = await sql<{ id: string }[]>`
    insert into users (id, email) values (${crypto.randomUUID()}, ${email.toLowerCase()})
    on conflict (email) do update set email = excluded.email
    returning id`;
  const token = randomBytes(32).toString('hex');
  await sql`insert into sessions (session_token, user_id, expires)
            values (${token}, ${user!.id}, now() + interval '1 day')`;
  await page.context().addCookies([
    { name: 'authjs.session-token', value: token, url: runConfig.baseUrl, httpOnly: true, sameSite: 'Lax' },
  ]);
}

/**
 * A server action's request body as React sends a form submitted with JavaScript: the form's
 * fields under "_1_", then the action's arguments in "0" naming the form ($K1). The server reads
 * "0" as it arrives, so it must come last, which a FormData keeps and a plain object would not.
 */
export function reactForm(fields: Record<string, string | Blob>, args: unknown[] = [null, '$K1']): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(`_1_${name}`, value);
  form.append('0', JSON.stringify(args));
  return form;
}

/** Ticks every acknowledgement of the sign form, once the form is there. */
export async function checkAllTerms(page: Page): Promise<void> {
  const checkboxes = page.getByRole('group', { name: 'Confirm each term' }).getByRole('checkbox');
  await expect(checkboxes).toHaveCount(7);
  for (const checkbox of await checkboxes.all()) await checkbox.check();
}

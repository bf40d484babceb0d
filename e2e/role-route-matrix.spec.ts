// Every page, route handler and server action under app/, found by reading the tree (so a new
// one cannot be forgotten: it fails here until it has a row), against five callers: a
// signed-out visitor, the author of a paper in volume A, the editor of volume B only, the
// editor of volume A, and an admin. A caller who may not see something gets the sign-in page
// (signed out) or a 404; a refused server action, replayed with that caller's session and
// volume A's ids, changes nothing in the database.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';

import { appSourceFiles, discoveredPages, discoveredRoutes } from './support/app-pages';
import { checkAllTerms, expect, test } from './support/fixtures';
import { runConfig } from './support/run-config';

type Role = 'anonymous' | 'author' | 'editorOfB' | 'editorOfA' | 'admin';
const ROLES: Role[] = ['anonymous', 'author', 'editorOfB', 'editorOfA', 'admin'];
const SIGNED_IN: Role[] = ['author', 'editorOfB', 'editorOfA', 'admin'];

const run = randomBytes(3).toString('hex');
const VOLUME_A = 7000 + Math.floor(Math.random() * 900);
const VOLUME_B = VOLUME_A + 1000;
const emails: Record<Exclude<Role, 'anonymous'>, string> = {
  author: `matrix-author-${run}@example.org`,
  editorOfB: `matrix-editor-b-${run}@example.org`,
  editorOfA: `matrix-editor-a-${run}@example.org`,
  admin: `matrix-admin-${run}@example.org`,
};
const TITLE_A1 = `Matrix Paper A1 ${run}`;
const TITLE_A2 = `Matrix Paper A2 ${run}`;

type Ids = {
  paperA1: string;
  paperA2: string;
  signatureA1: string;
  importA: string;
  userEditorOfA: string;
  checkpoint: string;
  tokenOfA: string;
  endpointA: string;
  deliveryA: string;
};
/** An API token of the editor of volume A for volume A (the matrix inserts it with its hash). */
const TOKEN_A = `pmlr_${randomBytes(32).toString('base64url')}`;
let ids: Ids;
const cookies: Partial<Record<Role, string>> = {};

// ---------------------------------------------------------------------------------------------
// Discovery
// ---------------------------------------------------------------------------------------------

const discoveredActions = appSourceFiles
  .filter((file) => /\.tsx?$/.test(file) && /^\s*['"]use server['"]/.test(readFileSync(file, 'utf8')))
  .flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/^export\s+(?:const|async\s+function)\s+(\w+)/gm)].map((match) => `${file}#${match[1]}`),
  )
  .sort();

// ---------------------------------------------------------------------------------------------
// What each caller may reach. `allowed` get 200; signed-out callers of a protected path are sent
// to sign in; every other signed-in caller gets 404. `hidden` is text a denied caller must never see.
// ---------------------------------------------------------------------------------------------

type PathRule = {
  url: () => string;
  allowed: Role[] | 'everyone';
  alwaysNotFound?: boolean;
  /** An API route: bearer tokens only, so every caller's session cookie gets 401. */
  tokenOnly?: boolean;
  mustNotLeak?: () => string;
  /** A route that only takes a POST: these form fields are posted instead of a GET. */
  post?: () => Record<string, string>;
};

const pages: Record<string, PathRule> = {
  '/': { url: () => '/', allowed: 'everyone' },
  '/admin': { url: () => '/admin', allowed: ['admin'] },
  '/admin/agreements': { url: () => '/admin/agreements', allowed: ['admin'] },
  '/admin/checkpoints': { url: () => '/admin/checkpoints', allowed: ['admin'] },
  '/dev/mailbox': { url: () => '/dev/mailbox', allowed: [], alwaysNotFound: true },
  '/editor': { url: () => '/editor', allowed: ['editorOfB', 'editorOfA', 'admin'], mustNotLeak: () => `Matrix A ${run}` },
  '/editor/api-tokens': { url: () => '/editor/api-tokens', allowed: ['editorOfB', 'editorOfA', 'admin'], mustNotLeak: () => `Matrix token A ${run}` },
  '/editor/publication': { url: () => '/editor/publication', allowed: ['editorOfB', 'editorOfA', 'admin'] },
  '/editor/import': { url: () => '/editor/import', allowed: ['editorOfB', 'editorOfA', 'admin'] },
  '/editor/search': { url: () => `/editor/search?q=${encodeURIComponent(TITLE_A1)}`, allowed: ['editorOfB', 'editorOfA', 'admin'], mustNotLeak: () => TITLE_A1 },
  '/editor/papers/[paperId]': { url: () => `/editor/papers/${ids.paperA1}`, allowed: ['editorOfA', 'admin'], mustNotLeak: () => TITLE_A1 },
  '/editor/volumes/[volume]': { url: () => `/editor/volumes/${VOLUME_A}`, allowed: ['editorOfA', 'admin'], mustNotLeak: () => TITLE_A1 },
  '/editor/volumes/[volume]/emails': { url: () => `/editor/volumes/${VOLUME_A}/emails`, allowed: ['editorOfA', 'admin'], mustNotLeak: () => `Matrix A ${run}` },
  '/editor/volumes/[volume]/keys': { url: () => `/editor/volumes/${VOLUME_A}/keys`, allowed: ['editorOfA', 'admin'], mustNotLeak: () => `Volume ${VOLUME_A}` },
  '/editor/volumes/[volume]/webhooks': { url: () => `/editor/volumes/${VOLUME_A}/webhooks`, allowed: ['editorOfA', 'admin'], mustNotLeak: () => `hooks-${run}` },
  '/editor/volumes/[volume]/invite': { url: () => `/editor/volumes/${VOLUME_A}/invite`, allowed: ['editorOfA', 'admin'], mustNotLeak: () => `Matrix A ${run}` },
  '/papers': { url: () => '/papers', allowed: SIGNED_IN, mustNotLeak: () => TITLE_A1 },
  '/papers/[paperId]': { url: () => `/papers/${ids.paperA1}`, allowed: ['author'], mustNotLeak: () => TITLE_A1 },
  '/sign-in': { url: () => '/sign-in', allowed: 'everyone' },
  '/sign-in/check-email': { url: () => '/sign-in/check-email', allowed: 'everyone' },
  '/sign-in/continue': { url: () => '/sign-in/continue', allowed: 'everyone' },
  '/sign-in/error': { url: () => '/sign-in/error', allowed: 'everyone' },
  '/verify': { url: () => '/verify', allowed: 'everyone' },
};

const routes: Record<string, PathRule> = {
  '/.well-known/agreement-seal-keys.json': { url: () => '/.well-known/agreement-seal-keys.json', allowed: 'everyone' },
  '/api/auth/[...nextauth]': { url: () => '/api/auth/providers', allowed: 'everyone' },
  '/admin/checkpoints/[id]': { url: () => `/admin/checkpoints/${ids.checkpoint}`, allowed: ['admin'] },
  '/api/health': { url: () => '/api/health', allowed: 'everyone' },
  '/api/v1/openapi.json': { url: () => '/api/v1/openapi.json', allowed: 'everyone' },
  '/api/v1/signatures/[signatureId]/pdf': { url: () => `/api/v1/signatures/${ids.signatureA1}/pdf`, allowed: [], tokenOnly: true },
  '/api/v1/volumes/[volume]/papers': { url: () => `/api/v1/volumes/${VOLUME_A}/papers`, allowed: [], tokenOnly: true, mustNotLeak: () => TITLE_A1 },
  '/editor/papers/[paperId]/agreement.txt': { url: () => `/editor/papers/${ids.paperA1}/agreement.txt`, allowed: ['editorOfA', 'admin'], mustNotLeak: () => TITLE_A1 },
  '/editor/papers/[paperId]/signed-agreement.pdf': { url: () => `/editor/papers/${ids.paperA1}/signed-agreement.pdf`, allowed: ['author', 'editorOfA', 'admin'] },
  '/editor/volumes/[volume]/permissions.zip': { url: () => `/editor/volumes/${VOLUME_A}/permissions.zip`, allowed: ['editorOfA', 'admin'], mustNotLeak: () => TITLE_A1 },
  '/editor/volumes/[volume]/export.csv': { url: () => `/editor/volumes/${VOLUME_A}/export.csv`, allowed: ['editorOfA', 'admin'], mustNotLeak: () => TITLE_A1 },
  '/papers/[paperId]/agreement.txt': { url: () => `/papers/${ids.paperA1}/agreement.txt`, allowed: ['author'], mustNotLeak: () => TITLE_A1 },
  '/papers/[paperId]/signed-agreement.pdf': { url: () => `/papers/${ids.paperA1}/signed-agreement.pdf`, allowed: ['author', 'editorOfA', 'admin'] },
  '/verify/check': { url: () => '/verify/check', allowed: 'everyone', post: () => ({ signatureId: ids.signatureA1, textSha256: '0'.repeat(64) }) },
};

// Server actions: where they are posted, the fields (aimed at volume A and its papers), and who
// may use them with these fields. Everyone else is replayed and must change nothing.
type ActionRule = { page: () => string; fields: () => Record<string, string>; allowed: Role[] | 'everyone'; form?: 'state' | 'plain' };

const actions: Record<string, ActionRule> = {
  'app/actions.ts#signOutAction': { page: () => '/', fields: () => ({}), allowed: 'everyone', form: 'plain' },
  'app/admin/actions.ts#addEditorAction': {
    page: () => '/admin',
    fields: () => ({ email: `intruder-${run}@example.org`, volume: String(VOLUME_A) }),
    allowed: ['admin'],
  },
  'app/admin/actions.ts#createVolumeAction': {
    page: () => '/admin',
    fields: () => ({ number: String(VOLUME_A + 5), name: 'Intruder volume', agreementVersion: '1' }),
    allowed: ['admin'],
  },
  'app/admin/actions.ts#removeEditorAction': {
    page: () => '/admin',
    fields: () => ({ userId: ids.userEditorOfA, volume: String(VOLUME_A) }),
    allowed: ['admin'],
  },
  'app/admin/actions.ts#setAdminAction': { page: () => '/admin', fields: () => ({ email: emails.editorOfB, grant: '1' }), allowed: ['admin'] },
  'app/admin/checkpoints/actions.ts#takeCheckpointAction': { page: () => '/admin/checkpoints', fields: () => ({}), allowed: ['admin'] },
  'app/admin/agreements/actions.ts#previewAgreementAction': {
    page: () => '/admin/agreements',
    fields: () => ({ source: '---\nversion: 99\n---\n' }),
    allowed: ['admin'],
  },
  'app/admin/agreements/actions.ts#publishAgreementAction': {
    page: () => '/admin/agreements',
    fields: () => ({ source: readFileSync('agreements/pmlr-publication-agreement-v1.md', 'utf8').replace(/^version: 1$/m, 'version: 999'), sourceSha256: '0'.repeat(64) }),
    allowed: ['admin'],
  },
  'app/editor/api-tokens/actions.ts#createApiTokenAction': {
    page: () => '/editor/api-tokens',
    fields: () => ({ name: 'Intruder token', volume: String(VOLUME_A) }),
    allowed: ['editorOfA', 'admin'],
  },
  'app/editor/api-tokens/actions.ts#revokeApiTokenAction': {
    page: () => '/editor/api-tokens',
    fields: () => ({ tokenId: ids.tokenOfA }),
    allowed: ['editorOfA', 'admin'],
  },
  'app/editor/publication/actions.ts#previewPublicationAction': { page: () => '/editor/publication', fields: () => ({}), allowed: ['editorOfB', 'editorOfA', 'admin'] },
  'app/editor/publication/actions.ts#applyPublicationAction': {
    page: () => '/editor/publication',
    fields: () => {
      const content = `volume,paper_key,published_on,url\n${VOLUME_A},a1${run},2026-11-01,https://intruder.example/a1\n`;
      return { content, contentSha256: createHash('sha256').update(content).digest('hex') };
    },
    allowed: ['editorOfA', 'admin'],
  },
  'app/editor/papers/[paperId]/actions.ts#setPaperPublicationAction': {
    page: () => `/editor/papers/${ids.paperA1}`,
    fields: () => ({ paperId: ids.paperA1, publishedOn: '2026-11-01', url: 'https://intruder.example/a1' }),
    allowed: ['editorOfA', 'admin'],
  },
  'app/editor/volumes/[volume]/actions.ts#setVolumePublicationAction': {
    page: () => `/editor/volumes/${VOLUME_A}`,
    fields: () => ({ volume: String(VOLUME_A), publishedOn: '2026-11-01', url: 'https://intruder.example/' }),
    allowed: ['editorOfA', 'admin'],
  },
  'app/editor/volumes/[volume]/actions.ts#requestNewSignatureAction': {
    page: () => `/editor/volumes/${VOLUME_A}`,
    fields: () => ({ volume: String(VOLUME_A), paperId: ids.paperA1, requestId: crypto.randomUUID() }),
    allowed: ['editorOfA', 'admin'],
  },
  'app/editor/volumes/[volume]/keys/actions.ts#previewRekeyAction': {
    page: () => `/editor/volumes/${VOLUME_A}/keys`,
    fields: () => ({ volume: String(VOLUME_A) }),
    allowed: ['editorOfA', 'admin'],
  },
  'app/editor/volumes/[volume]/keys/actions.ts#applyRekeyAction': {
    page: () => `/editor/volumes/${VOLUME_A}/keys`,
    fields: () => ({ volume: String(VOLUME_A), bibtex: `@InProceedings{intruder22a, title = {${TITLE_A1}}}` }),
    allowed: ['editorOfA', 'admin'],
  },
  'app/editor/volumes/[volume]/webhooks/actions.ts#registerWebhookAction': {
    page: () => `/editor/volumes/${VOLUME_A}/webhooks`,
    fields: () => ({ volume: String(VOLUME_A), url: 'http://127.0.0.1:9/intruder' }),
    allowed: ['editorOfA', 'admin'],
  },
  'app/editor/volumes/[volume]/webhooks/actions.ts#disableWebhookAction': {
    page: () => `/editor/volumes/${VOLUME_A}/webhooks`,
    fields: () => ({ volume: String(VOLUME_A), endpointId: ids.endpointA }),
    allowed: ['editorOfA', 'admin'],
  },
  'app/editor/volumes/[volume]/webhooks/actions.ts#redeliverWebhookAction': {
    page: () => `/editor/volumes/${VOLUME_A}/webhooks`,
    fields: () => ({ volume: String(VOLUME_A), deliveryId: ids.deliveryA }),
    allowed: ['editorOfA', 'admin'],
  },
  'app/editor/import/actions.ts#confirmImportAction': {
    page: () => '/editor/import',
    fields: () => ({ importId: ids.importA }),
    allowed: ['editorOfA'],
  },
  'app/editor/import/actions.ts#previewImportAction': { page: () => '/editor/import', fields: () => ({}), allowed: ['editorOfB', 'editorOfA', 'admin'] },
  'app/editor/papers/[paperId]/actions.ts#voidSignatureAction': {
    page: () => `/editor/papers/${ids.paperA1}`,
    fields: () => ({ paperId: ids.paperA1, signatureId: ids.signatureA1, reason: 'Replayed by someone who may not void this.' }),
    allowed: ['editorOfA', 'admin'],
  },
  'app/editor/volumes/[volume]/actions.ts#setVolumeAgreementAction': {
    page: () => `/editor/volumes/${VOLUME_A}`,
    fields: () => ({ volume: String(VOLUME_A), version: '2' }),
    allowed: ['editorOfA', 'admin'],
  },
  'app/editor/volumes/[volume]/actions.ts#inviteAuthorsAction': {
    page: () => `/editor/volumes/${VOLUME_A}/invite`,
    fields: () => ({ volume: String(VOLUME_A), scope: 'all-awaiting', requestId: crypto.randomUUID() }),
    allowed: ['editorOfA', 'admin'],
  },
  'app/editor/volumes/[volume]/actions.ts#remindAuthorsAction': {
    page: () => `/editor/volumes/${VOLUME_A}`,
    fields: () => ({ volume: String(VOLUME_A), paperId: ids.paperA2, requestId: crypto.randomUUID() }),
    allowed: ['editorOfA', 'admin'],
  },
  'app/editor/volumes/[volume]/actions.ts#retryEmailsAction': {
    page: () => `/editor/volumes/${VOLUME_A}/emails`,
    fields: () => ({ volume: String(VOLUME_A) }),
    allowed: ['editorOfA', 'admin'],
  },
  'app/editor/volumes/[volume]/actions.ts#setSigningScheduleAction': {
    page: () => `/editor/volumes/${VOLUME_A}`,
    fields: () => ({
      volume: String(VOLUME_A),
      signingDeadline: '2099-01-01',
      reminderIntervalDays: '7',
      reminderDaysBeforeDeadline: '',
      reminderLimit: '3',
    }),
    allowed: ['editorOfA', 'admin'],
  },
  'app/papers/[paperId]/actions.ts#signAgreementAction': {
    // Paper A2's corresponding author is none of the callers: nobody may sign it.
    page: () => `/papers/${ids.paperA2}`,
    fields: () => ({ paperId: ids.paperA2, typedName: 'Not The Author' }),
    allowed: [],
  },
  'app/sign-in/actions.ts#requestSignInLink': { page: () => '/sign-in', fields: () => ({ email: emails.author }), allowed: 'everyone' },
};

const isAllowed = (rule: { allowed: Role[] | 'everyone' }, role: Role) => rule.allowed === 'everyone' || rule.allowed.includes(role);

// ---------------------------------------------------------------------------------------------

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  const { default: postgres } = await import('postgres');
  const sql = postgres(runConfig.databaseUrl!, { max: 2, onnotice: () => {} });
  try {
    const [a] = await sql<{ id: number }[]>`insert into volumes (number, name, agreement_version) values (${VOLUME_A}, ${`Matrix A ${run}`}, 1) returning id`;
    const [b] = await sql<{ id: number }[]>`insert into volumes (number, name, agreement_version) values (${VOLUME_B}, ${`Matrix B ${run}`}, 1) returning id`;
    const paper = async (volumeId: number, key: string, title: string, email: string) => {
      const [row] = await sql<{ id: string }[]>`
        insert into papers (volume_id, paper_key, title, corresponding_author_name, corresponding_author_email, author_names)
        values (${volumeId}, ${key}, ${title}, 'Matrix Author', ${email}, 'Matrix Author') returning id`;
      await sql`insert into paper_authors (paper_id, position, name, is_corresponding) values (${row!.id}, 1, 'Matrix Author', true)`;
      return row!.id;
    };
    const paperA1 = await paper(a!.id, `a1${run}`, TITLE_A1, emails.author);
    const paperA2 = await paper(a!.id, `a2${run}`, TITLE_A2, `matrix-other-${run}@example.org`);
    await paper(b!.id, `b1${run}`, `Matrix Paper B1 ${run}`, `matrix-b-${run}@example.org`);

    const userIds: Partial<Record<Role, string>> = {};
    for (const role of SIGNED_IN) {
      const [user] = await sql<{ id: string }[]>`
        insert into users (id, email, role) values (${crypto.randomUUID()}, ${emails[role as Exclude<Role, 'anonymous'>]}, ${role === 'admin' ? 'admin' : 'author'})
        returning id`;
      userIds[role] = user!.id;
      const token = randomBytes(32).toString('hex');
      await sql`insert into sessions (session_token, user_id, expires) values (${token}, ${user!.id}, now() + interval '1 day')`;
      cookies[role] = `authjs.session-token=${token}`;
    }
    await sql`insert into volume_editors (volume_id, user_id) values (${a!.id}, ${userIds.editorOfA!}), (${b!.id}, ${userIds.editorOfB!})`;
    const [staged] = await sql<{ id: string }[]>`
      insert into paper_imports (uploaded_by_user_id, filename, content_sha256, content)
      values (${userIds.editorOfA!}, 'a.csv', ${'0'.repeat(64)},
              ${`volume,paper_key,title,authors,corresponding_author,corresponding_email\n${VOLUME_A},a3${run},Staged Paper,Ann Lee,Ann Lee,ann-${run}@example.org\n`})
      returning id`;

    const [tokenRow] = await sql<{ id: string }[]>`
      insert into api_tokens (name, token_sha256, display_prefix, created_by_user_id)
      values (${`Matrix token A ${run}`}, ${createHash('sha256').update(TOKEN_A).digest('hex')}, ${TOKEN_A.slice(0, 9)}, ${userIds.editorOfA!})
      returning id`;
    await sql`insert into api_token_volumes (token_id, volume_id) values (${tokenRow!.id}, ${a!.id})`;
    // Deliveries to the discard port fail and are retried in the background; none is ever "queued" again but by redelivery.
    const [endpoint] = await sql<{ id: string }[]>`
      insert into webhook_endpoints (volume_id, url, secret, created_by_user_id)
      values (${a!.id}, ${`http://127.0.0.1:9/hooks-${run}`}, ${`whsec_${randomBytes(32).toString('base64')}`}, ${userIds.editorOfA!})
      returning id`;

    // The author signs paper A1 in the browser, so there is a signature, a PDF and evidence to guard.
    const context = await browser.newContext();
    await context.addCookies([{ name: 'authjs.session-token', value: cookies.author!.split('=')[1]!, url: runConfig.baseUrl }]);
    const page = await context.newPage();
    await page.goto(`/papers/${paperA1}`);
    await checkAllTerms(page);
    await page.getByLabel('Your full name, as your signature').fill('Matrix Author');
    await page.getByRole('button', { name: 'Sign agreement' }).click();
    await expect(page.getByRole('heading', { name: 'Thank you: the agreement is signed' })).toBeVisible();
    await context.close();
    // The admin takes an evidence checkpoint, so there is one to download.
    const adminContext = await browser.newContext();
    await adminContext.addCookies([{ name: 'authjs.session-token', value: cookies.admin!.split('=')[1]!, url: runConfig.baseUrl }]);
    const adminPage = await adminContext.newPage();
    await adminPage.goto('/admin/checkpoints');
    await adminPage.getByRole('button', { name: 'Take a checkpoint now' }).click();
    await expect(adminPage.getByRole('status')).toContainText(/Checkpoint \d+ taken|Nothing has changed since checkpoint/);
    await adminContext.close();
    const [signature] = await sql<{ id: string }[]>`select id from signatures where paper_id = ${paperA1}`;
    const [checkpoint] = await sql<{ id: string }[]>`select max(id)::text as id from evidence_checkpoints`;
    const [delivery] = await sql<{ id: string }[]>`select id from webhook_deliveries where endpoint_id = ${endpoint!.id} and event_type = 'agreement.signed'`;
    ids = {
      paperA1,
      paperA2,
      signatureA1: signature!.id,
      importA: staged!.id,
      userEditorOfA: userIds.editorOfA!,
      checkpoint: checkpoint!.id,
      tokenOfA: tokenRow!.id,
      endpointA: endpoint!.id,
      deliveryA: delivery!.id,
    };
  } finally {
    await sql.end();
  }
});

/** A caller's HTTP client. `forgedCookie`: a signed-out caller whose stale cookie gets past the proxy to the endpoint itself. */
async function client(role: Role, { forgedCookie = false } = {}): Promise<APIRequestContext> {
  const cookie = cookies[role] ?? (forgedCookie ? 'authjs.session-token=expired-or-forged' : undefined);
  return playwrightRequest.newContext({
    baseURL: runConfig.baseUrl,
    extraHTTPHeaders: cookie ? { cookie } : {},
    maxRedirects: 0,
  });
}

test('every page, route handler and server action under app/ has a row in this matrix', () => {
  expect(discoveredPages).toEqual(Object.keys(pages).sort());
  expect(discoveredRoutes).toEqual(Object.keys(routes).sort());
  expect(discoveredActions).toEqual(Object.keys(actions).sort());
});

for (const [kind, table] of [['page', pages], ['route', routes]] as const) {
  for (const [template, rule] of Object.entries(table)) {
    test(`${kind} ${template}: each caller gets exactly what they may see`, async () => {
      const leaks: string[] = [];
      for (const role of ROLES) {
        const http = await client(role);
        const response = rule.post ? await http.post(rule.url(), { multipart: rule.post() }) : await http.get(rule.url());
        const body = await response.text();
        const status = response.status();
        const where = `${role} ${rule.post ? 'POST' : 'GET'} ${rule.url()} → ${status}`;
        if (rule.alwaysNotFound) {
          if (status !== 404) leaks.push(`${where}, expected 404`);
        } else if (rule.tokenOnly) {
          if (status !== 401) leaks.push(`${where}, expected 401 (a session cookie is not an API token)`);
        } else if (isAllowed(rule, role)) {
          // Public pages redirect signed-in people to their start page; that is not a refusal.
          const okStatus = status === 200 || (rule.allowed === 'everyone' && role !== 'anonymous' && status === 307);
          if (!okStatus) leaks.push(`${where}, expected 200`);
        } else if (role === 'anonymous') {
          const location = response.headers()['location'] ?? '';
          if (!(status === 307 && location.includes('/sign-in'))) leaks.push(`${where}, expected a redirect to sign-in`);
        } else if (status !== 404) {
          leaks.push(`${where}, expected 404`);
        }
        if (!isAllowed(rule, role) && rule.mustNotLeak && body.includes(rule.mustNotLeak())) {
          leaks.push(`${where} shows "${rule.mustNotLeak()}"`);
        }
        await http.dispose();
      }
      expect(leaks).toEqual([]);
    });
  }
}

test('route handlers answer 401 themselves to a signed-out caller whose cookie passes the proxy', async () => {
  const http = await playwrightRequest.newContext({
    baseURL: runConfig.baseUrl,
    extraHTTPHeaders: { cookie: 'authjs.session-token=expired-or-forged' },
    maxRedirects: 0,
  });
  for (const [template, rule] of Object.entries(routes)) {
    if (rule.allowed === 'everyone') continue;
    const response = await http.get(rule.url());
    expect(response.status(), template).toBe(401);
    if (rule.tokenOnly) expect(await response.json(), template).toMatchObject({ error: 'unauthorized' });
    else expect(await response.text(), template).toBe('Please sign in.');
  }
  await http.dispose();
});

/** A fingerprint of everything a refused action must leave alone. */
async function databaseFingerprint(): Promise<string> {
  const { default: postgres } = await import('postgres');
  const sql = postgres(runConfig.databaseUrl!, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`
      select (select count(*) from signatures) as signatures,
             (select count(*) from signature_voids) as voids,
             (select count(*) from audit_events) as audit_events,
             (select count(*) from agreement_templates) as agreements,
             (select count(*) from volumes) as volumes,
             (select count(*) from papers) as papers,
             (select string_agg(volume_id || ':' || user_id, ',' order by volume_id, user_id) from volume_editors) as editors,
             (select string_agg(email, ',' order by email) from users where role = 'admin') as admins,
             (select string_agg(number || ':' || coalesce(agreement_version, 0) || ':' || coalesce(signing_deadline::text, '')
                                || ':' || reminder_limit, ',' order by number) from volumes) as versions,
             (select count(*) from emails) as emails,
             (select string_agg(id || ':' || state, ',' order by id) from emails) as email_states,
             (select count(*) from paper_import_applications) as applied_imports,
             (select count(*) from evidence_checkpoints) as checkpoints,
             (select string_agg(name || ':' || (revoked_at is null), ',' order by name) from api_tokens) as api_tokens,
             (select string_agg(url || ':' || (disabled_at is null), ',' order by url) from webhook_endpoints) as webhook_endpoints,
             (select count(*) filter (where state = 'queued') from webhook_deliveries) as queued_deliveries,
             (select string_agg(number || ':' || coalesce(published_on::text, ''), ',' order by number) from volumes) as volumes_published,
             (select count(*) filter (where published_on is not null) from papers) as papers_published,
             (select string_agg(paper_key, ',' order by paper_key) from papers) as paper_keys`;
    return JSON.stringify(row);
  } finally {
    await sql.end();
  }
}

test('every server action, replayed by a caller who may not use it, changes nothing', async () => {
  const manifest = JSON.parse(readFileSync('.next/server/server-reference-manifest.json', 'utf8')) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  const idOf = (key: string) => {
    const [file, name] = key.split('#');
    const found = Object.entries(manifest.node).find(([, entry]) => entry.filename === file && entry.exportedName === name);
    if (!found) throw new Error(`${key} is not in the build's server-reference manifest`);
    return found[0];
  };
  const accepted: string[] = [];
  for (const [key, rule] of Object.entries(actions)) {
    const actionId = idOf(key);
    for (const role of ROLES) {
      if (isAllowed(rule, role)) continue;
      const before = await databaseFingerprint();
      const http = await client(role, { forgedCookie: true });
      const fields = rule.fields();
      // As React sends a form: its fields under "_1_", then the arguments in "0", last (the
      // server reads "0" as it arrives). A FormData keeps that order; an object would not.
      const multipart = new FormData();
      for (const [name, value] of Object.entries(fields)) multipart.append(`_1_${name}`, value);
      multipart.append('0', JSON.stringify(rule.form === 'plain' ? ['$K1'] : [null, '$K1']));
      const response = await http.post(rule.page(), { headers: { 'next-action': actionId, accept: 'text/x-component' }, multipart });
      const status = response.status();
      await response.body();
      await http.dispose();
      const after = await databaseFingerprint();
      // 200: the action ran and answered with its refusal (a 404 would mean it was never reached).
      if (status !== 200) accepted.push(`${role} → ${key} answered ${status}, so the action itself was not exercised`);
      if (after !== before) accepted.push(`${role} → ${key} changed the database`);
    }
  }
  expect(accepted).toEqual([]);
});

test('an API token reads its own volume only, and a session cookie never reaches the API', async () => {
  const withToken = await playwrightRequest.newContext({ baseURL: runConfig.baseUrl, extraHTTPHeaders: { authorization: `Bearer ${TOKEN_A}` } });
  try {
    const own = await withToken.get(`/api/v1/volumes/${VOLUME_A}/papers`);
    expect(own.status()).toBe(200);
    expect(await own.text()).toContain(TITLE_A1);
    const other = await withToken.get(`/api/v1/volumes/${VOLUME_B}/papers`);
    expect(other.status()).toBe(404);
    expect(await other.text()).not.toContain(`Matrix Paper B1 ${run}`);
    expect((await withToken.get(`/api/v1/volumes/${VOLUME_B}/papers?format=csv`)).status()).toBe(404);
    expect((await withToken.get(`/api/v1/signatures/${ids.signatureA1}/pdf`)).status()).toBe(200);
  } finally {
    await withToken.dispose();
  }
  // Another volume's editor sees the token page, but not volume A's editor's token.
  const editorOfB = await client('editorOfB');
  expect(await (await editorOfB.get('/editor/api-tokens')).text()).not.toContain(`Matrix token A ${run}`);
  await editorOfB.dispose();
  for (const role of SIGNED_IN) {
    const http = await client(role);
    const response = await http.get(`/api/v1/volumes/${VOLUME_A}/papers`);
    expect(response.status(), role).toBe(401);
    expect(await response.text(), role).not.toContain(TITLE_A1);
    await http.dispose();
  }
});

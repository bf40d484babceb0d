import { expect, test, type Page } from '@playwright/test';

import { sessionFor, soleAuthorPapers, startPortal, type Portal } from './support/portal';

// The PostgreSQL connection that is writing a signature is terminated (pg_terminate_backend) at
// each step of the signing transaction: each insert it makes, and its commit. A trigger on the
// table makes the backend terminate itself at exactly that statement, so the step is certain,
// not a race. The author must see a clear "not recorded, try again" message, nothing of the
// signature may exist, and pressing Sign again must sign once.

const STEPS = [
  { step: 'signatures', table: 'public.signatures' },
  { step: 'signature_documents', table: 'public.signature_documents' },
  { step: 'audit_events', table: 'public.audit_events' },
  { step: 'emails', table: 'public.emails' },
  { step: 'email_papers', table: 'public.email_papers' },
  { step: 'queue_job', table: 'pgboss.job' },
  // At COMMIT: a deferred constraint trigger runs as the transaction commits.
  { step: 'commit', table: 'public.signatures' },
] as const;

let portal: Portal;

test.beforeAll(async () => {
  portal = await startPortal({ basePort: 3710 });
  const { sql } = portal;
  await sql.unsafe(`
    create table public.fault_injection (step text primary key);
    create function public.fault_terminate_self() returns trigger language plpgsql security definer as $$
    begin
      if exists (select 1 from public.fault_injection where step = tg_argv[0]) then
        perform pg_terminate_backend(pg_backend_pid());
      end if;
      return new;
    end $$;`);
  for (const { step, table } of STEPS) {
    await sql.unsafe(
      step === 'commit'
        ? `create constraint trigger fault_commit after insert on ${table} deferrable initially deferred
             for each row execute function public.fault_terminate_self('commit')`
        : `create trigger fault_${step} before insert on ${table} for each row execute function public.fault_terminate_self('${step}')`,
    );
  }
});

test.afterAll(async () => {
  await portal?.stop();
});

/** What the paper has of a signature, anywhere the signing transaction writes. */
async function traces(paperId: string) {
  const [row] = await portal.sql<{ signatures: number; documents: number; events: number; emails: number; jobs: number }[]>`
    select (select count(*)::int from signatures where paper_id = ${paperId}) as signatures,
           (select count(*)::int from signature_documents d join signatures s on s.id = d.signature_id where s.paper_id = ${paperId}) as documents,
           (select count(*)::int from audit_events where paper_id = ${paperId} and action = 'agreement.signed') as events,
           (select count(*)::int from email_papers where paper_id = ${paperId}) as emails,
           (select count(*)::int from pgboss.job j join email_papers ep on j.data->>'emailId' = ep.email_id::text where ep.paper_id = ${paperId}) as jobs`;
  return row!;
}

async function fillSignForm(page: Page, name: string) {
  for (const checkbox of await page.getByRole('group', { name: 'Confirm each term' }).getByRole('checkbox').all()) await checkbox.check();
  await page.getByLabel('Your full name, as your signature').fill(name);
}

STEPS.forEach(({ step }, index) => {
  test(`the connection dies at ${step === 'commit' ? 'the commit' : `the insert into ${step}`}: "not recorded, try again", nothing kept, the retry signs once`, async ({ page }) => {
    const { sql } = portal;
    // A paper of its own per step, by position in the seed (no two steps share an author).
    const [paper] = await soleAuthorPapers(sql, 1, 10 + index);
    const token = await sessionFor(sql, paper!.email);
    await page.context().addCookies([{ name: 'authjs.session-token', value: token, url: portal.urls[0]!, httpOnly: true, sameSite: 'Lax' }]);
    await page.goto(`${portal.urls[0]}/papers/${paper!.id}`);
    await fillSignForm(page, paper!.name);

    await sql`insert into fault_injection (step) values (${step})`;
    await page.getByRole('button', { name: 'Sign agreement' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'so your signature was not recorded' });
    await expect(alert).toBeVisible({ timeout: 60_000 });
    await expect(alert).toContainText('Nothing was saved: please press Sign agreement again in a moment.');
    await sql`delete from fault_injection`;
    expect(await traces(paper!.id)).toEqual({ signatures: 0, documents: 0, events: 0, emails: 0, jobs: 0 });

    // What the author entered is still there: pressing Sign again is all it takes.
    await expect(page.getByLabel('Your full name, as your signature')).toHaveValue(paper!.name);
    await page.getByRole('button', { name: 'Sign agreement' }).click();
    await expect(page.getByRole('heading', { name: 'Thank you: the agreement is signed' })).toBeVisible({ timeout: 60_000 });
    expect(await traces(paper!.id)).toMatchObject({ signatures: 1, documents: 1, events: 1 });
  });
});

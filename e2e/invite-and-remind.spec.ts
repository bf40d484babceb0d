import {
  checkAllTerms,
  expect,
  followSignInLink,
  mailbox,
  signInDirectly,
  signInLinkFrom,
  test,
} from './support/fixtures';

// An editor collects a volume's signatures without writing a single email by hand: deadline,
// invitation (one email per author), the author's one-click way in, the receipt, a reminder.

test('an editor sets a deadline and invites the volume; the author follows the link, signs and gets the receipt', async ({
  browser,
  page,
  sql,
}) => {
  const run = Date.now().toString(36);
  // Its own range: the role matrix takes 7000-8899 in the same run's database.
  const volumeNumber = 9000 + Math.floor(Math.random() * 900);
  const [volume] = await sql<{ id: number }[]>`
    insert into volumes (number, name, agreement_version)
    values (${volumeNumber}, ${`Invitations ${run}`}, (select max(version) from agreement_templates))
    returning id`;
  const single = `single-${run}@example.org`;
  const double = `double-${run}@example.org`;
  const papers = [
    { key: `solo${run}`, title: `Learning to Sign, Alone (${run})`, email: single, name: 'Sam Solo' },
    { key: `duoa${run}`, title: `First of Two (${run})`, email: double, name: 'Dana Double' },
    { key: `duob${run}`, title: `Second of Two (${run})`, email: double, name: 'Dana Double' },
  ];
  const ids: Record<string, string> = {};
  for (const paper of papers) {
    const [row] = await sql<{ id: string }[]>`
      insert into papers (volume_id, paper_key, title, corresponding_author_name, corresponding_author_email, author_names)
      values (${volume!.id}, ${paper.key}, ${paper.title}, ${paper.name}, ${paper.email}, ${`${paper.name}; Co Author`})
      returning id`;
    ids[paper.key] = row!.id;
    await sql`insert into paper_authors (paper_id, position, name, is_corresponding)
              values (${row!.id}, 1, ${paper.name}, true), (${row!.id}, 2, 'Co Author', false)`;
  }
  const editorEmail = `volume-editor-${run}@example.org`;
  await signInDirectly(page, sql, editorEmail);
  await sql`insert into volume_editors (volume_id, user_id)
            select ${volume!.id}, id from users where email = ${editorEmail}`;

  // The table finds the papers never invited.
  await page.goto(`/editor/volumes/${volumeNumber}?status=never-invited`);
  await expect(page.getByRole('status').filter({ hasText: '3 papers match this view' })).toBeVisible();

  // Deadline and reminder rule.
  await page.goto(`/editor/volumes/${volumeNumber}`);
  await page.getByLabel('Sign by (last day, UTC)').fill('2099-03-15');
  await page.getByLabel('Remind every … days (empty: never)').fill('7');
  await page.getByLabel('Last call … days before (empty: none)').fill('2');
  await page.getByLabel('At most … reminders per paper').fill('3');
  await page.getByRole('button', { name: 'Save deadline and reminders' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await page.reload();
  await expect(page.getByText('Deadline: 15 March 2099')).toBeVisible();

  // Invite: the preview counts people, not papers, and shows the email.
  await page.getByRole('link', { name: 'Invite authors…' }).click();
  await expect(page.getByRole('heading', { name: `Invite the authors of Invitations ${run}` })).toBeVisible();
  const facts = page.getByRole('definition');
  await expect(facts.nth(0)).toHaveText('3');
  await expect(facts.nth(2)).toHaveText('2');
  await expect(
    page.frameLocator(`iframe[title="Invitation email to ${double}"]`).getByText('Please sign by 15 March 2099.'),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Send 2 invitations' }).click();
  await expect(page.getByRole('status').filter({ hasText: '2 invitations queued for 3 papers' })).toBeVisible();

  // One email for the author of two papers, listing both.
  const twoPapers = await mailbox.waitForMessage(double);
  expect(twoPapers.subject).toContain('your 2 papers');
  expect(twoPapers.text).toContain(papers[1]!.title);
  expect(twoPapers.text).toContain(papers[2]!.title);
  expect(twoPapers.html).toContain('Please sign by 15 March 2099.');

  // The single-paper author: the link opens Continue, then the paper itself.
  const invitation = await mailbox.waitForMessage(single);
  expect(invitation.subject).toBe(`Please sign the publication agreement for “${papers[0]!.title}”`);
  const authorContext = await browser.newContext();
  const author = await authorContext.newPage();
  await followSignInLink(author, signInLinkFrom(invitation));
  await expect(author).toHaveURL(new RegExp(`/papers/${ids[papers[0]!.key]}$`));
  await expect(author.getByText('Please sign by 15 March 2099')).toBeVisible();
  await checkAllTerms(author);
  await author.getByLabel('Your full name, as your signature').fill('Sam Solo');
  await author.getByRole('button', { name: 'Sign agreement' }).click();
  await expect(author.getByRole('heading', { name: 'Thank you: the agreement is signed' })).toBeVisible();
  await authorContext.close();

  // The receipt comes through the queue, with the sealed PDF.
  const receipt = await mailbox.waitForMessage(single, 1);
  expect(receipt.subject).toContain('Signed: publication agreement for');
  expect(receipt.attachments).toHaveLength(1);
  expect(receipt.attachments[0]!.contentType).toBe('application/pdf');
  const [document] = await sql<{ pdf_sha256: string }[]>`
    select d.pdf_sha256 from signature_documents d join signatures s on s.id = d.signature_id
     where s.paper_id = ${ids[papers[0]!.key]!}`;
  expect(receipt.text).toContain(document!.pdf_sha256);

  // The editor sees delivery, and reminds the other author by hand.
  await page.goto(`/editor/volumes/${volumeNumber}/emails?state=sent`);
  await expect(page.getByRole('table')).toContainText('Invitation');
  await expect(page.getByRole('table')).toContainText('Receipt');
  await page.goto(`/editor/volumes/${volumeNumber}`);
  const row = page.getByRole('row', { name: new RegExp(papers[1]!.title.replace(/[()]/g, '\\$&')) });
  // Each row's button names its paper, so a screen reader's list of buttons tells them apart.
  await row.getByRole('button', { name: `Remind the author of ${papers[1]!.key}`, exact: true }).click();
  await expect(row.getByRole('status')).toContainText('1 reminder queued for 1 paper');
  const reminder = await mailbox.waitForMessage(double, 1);
  expect(reminder.subject).toBe(
    `Reminder: please sign the publication agreement for “${papers[1]!.title}” by 15 March 2099`,
  );
  // Signed papers never appear in a reminder.
  expect(reminder.text).not.toContain(papers[0]!.title);

  // Everyone awaiting: asked first, with the count; then one email per author.
  await page.reload();
  await page.getByRole('button', { name: 'Remind everyone awaiting…' }).click();
  await expect(page.getByText('Send a reminder about each of the 2 invited papers still awaiting a signature')).toBeVisible();
  await page.getByRole('button', { name: 'Send the reminders' }).click();
  await expect(page.getByRole('status').filter({ hasText: '1 reminder queued for 2 papers' })).toBeVisible();
  const both = await mailbox.waitForMessage(double, 2);
  expect(both.subject).toBe(`Reminder: please sign the publication agreement for your 2 papers in Invitations ${run} by 15 March 2099`);
  expect(await mailbox.messagesTo(single)).toHaveLength(2);
});

test('each failed email and each awaiting paper has its own button, named for it', async ({ page, sql }) => {
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  // Its own range of volume numbers, apart from the other specs'.
  const volumeNumber = 4000 + Math.floor(Math.random() * 900);
  const [volume] = await sql<{ id: number }[]>`
    insert into volumes (number, name, agreement_version, signing_deadline)
    values (${volumeNumber}, ${`Buttons ${run}`}, (select max(version) from agreement_templates), '2099-03-15')
    returning id`;
  const recipients = [`first-${run}@example.org`, `second-${run}@example.org`];
  const paperIds: string[] = [];
  for (const [index, recipient] of recipients.entries()) {
    const [paper] = await sql<{ id: string }[]>`
      insert into papers (volume_id, paper_key, title, corresponding_author_name, corresponding_author_email, author_names)
      values (${volume!.id}, ${`btn${index}${run}`}, ${`Paper ${index} (${run})`}, 'Some Author', ${recipient}, 'Some Author')
      returning id`;
    paperIds.push(paper!.id);
    // An invitation the mail server refused for good: the log offers to retry it.
    const [email] = await sql<{ id: string }[]>`
      insert into emails (idempotency_key, kind, recipient, volume_id, state, attempts, last_error)
      values (${`buttons:${run}:${index}`}, 'invitation', ${recipient}, ${volume!.id}, 'failed', 5, '550 mailbox unavailable')
      returning id`;
    await sql`insert into email_papers (email_id, paper_id) values (${email!.id}, ${paper!.id})`;
  }
  const editorEmail = `buttons-editor-${run}@example.org`;
  await signInDirectly(page, sql, editorEmail);
  await sql`insert into volume_editors (volume_id, user_id) select ${volume!.id}, id from users where email = ${editorEmail}`;

  await page.goto(`/editor/volumes/${volumeNumber}`);
  for (const index of [0, 1]) {
    await expect(page.getByRole('button', { name: `Remind the author of btn${index}${run}`, exact: true })).toBeVisible();
  }
  await page.goto(`/editor/volumes/${volumeNumber}/emails?state=failed`);
  for (const recipient of recipients) {
    await expect(page.getByRole('button', { name: `Retry now: invitation to ${recipient}`, exact: true })).toBeVisible();
  }
  await page.goto(`/editor/papers/${paperIds[1]}`);
  await expect(page.getByRole('button', { name: `Retry now: invitation to ${recipients[1]}`, exact: true })).toBeVisible();
});

import { expect, signInDirectly, test } from './support/fixtures';

const TITLE = 'Cross-Loss Influence Functions to Explain Deep Network Representations';

test('an editor finds a paper by a co-author’s name from the volumes page; an editor of another volume does not', async ({
  browser,
  page,
  sql,
}) => {
  await signInDirectly(page, sql, 'editor@example.org');
  await page.goto('/editor');
  const search = page.getByRole('searchbox', { name: 'Find a paper by title, author or email' });
  await search.fill('ROHIT chopra');
  await search.press('Enter');
  await expect(page).toHaveURL(/\/editor\/search\?q=ROHIT\+chopra$/);
  await expect(page.getByRole('heading', { name: 'Find a paper' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('1 paper matches “ROHIT chopra”, newest volume first.');
  await expect(page.getByRole('searchbox')).toHaveValue('ROHIT chopra');
  const row = page.getByRole('row', { name: new RegExp(TITLE) });
  await expect(row).toContainText('silva22');
  await expect(row).toContainText('Andrew Silva');
  await row.getByRole('link', { name: TITLE }).click();
  await expect(page).toHaveURL(/\/editor\/papers\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: TITLE })).toBeVisible();

  // The editor of another volume searches for the same paper and is told nothing matches.
  const number = 60_000 + Math.floor(Math.random() * 30_000);
  const email = `other-editor-${number}@example.org`;
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signInDirectly(otherPage, sql, email);
  await sql`insert into volumes (number, name) values (${number}, ${`Other volume ${number}`})`;
  await sql`insert into volume_editors (volume_id, user_id)
            select v.id, u.id from volumes v, users u where v.number = ${number} and u.email = ${email}`;
  await otherPage.goto(`/editor/search?q=${encodeURIComponent('rohit chopra')}`);
  await expect(otherPage.getByRole('status')).toContainText('No paper matches “rohit chopra”.');
  await expect(otherPage.getByText(TITLE)).toHaveCount(0);
  await other.close();
});

// Every page passes axe's WCAG 2.2 AA checks, as the person who would see it. The list of pages
// comes from reading app/: a new page fails the first test until it has a row here.
import AxeBuilder from '@axe-core/playwright';

import { discoveredPages } from './support/app-pages';
import { checkAllTerms, expect, signInDirectly, test } from './support/fixtures';

const AUTHOR = 'h.lee@example.net';
const EDITOR = 'editor@example.org';
const ADMIN = 'admin@example.org';

type Visit = { as?: string; url: (paperId: string) => string; paperOf?: string; signFirst?: boolean };

const visits: Record<string, Visit[]> = {
  '/': [{ url: () => '/' }],
  '/admin': [{ as: ADMIN, url: () => '/admin' }],
  '/admin/agreements': [{ as: ADMIN, url: () => '/admin/agreements' }],
  '/admin/checkpoints': [{ as: ADMIN, url: () => '/admin/checkpoints' }],
  // Production answers 404 here: the not-found page is checked.
  '/dev/mailbox': [{ url: () => '/dev/mailbox' }],
  '/editor': [{ as: EDITOR, url: () => '/editor' }],
  '/editor/api-tokens': [{ as: EDITOR, url: () => '/editor/api-tokens' }],
  '/editor/import': [{ as: EDITOR, url: () => '/editor/import' }],
  '/editor/publication': [{ as: EDITOR, url: () => '/editor/publication' }],
  '/editor/search': [
    { as: EDITOR, url: () => '/editor/search?q=learning' },
    { as: EDITOR, url: () => '/editor/search?q=no+such+paper' },
  ],
  '/editor/papers/[paperId]': [{ as: EDITOR, url: (paper) => `/editor/papers/${paper}`, paperOf: 'l.truong@example.net', signFirst: true }],
  '/editor/volumes/[volume]': [{ as: EDITOR, url: () => '/editor/volumes/151?q=learning&sort=title' }],
  '/editor/volumes/[volume]/emails': [{ as: EDITOR, url: () => '/editor/volumes/151/emails' }],
  '/editor/volumes/[volume]/invite': [{ as: EDITOR, url: () => '/editor/volumes/151/invite' }],
  '/editor/volumes/[volume]/keys': [{ as: EDITOR, url: () => '/editor/volumes/151/keys' }],
  '/editor/volumes/[volume]/webhooks': [{ as: EDITOR, url: () => '/editor/volumes/151/webhooks' }],
  '/papers': [{ as: AUTHOR, url: () => '/papers' }],
  '/papers/[paperId]': [
    { as: AUTHOR, url: (paper) => `/papers/${paper}` },
    { as: 'z.li@example.net', url: (paper) => `/papers/${paper}`, signFirst: true },
  ],
  '/sign-in': [
    { url: () => '/sign-in' },
    // "Confirm it's you": an editor asked for a recent sign-in before a sensitive action.
    { as: EDITOR, url: () => `/sign-in?callbackUrl=%2Feditor&email=${encodeURIComponent(EDITOR)}` },
  ],
  '/sign-in/check-email': [{ url: () => '/sign-in/check-email?email=someone%40example.org' }],
  '/sign-in/continue': [
    { url: () => `/sign-in/continue?email=someone%40example.org&token=${'a'.repeat(43)}&callbackUrl=%2F` },
    { url: () => '/sign-in/continue' },
  ],
  '/sign-in/error': [{ url: () => '/sign-in/error?error=Verification' }],
  '/verify': [{ url: () => '/verify' }],
};

test('every page under app/ has an accessibility check', () => {
  expect(discoveredPages).toEqual(Object.keys(visits).sort());
});

for (const [template, list] of Object.entries(visits)) {
  for (const [index, visit] of list.entries()) {
    test(`${template}${list.length > 1 ? ` (${index + 1})` : ''} has no WCAG 2.2 AA violations, as ${visit.as ?? 'a visitor'}`, async ({
      browser,
      page,
      sql,
    }) => {
      const paperOf = visit.paperOf ?? visit.as;
      const [paper] = paperOf ? await sql<{ id: string }[]>`select id from papers where corresponding_author_email = ${paperOf} limit 1` : [];
      if (visit.signFirst && paperOf) {
        // The signed state of the page, signed by its author in a browser of their own.
        const context = await browser.newContext();
        const author = await context.newPage();
        await signInDirectly(author, sql, paperOf);
        await author.goto(`/papers/${paper!.id}`);
        if (await author.getByRole('button', { name: 'Sign agreement' }).count()) {
          await checkAllTerms(author);
          await author.getByLabel('Your full name, as your signature').fill('Signed For Axe');
          await author.getByRole('button', { name: 'Sign agreement' }).click();
          await expect(author.getByText('SHA-256 of the text')).toBeVisible();
        }
        await context.close();
      }
      if (visit.as) await signInDirectly(page, sql, visit.as);
      await page.goto(visit.url(paper?.id ?? ''));
      await page.waitForLoadState('networkidle');
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
      const violations = results.violations.map((violation) => ({
        rule: violation.id,
        impact: violation.impact,
        where: violation.nodes.slice(0, 3).map((node) => node.target.join(' ')),
      }));
      expect(violations).toEqual([]);
    });
  }
}

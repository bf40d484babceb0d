import { afterEach, describe, expect, it } from 'vitest';

import { paperRow, seedPapers, seedUser } from '@/tests/factories';

import { mayRequestSignInLink } from './may-request-sign-in-link';

afterEach(() => {
  delete process.env.ADMIN_EMAILS;
});

describe('mayRequestSignInLink', () => {
  it('lets corresponding authors, editors, admins and ADMIN_EMAILS in, whatever the case', async () => {
    await seedPapers([paperRow({ correspondingAuthorEmail: 'corr@example.org' })]);
    await seedUser('editor@example.org', 'editor');
    await seedUser('admin@example.org', 'admin');
    process.env.ADMIN_EMAILS = 'Boss@Example.org, other@example.org';

    expect(await mayRequestSignInLink('CORR@example.org')).toBe(true);
    expect(await mayRequestSignInLink('editor@example.org')).toBe(true);
    expect(await mayRequestSignInLink('admin@example.org')).toBe(true);
    expect(await mayRequestSignInLink('boss@example.org')).toBe(true);
  });

  it('refuses strangers, co-authors without an email on record and plain users', async () => {
    await seedPapers([paperRow({ authors: ['Corr Person', 'Co Author'], correspondingAuthorName: 'Corr Person' })]);
    await seedUser('former-author@example.org', 'author');
    expect(await mayRequestSignInLink('stranger@example.org')).toBe(false);
    expect(await mayRequestSignInLink('former-author@example.org')).toBe(false);
  });
});

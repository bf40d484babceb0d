import { describe, expect, it } from 'vitest';

import { UnauthenticatedError } from '@/lib/errors';
import { paperRow, seedPapers, seedUser } from '@/tests/factories';

import { getPapersForAuthor } from './get-papers-for-author';

describe('getPapersForAuthor', () => {
  it('returns exactly the papers this email corresponds for, with authors in order', async () => {
    const mine1 = paperRow({ correspondingAuthorEmail: 'me@example.org', title: 'B Paper' });
    const mine2 = paperRow({
      correspondingAuthorEmail: 'me@example.org',
      title: 'A Paper',
      authors: ['First Person', 'Me Myself'],
      correspondingAuthorName: 'Me Myself',
    });
    const coAuthored = paperRow({ authors: ['Someone Else', 'Me Myself'], correspondingAuthorName: 'Someone Else' });
    await seedPapers([mine1, mine2, coAuthored]);

    // Addresses are stored lower-cased, so the user's email matches however it was typed.
    const papers = await getPapersForAuthor(await seedUser('me@example.org'));
    expect(papers.map((paper) => paper.title)).toEqual(['A Paper', 'B Paper']);
    expect(papers[0]).toMatchObject({
      volume: { number: 900, name: 'Test Volume' },
      status: 'accepted',
      authors: [
        { name: 'First Person', isCorresponding: false },
        { name: 'Me Myself', isCorresponding: true },
      ],
    });
  });

  it('returns nothing for an address with no papers', async () => {
    await seedPapers([paperRow()]);
    expect(await getPapersForAuthor(await seedUser('nobody@example.org'))).toEqual([]);
    await expect(getPapersForAuthor(null)).rejects.toBeInstanceOf(UnauthenticatedError);
  });
});

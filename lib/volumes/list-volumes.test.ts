import { describe, expect, it } from 'vitest';

import { ForbiddenError } from '@/lib/errors';
import { paperRow, seedPapers, seedUser } from '@/tests/factories';

import { listVolumes } from './list-volumes';

describe('listVolumes', () => {
  it('gives editors and admins every volume with counts', async () => {
    await seedPapers([paperRow(), paperRow()]);
    const editor = await seedUser('ed@example.org', 'editor');
    const admin = await seedUser('ad@example.org', 'admin');
    const expected = [{ number: 900, name: 'Test Volume', paperCount: 2, acceptedCount: 2 }];
    expect(await listVolumes(editor)).toMatchObject(expected);
    expect(await listVolumes(admin)).toMatchObject(expected);
  });

  it('refuses authors and signed-out callers', async () => {
    const author = await seedUser('au@example.org', 'author');
    await expect(listVolumes(author)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listVolumes(null)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

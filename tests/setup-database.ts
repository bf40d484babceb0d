// Gives each test file a fresh, migrated database of the driver its project names:
// PGlite in memory, or a new database on the PostgreSQL server of TEST_POSTGRES_URL.
import { afterAll, beforeAll } from 'vitest';

import { closeDatabase, getDatabase } from '@/db/client';
import { prepareDatabase } from '@/lib/startup/start-portal';

import { createFreshPostgresDatabase, freshSigningKey } from './fresh-test-resources';

let dropDatabase: (() => Promise<void>) | undefined;

// A sealing key of this test file's own, as a fresh install would create.
process.env.SIGNING_KEY ??= freshSigningKey();
// Sign-in and invitation links are hashed with it, as in every running portal.
process.env.AUTH_SECRET ??= 'test-auth-secret-' + 'x'.repeat(32);

beforeAll(async () => {
  await closeDatabase();
  if (process.env.TEST_DRIVER === 'postgres') {
    const fresh = await createFreshPostgresDatabase(process.env.TEST_POSTGRES_URL!, 'vitest');
    process.env.DATABASE_URL = fresh.url;
    dropDatabase = fresh.drop;
  } else {
    delete process.env.DATABASE_URL;
    process.env.PGLITE_DATA_DIR = 'memory://';
  }
  await getDatabase();
  // As at every start: the key ring and the shipped agreement (version 1).
  await prepareDatabase();
});

afterAll(async () => {
  await closeDatabase();
  await dropDatabase?.();
});

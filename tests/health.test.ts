import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { GET } from '@/app/api/health/route';
import { closeDatabase, getDatabase } from '@/db/client';
import { prepareDatabase } from '@/lib/startup/start-portal';

// Captured per test, after tests/setup-database.ts has pointed this file at its own database.
let original: { url: string | undefined };
beforeEach(() => {
  original = { url: process.env.DATABASE_URL };
});

afterEach(async () => {
  await closeDatabase();
  if (original.url) process.env.DATABASE_URL = original.url;
  else delete process.env.DATABASE_URL;
  await getDatabase();
  // As at start (an in-memory database comes back empty): the shipped agreement is published.
  await prepareDatabase();
});

describe('GET /api/health', () => {
  it('answers 200 with the driver in use', async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    // The latest version: 1 as the first start published it, or whatever another test published since.
    expect(await response.json()).toEqual({ status: 'ok', database: process.env.TEST_DRIVER, agreementVersion: expect.any(Number) });
  });

  it('answers 503 when the database cannot be reached', async () => {
    await closeDatabase();
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    process.env.DATABASE_URL = 'postgres://postgres@127.0.0.1:1/unreachable';
    const response = await GET();
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'unavailable',
      database: 'unreachable',
      reason: 'the database cannot be reached',
    });
  });
});

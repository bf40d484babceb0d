import { describe, expect, it } from 'vitest';

import { DEFAULT_BODY_LIMIT, bodyLimitFor, judgeBody } from './body-limits';

const post = (url: string, headers: Record<string, string>) => judgeBody('POST', url, headers);

describe('body limits per endpoint', () => {
  it('gives the sign and void forms a few KB, imports 5 MB and the /verify check 11 MB', () => {
    expect(bodyLimitFor('/papers/0b9c5d3e-0000-4000-8000-000000000000')).toBe(DEFAULT_BODY_LIMIT);
    expect(bodyLimitFor('/editor/papers/0b9c5d3e-0000-4000-8000-000000000000')).toBe(DEFAULT_BODY_LIMIT);
    expect(DEFAULT_BODY_LIMIT).toBeLessThanOrEqual(32 * 1024);
    expect(bodyLimitFor('/editor/import')).toBe(5.5 * 1024 * 1024);
    expect(bodyLimitFor('/verify/check')).toBe(11 * 1024 * 1024);
    // The /verify page itself takes no uploads: its forms post to /verify/check.
    expect(bodyLimitFor('/verify')).toBe(DEFAULT_BODY_LIMIT);
    expect(bodyLimitFor('/api/auth/signin/email')).toBe(16 * 1024);
    // Only the page itself: a longer path under it is an ordinary endpoint.
    expect(bodyLimitFor('/verify/check/anything')).toBe(DEFAULT_BODY_LIMIT);
    expect(bodyLimitFor('/editor/import-something')).toBe(DEFAULT_BODY_LIMIT);
  });

  it('refuses by Content-Length, before reading: 413 over the limit, 411 for a chunked body', () => {
    expect(post('/papers/x', { 'content-length': String(32 * 1024) })).toEqual({ ok: true });
    expect(post('/papers/x', { 'content-length': String(32 * 1024 + 1) })).toMatchObject({ ok: false, status: 413 });
    expect(post('/verify/check?x=1', { 'content-length': String(11 * 1024 * 1024) })).toEqual({ ok: true });
    expect(post('/verify/check', { 'content-length': String(11 * 1024 * 1024 + 1) })).toMatchObject({
      ok: false,
      status: 413,
      message: expect.stringContaining('11 MB'),
    });
    expect(post('/papers/x', { 'transfer-encoding': 'chunked' })).toMatchObject({ ok: false, status: 411 });
    expect(post('/papers/x', { 'content-length': '1e9' })).toMatchObject({ ok: false, status: 411 });
    // No body at all, and reads, pass.
    expect(post('/papers/x', {})).toEqual({ ok: true });
    expect(judgeBody('GET', '/papers/x', { 'content-length': String(10 ** 9) })).toEqual({ ok: true });
  });
});

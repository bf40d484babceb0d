import { describe, expect, it } from 'vitest';

import { freshSigningKey } from '@/tests/fresh-test-resources';

import { checkEnvFormat, ConfigurationError, runtimeEnvProblems } from './env';

const production = () => ({
  NODE_ENV: 'production' as const,
  AUTH_SECRET: 'x'.repeat(43),
  SIGNING_KEY: freshSigningKey(),
  AUTH_URL: 'https://agreements.example.org',
  EMAIL_SERVER: 'smtps://user:pass@smtp.example.org:465',
  DATABASE_URL: 'postgres://portal@db/agreements',
});

describe('the environment', () => {
  it('accepts a complete production configuration', () => {
    expect(runtimeEnvProblems(production())).toEqual([]);
  });

  it('fails the build on a malformed value, naming the variable, and not on a missing secret', () => {
    expect(() => checkEnvFormat({ ...production(), DATABASE_URL: 'mysql://db/x' })).toThrow(ConfigurationError);
    expect(() => checkEnvFormat({ ...production(), DATABASE_URL: 'mysql://db/x' })).toThrow(/DATABASE_URL must be a postgres:\/\/ URL/);
    expect(() => checkEnvFormat({ NODE_ENV: 'production' })).not.toThrow();
    // An empty value (a blank line in a .env file) counts as unset.
    expect(() => checkEnvFormat({ NODE_ENV: 'production', SIGNING_KEY: '' })).not.toThrow();
  });

  it('names every missing production variable in one go', () => {
    const problems = runtimeEnvProblems({ NODE_ENV: 'production' });
    for (const name of ['AUTH_SECRET', 'SIGNING_KEY', 'AUTH_URL', 'EMAIL_SERVER', 'DATABASE_URL']) {
      expect(problems.some((problem) => problem.startsWith(name))).toBe(true);
    }
  });

  it('allows a local trial with DEMO=1: http on localhost, console mail, the embedded database', () => {
    const { AUTH_SECRET, SIGNING_KEY } = production();
    expect(runtimeEnvProblems({ NODE_ENV: 'production', DEMO: '1', AUTH_SECRET, SIGNING_KEY, AUTH_URL: 'http://localhost:3000' })).toEqual([]);
    // Even a trial keeps http to this machine.
    expect(runtimeEnvProblems({ NODE_ENV: 'production', DEMO: '1', AUTH_SECRET, SIGNING_KEY, AUTH_URL: 'http://agreements.example.org' })).toEqual([
      expect.stringContaining('AUTH_URL may be http only on this machine'),
    ]);
    expect(runtimeEnvProblems({ NODE_ENV: 'production', DEMO: 'yes' })).toEqual(['DEMO must be 1 or 0']);
  });

  it('refuses an AUTH_URL that names this machine by address, saying which URL to use instead', () => {
    const { AUTH_SECRET, SIGNING_KEY } = production();
    for (const [given, instead] of [
      ['http://127.0.0.1:3000', 'http://localhost:3000'],
      ['http://127.1.2.3:8080/', 'http://localhost:8080'],
      ['http://[::1]:3000', 'http://localhost:3000'],
    ]) {
      expect(runtimeEnvProblems({ NODE_ENV: 'development', AUTH_SECRET, SIGNING_KEY, AUTH_URL: given })).toEqual([
        expect.stringContaining(`not ${new URL(given!).hostname} (sign-in would land signed out): use ${instead}`),
      ]);
    }
  });
});

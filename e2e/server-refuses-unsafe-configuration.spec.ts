// `next start` in production refuses to start, naming the variable, when the configuration or
// the database login is unsafe; with DEMO=1 it allows a local trial's settings. Each case is a
// real `next start` of the production build. No browser is needed.
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import net from 'node:net';

import { expect, test } from '@playwright/test';

import { runConfig } from './support/run-config';
import { freshSigningKey } from '../tests/fresh-test-resources';
import { createRoleDatabase, type RoleDatabase } from '../tests/restricted-roles';

let database: RoleDatabase;
const signingKey = freshSigningKey();

test.beforeAll(async () => {
  if (!runConfig.postgresServerUrl) throw new Error('these tests need the PostgreSQL run (DATABASE_URL)');
  database = await createRoleDatabase(runConfig.postgresServerUrl, 'startup');
  const migrate = spawnSync('./node_modules/.bin/tsx', ['--conditions=react-server', 'scripts/migrate.ts'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: database.ownerUrl, SIGNING_KEY: signingKey } as unknown as NodeJS.ProcessEnv,
    encoding: 'utf8',
  });
  expect(migrate.status, migrate.stderr).toBe(0);
  await database.createAppRole();
});

test.afterAll(async () => {
  await database?.drop();
});

/** A production configuration that starts: every variable set, so a .env.local cannot fill any in. */
function productionEnv(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DEMO: '',
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    SIGNING_KEY: signingKey,
    AUTH_URL: 'https://agreements.example.org',
    EMAIL_SERVER: 'smtp://127.0.0.1:2599',
    EMAIL_FROM: 'PMLR Agreements <agreements@example.org>',
    DATABASE_URL: database.appUrl,
    MIGRATIONS_DATABASE_URL: database.ownerUrl,
    ADMIN_EMAILS: '',
    PGLITE_DATA_DIR: 'memory://',
  };
}

/** A port nothing listens on now (this machine runs MariaDB, Redis… on well-known ones). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs `next start`: resolves with its exit code and output, or 'serving' once /api/health answers 200. */
async function start(env: Record<string, string>): Promise<{ outcome: number | 'serving'; output: string }> {
  const port = await freePort();
  const server = spawn('./node_modules/.bin/next', ['start', '-H', '127.0.0.1', '-p', String(port)], { env: env as NodeJS.ProcessEnv });
  let output = '';
  server.stdout.on('data', (chunk) => (output += chunk));
  server.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number>((resolve) => server.on('exit', (code) => resolve(code ?? -1)));
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      const done = await Promise.race([exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 250))]);
      if (done !== null) return { outcome: done, output };
      const healthy = await fetch(`http://127.0.0.1:${port}/api/health`).then((response) => response.status === 200, () => false);
      if (healthy) return { outcome: 'serving', output };
      if (Date.now() > deadline) throw new Error(`next start neither served nor exited:\n${output}`);
    }
  } finally {
    server.kill('SIGTERM');
    await exited;
  }
}

async function expectRefusal(env: Record<string, string>, variable: string, reason: RegExp) {
  const { outcome, output } = await start(env);
  expect(outcome, output).toBe(1);
  expect(output).toContain("The portal's configuration is not usable");
  expect(output).toMatch(new RegExp(`${variable}[^\\n]*${reason.source}`));
}

test('a complete production configuration on the restricted role starts and serves', async () => {
  const { outcome, output } = await start(productionEnv());
  expect(outcome, output).toBe('serving');
});

test('refuses without AUTH_SECRET', async () => {
  await expectRefusal({ ...productionEnv(), AUTH_SECRET: '' }, 'AUTH_SECRET', /not set/);
});

test('refuses a short AUTH_SECRET', async () => {
  await expectRefusal({ ...productionEnv(), AUTH_SECRET: 'secret' }, 'AUTH_SECRET', /at least 32 characters/);
});

test('refuses without SIGNING_KEY', async () => {
  await expectRefusal({ ...productionEnv(), SIGNING_KEY: '' }, 'SIGNING_KEY', /not set/);
});

test('refuses a SIGNING_KEY that is not an Ed25519 private key', async () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  await expectRefusal({ ...productionEnv(), SIGNING_KEY: rsa }, 'SIGNING_KEY', /Ed25519/);
});

test('refuses without AUTH_URL', async () => {
  await expectRefusal({ ...productionEnv(), AUTH_URL: '' }, 'AUTH_URL', /not set/);
});

test('refuses an http AUTH_URL', async () => {
  await expectRefusal({ ...productionEnv(), AUTH_URL: 'http://agreements.example.org' }, 'AUTH_URL', /must be https/);
});

test('refuses without EMAIL_SERVER', async () => {
  await expectRefusal({ ...productionEnv(), EMAIL_SERVER: '' }, 'EMAIL_SERVER', /not set/);
});

test('refuses an EMAIL_SERVER that is not an SMTP URL', async () => {
  await expectRefusal({ ...productionEnv(), EMAIL_SERVER: 'mail.example.org:25' }, 'EMAIL_SERVER', /smtp:\/\//);
});

test('refuses the embedded database in production', async () => {
  await expectRefusal({ ...productionEnv(), DATABASE_URL: '', MIGRATIONS_DATABASE_URL: '' }, 'DATABASE_URL', /not set/);
});

test('refuses a DATABASE_URL that is not postgres://', async () => {
  await expectRefusal({ ...productionEnv(), DATABASE_URL: 'mysql://localhost/portal' }, 'DATABASE_URL', /postgres:\/\//);
});

test('refuses to run as a PostgreSQL superuser', async () => {
  await expectRefusal({ ...productionEnv(), DATABASE_URL: database.adminUrl }, 'DATABASE_URL', /superuser/);
});

test('refuses to run as the owner of the evidence tables', async () => {
  await expectRefusal({ ...productionEnv(), DATABASE_URL: database.ownerUrl }, 'DATABASE_URL', /owner of the evidence tables/);
});

test('refuses an AUTH_URL that names this machine as 127.0.0.1, where sign-in would land signed out', async () => {
  await expectRefusal(
    { ...productionEnv(), DEMO: '1', AUTH_URL: 'http://127.0.0.1:3000' },
    'AUTH_URL',
    /not 127\.0\.0\.1 \(sign-in would land signed out\): use http:\/\/localhost:3000/,
  );
});

test('DEMO=1 allows the owner role, http on localhost and console mail, for a local trial', async () => {
  const { outcome, output } = await start({
    ...productionEnv(),
    DEMO: '1',
    DATABASE_URL: database.ownerUrl,
    AUTH_URL: 'http://localhost:3000',
    EMAIL_SERVER: '',
  });
  expect(outcome, output).toBe('serving');
});

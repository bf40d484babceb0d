// Playwright's webServer: a fresh database with the demo seed, a real SMTP sink, and the
// production build (`next start`). Everything is torn down when Playwright stops it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { freshSigningKey } from '../../tests/fresh-test-resources';
import { createRoleDatabase } from '../../tests/restricted-roles';
import { runConfig } from './run-config';
import { stopTogether } from './lifecycle';
import { startSmtpSink } from './smtp-sink';

async function main() {
  const databaseEnv: Record<string, string> = {};
  let cleanupDatabase = async () => {};
  let createAppRole = async () => {};

  if (runConfig.databaseUrl && runConfig.postgresServerUrl) {
    // Named by run-config, so the test workers know where to look. As in production: the
    // owner role migrates, the portal runs as a login role in agreement_portal_app.
    const name = new URL(runConfig.databaseUrl).pathname.slice(1);
    const fresh = await createRoleDatabase(runConfig.postgresServerUrl, 'e2e', name);
    databaseEnv.DATABASE_URL = fresh.appUrl;
    databaseEnv.MIGRATIONS_DATABASE_URL = fresh.ownerUrl;
    cleanupDatabase = fresh.drop;
    createAppRole = fresh.createAppRole;
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), 'portal-e2e-pglite-'));
    databaseEnv.PGLITE_DATA_DIR = dir;
    cleanupDatabase = async () => rmSync(dir, { recursive: true, force: true });
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...databaseEnv,
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    SIGNING_KEY: freshSigningKey(),
    AUTH_URL: runConfig.baseUrl,
    EMAIL_SERVER: `smtp://127.0.0.1:${runConfig.smtpPort}`,
    EMAIL_FROM: 'PMLR Agreements <agreements@example.org>',
    ADMIN_EMAILS: '',
    PORT: String(runConfig.port),
    // The demo data and http on localhost: a local trial's settings (DEMO=1), with production's
    // restricted database role all the same on PostgreSQL.
    DEMO: '1',
    // Webhook tests register a receiver they start on this machine, and watch its retries.
    WEBHOOK_ALLOW_PRIVATE: '1',
    WEBHOOK_RETRY_BASE_SECONDS: '1',
    // Every browser test signs in from 127.0.0.1: the per-client limit is lifted, and a test of
    // its own meets the per-address one.
    SIGN_IN_REQUESTS_PER_HOUR_PER_CLIENT: '100000',
    SIGN_IN_LINKS_PER_HOUR: '12',
    VERIFY_CHECKS_PER_MINUTE: '100000',
  };
  if (!databaseEnv.DATABASE_URL) delete env.DATABASE_URL;

  // The seed migrates as the owner first (which creates agreement_portal_app), then the app role can exist.
  const migrate = spawnSync('./node_modules/.bin/tsx', ['--conditions=react-server', 'scripts/migrate.ts'], {
    env: { ...env, DATABASE_URL: env.MIGRATIONS_DATABASE_URL ?? env.DATABASE_URL },
    stdio: 'inherit',
  });
  if (migrate.status !== 0) throw new Error('migrating the e2e database failed');
  await createAppRole();

  const seed = spawnSync('./node_modules/.bin/tsx', ['--conditions=react-server', 'db/seed.ts'], {
    env,
    stdio: 'inherit',
  });
  if (seed.status !== 0) throw new Error('seeding the e2e database failed');

  const sink = await startSmtpSink({ smtpPort: runConfig.smtpPort, httpPort: runConfig.smtpPort + 1 });
  const server: ChildProcess = spawn('./node_modules/.bin/next', ['start', '-H', '127.0.0.1', '-p', String(runConfig.port)], {
    env,
    stdio: 'inherit',
  });

  stopTogether(server, [() => sink.close(), cleanupDatabase]);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

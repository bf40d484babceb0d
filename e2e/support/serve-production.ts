// The production walk-through's server, set up exactly as the README's "Run it in production"
// says: a database owned by a migration role; `npm run db:migrate` as that owner (it creates
// agreement_portal_app); a login role in agreement_portal_app; `next start` as that role
// with every production variable and no DEMO, behind TLS. No seed: the first start publishes
// the shipped agreement, and ADMIN_EMAILS names the first admin.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';

import { freshSigningKey } from '../../tests/fresh-test-resources';
import { createRoleDatabase } from '../../tests/restricted-roles';
import { runConfig } from './run-config';
import { stopTogether } from './lifecycle';
import { startSmtpSink } from './smtp-sink';
import { startTlsProxy } from './tls-proxy';

async function main() {
  const { production } = runConfig;
  if (!runConfig.postgresServerUrl || !production.databaseUrl) throw new Error('the production walk-through needs PostgreSQL');
  const name = new URL(production.databaseUrl).pathname.slice(1);
  const database = await createRoleDatabase(runConfig.postgresServerUrl, 'prod', name);

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DEMO: '',
    DATABASE_URL: database.appUrl,
    MIGRATIONS_DATABASE_URL: database.ownerUrl,
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    SIGNING_KEY: freshSigningKey(),
    AUTH_URL: production.baseUrl,
    EMAIL_SERVER: `smtp://127.0.0.1:${production.smtpPort}`,
    EMAIL_FROM: 'PMLR Agreements <agreements@example.org>',
    ADMIN_EMAILS: production.firstAdmin,
    PORT: String(production.appPort),
    // Behind the one TLS proxy (tls-proxy.ts), which appends the client to X-Forwarded-For.
    TRUSTED_PROXY_HOPS: '1',
  };

  // README step: the owner applies the migrations once, creating agreement_portal_app.
  const migrate = spawnSync('npm', ['run', '--silent', 'db:migrate'], {
    env: { ...env, DATABASE_URL: database.ownerUrl } as unknown as NodeJS.ProcessEnv,
    stdio: 'inherit',
  });
  if (migrate.status !== 0) throw new Error('npm run db:migrate as the owner failed');
  await database.createAppRole();

  const sink = await startSmtpSink({ smtpPort: production.smtpPort, httpPort: production.smtpPort + 1 });
  const server: ChildProcess = spawn('./node_modules/.bin/next', ['start', '-H', '127.0.0.1', '-p', String(production.appPort)], {
    env: env as unknown as NodeJS.ProcessEnv,
    stdio: 'inherit',
  });
  const proxy = await startTlsProxy({ port: production.port, targetPort: production.appPort });

  stopTogether(server, [() => proxy.close(), () => sink.close(), () => database.drop()]);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

// One place that says where this e2e run's server, database and mail sink are. The runner
// fixes E2E_RUN_ID once; its workers inherit it, so all agree on the same database.
import { randomBytes } from 'node:crypto';

const runId = (process.env.E2E_RUN_ID ??= `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`);

const port = Number(process.env.E2E_PORT ?? 3100);
const smtpPort = Number(process.env.E2E_SMTP_PORT ?? 2525);

function databaseUrlFor(serverUrl: string | undefined): string | undefined {
  if (!serverUrl) return undefined;
  const url = new URL(serverUrl);
  url.pathname = `/portal_e2e_${runId}`;
  return url.toString();
}

const productionPort = Number(process.env.E2E_PRODUCTION_PORT ?? 3443);
const productionSmtpPort = smtpPort + 10;

export const runConfig = {
  runId,
  baseUrl: `http://localhost:${port}`,
  port,
  smtpPort,
  mailApiUrl: `http://127.0.0.1:${smtpPort + 1}`,
  /** The PostgreSQL server to create this run's database on; unset means embedded PGlite. */
  postgresServerUrl: process.env.DATABASE_URL,
  /** This run's own database (PostgreSQL only): tests read and seed it directly. */
  databaseUrl: databaseUrlFor(process.env.DATABASE_URL),
  /**
   * The production walk-through's portal (PostgreSQL only): no demo data, no DEMO=1, behind a
   * TLS proxy at an https AUTH_URL, as the restricted role, with its own database and mail sink.
   */
  production: {
    baseUrl: `https://localhost:${productionPort}`,
    port: productionPort,
    appPort: productionPort + 1,
    smtpPort: productionSmtpPort,
    mailApiUrl: `http://127.0.0.1:${productionSmtpPort + 1}`,
    databaseUrl: (() => {
      if (!process.env.DATABASE_URL) return undefined;
      const url = new URL(process.env.DATABASE_URL);
      url.pathname = `/portal_prod_${runId}`;
      return url.toString();
    })(),
    firstAdmin: 'first-admin@example.org',
  },
};

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
};

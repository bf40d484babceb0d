const DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE';

/**
 * Errors that say the database was unreachable or went away (a restart, a terminated backend, a
 * dropped connection), not that the request was wrong: the request may be repeated. postgres.js
 * names its connection failures in `code`, PostgreSQL its own by SQLSTATE (57P01 admin shutdown,
 * 57P02/57P03 crash or starting up, 08xxx connection exceptions, 53300 too many connections), and
 * Drizzle wraps either in `cause`.
 */
const TRANSIENT_CODES = new Set([
  DATABASE_UNAVAILABLE,
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

export function isTransientDatabaseError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Thrown where a library swallowed the database's error (Auth.js's session lookup does). */
export class DatabaseUnavailableError extends Error {
  readonly code = DATABASE_UNAVAILABLE;
  constructor(cause?: unknown) {
    super('The database is unavailable.', { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

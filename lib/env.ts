// The portal's configuration, validated in one place. Two checks:
//  - checkEnvFormat: every variable that is set must be well-formed. next.config.ts runs it,
//    so a malformed value fails `next build`; a build needs no secrets.
//  - checkRuntimeEnv: what the running portal needs. Production (`next start` without
//    DEMO=1) refuses to start, naming the variable, when a secret, an https AUTH_URL or a mail
//    server is missing. DEMO=1 (set by `npm run demo`) allows console mail, http on this
//    machine and the embedded database, for local trials only.
// No `server-only` here: next.config.ts and the command-line scripts import it too.
import { createPrivateKey } from 'node:crypto';

import { z } from 'zod';

const postgresUrl = (name: string) =>
  z.string().regex(/^postgres(ql)?:\/\/[^\s]+$/, `${name} must be a postgres:// URL`).optional();

const emailList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((email) => email.trim().toLowerCase())
      .filter(Boolean),
  )
  .pipe(z.array(z.email({ error: 'ADMIN_EMAILS must be a comma-separated list of email addresses' })));

const flag = (name: string) =>
  z
    .enum(['', '0', '1', 'true', 'false'], { error: `${name} must be 1 or 0` })
    .optional()
    .transform((value) => value === '1' || value === 'true');

const envSchema = z.object({
  DEMO: flag('DEMO'),
  DATABASE_URL: postgresUrl('DATABASE_URL'),
  MIGRATIONS_DATABASE_URL: postgresUrl('MIGRATIONS_DATABASE_URL'),
  AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters (e.g. openssl rand -base64 32)').optional(),
  AUTH_URL: z
    .url({ protocol: /^https?$/, error: 'AUTH_URL must be the portal’s public URL, e.g. https://agreements.example.org' })
    .optional(),
  SIGNING_KEY: z
    .string()
    .refine(isEd25519PrivateKey, 'SIGNING_KEY must be an Ed25519 private key (PKCS#8, PEM or base64 DER; openssl genpkey -algorithm ed25519)')
    .optional(),
  /** SMTP URL for nodemailer, e.g. smtps://user:pass@smtp.example.org:465. Unset (demo only): mail goes to the console. */
  EMAIL_SERVER: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'EMAIL_SERVER must be an smtp:// or smtps:// URL, e.g. smtps://user:pass@smtp.example.org:465')
    .optional(),
  EMAIL_FROM: z.string().min(3, 'EMAIL_FROM must be a sender such as "PMLR Agreements <agreements@example.org>"').default('PMLR Agreements <agreements@localhost>'),
  ADMIN_EMAILS: emailList,
  PUBLISHER_NAME: z.string().min(1).default('PMLR'),
  DATABASE_POOL_SIZE: z.coerce.number({ error: 'DATABASE_POOL_SIZE must be a number' }).int().min(1).max(200).default(10),
  /** Emails handed to the SMTP server per minute, across every portal process (lib/mail/deliver-email.ts). */
  MAIL_RATE_PER_MINUTE: z.coerce
    .number({ error: 'MAIL_RATE_PER_MINUTE must be a number of emails per minute, e.g. 120' })
    .int('MAIL_RATE_PER_MINUTE must be a whole number')
    .min(1, 'MAIL_RATE_PER_MINUTE must be at least 1')
    .max(100_000, 'MAIL_RATE_PER_MINUTE must be at most 100000')
    .default(120),
  /**
   * How long one email's SMTP conversation may take. A worker that has not finished by then (it
   * crashed, or was killed) loses the message to another worker, which sends it again.
   */
  MAIL_SEND_TIMEOUT_SECONDS: z.coerce
    .number({ error: 'MAIL_SEND_TIMEOUT_SECONDS must be a number of seconds, e.g. 120' })
    .int('MAIL_SEND_TIMEOUT_SECONDS must be a whole number')
    .min(10, 'MAIL_SEND_TIMEOUT_SECONDS must be at least 10')
    .max(3600, 'MAIL_SEND_TIMEOUT_SECONDS must be at most 3600')
    .default(120),
  /**
   * How many reverse proxies in front of the portal append to X-Forwarded-For (and are trusted
   * to). 0: the client address is the socket's; the header is kept only as a claim.
   */
  TRUSTED_PROXY_HOPS: z.coerce
    .number({ error: 'TRUSTED_PROXY_HOPS must be a number of proxies, e.g. 1' })
    .int('TRUSTED_PROXY_HOPS must be a whole number')
    .min(0, 'TRUSTED_PROXY_HOPS must be 0 or more')
    .max(10, 'TRUSTED_PROXY_HOPS must be at most 10')
    .default(0),
  /** A checkpoint of the evidence after every this many audit events (and daily). */
  CHECKPOINT_EVERY_EVENTS: z.coerce
    .number({ error: 'CHECKPOINT_EVERY_EVENTS must be a number of audit events, e.g. 500' })
    .int('CHECKPOINT_EVERY_EVENTS must be a whole number')
    .min(1, 'CHECKPOINT_EVERY_EVENTS must be at least 1')
    .max(1_000_000, 'CHECKPOINT_EVERY_EVENTS must be at most 1000000')
    .default(500),
  /** Clause 7: a signed, unpublished paper is "at risk" this many days before its agreement lapses. */
  LAPSE_WARNING_DAYS: z.coerce
    .number({ error: 'LAPSE_WARNING_DAYS must be a number of days, e.g. 60' })
    .int('LAPSE_WARNING_DAYS must be a whole number')
    .min(1, 'LAPSE_WARNING_DAYS must be at least 1')
    .max(365, 'LAPSE_WARNING_DAYS must be at most 365')
    .default(60),
  /** Requests one API token may make per minute (then 429 with Retry-After). */
  API_RATE_PER_MINUTE: z.coerce
    .number({ error: 'API_RATE_PER_MINUTE must be a number of requests per minute, e.g. 120' })
    .int('API_RATE_PER_MINUTE must be a whole number')
    .min(1, 'API_RATE_PER_MINUTE must be at least 1')
    .max(100_000, 'API_RATE_PER_MINUTE must be at most 100000')
    .default(120),
  /** Sign-in links one address may be sent per hour (then the form asks to wait). */
  SIGN_IN_LINKS_PER_HOUR: z.coerce
    .number({ error: 'SIGN_IN_LINKS_PER_HOUR must be a number, e.g. 5' })
    .int('SIGN_IN_LINKS_PER_HOUR must be a whole number')
    .min(1, 'SIGN_IN_LINKS_PER_HOUR must be at least 1')
    .max(1000, 'SIGN_IN_LINKS_PER_HOUR must be at most 1000')
    .default(5),
  /** Sign-in requests one client address may make per hour, whatever the addresses asked for. */
  SIGN_IN_REQUESTS_PER_HOUR_PER_CLIENT: z.coerce
    .number({ error: 'SIGN_IN_REQUESTS_PER_HOUR_PER_CLIENT must be a number, e.g. 30' })
    .int('SIGN_IN_REQUESTS_PER_HOUR_PER_CLIENT must be a whole number')
    .min(1, 'SIGN_IN_REQUESTS_PER_HOUR_PER_CLIENT must be at least 1')
    .max(100_000, 'SIGN_IN_REQUESTS_PER_HOUR_PER_CLIENT must be at most 100000')
    .default(30),
  /** Checks at /verify one client address may make per minute. */
  VERIFY_CHECKS_PER_MINUTE: z.coerce
    .number({ error: 'VERIFY_CHECKS_PER_MINUTE must be a number, e.g. 60' })
    .int('VERIFY_CHECKS_PER_MINUTE must be a whole number')
    .min(1, 'VERIFY_CHECKS_PER_MINUTE must be at least 1')
    .max(100_000, 'VERIFY_CHECKS_PER_MINUTE must be at most 100000')
    .default(60),
  /** Server actions (sign, void, invite…) one signed-in session may post per minute. */
  ACTIONS_PER_MINUTE_PER_SESSION: z.coerce
    .number({ error: 'ACTIONS_PER_MINUTE_PER_SESSION must be a number, e.g. 60' })
    .int('ACTIONS_PER_MINUTE_PER_SESSION must be a whole number')
    .min(1, 'ACTIONS_PER_MINUTE_PER_SESSION must be at least 1')
    .max(100_000, 'ACTIONS_PER_MINUTE_PER_SESSION must be at most 100000')
    .default(60),
  /** Allow webhook endpoints on loopback, link-local and private addresses (tests, an intranet pipeline). */
  WEBHOOK_ALLOW_PRIVATE: flag('WEBHOOK_ALLOW_PRIVATE'),
  /** The first webhook retry waits 1–2× this; each later one twice as long (12 retries). */
  WEBHOOK_RETRY_BASE_SECONDS: z.coerce
    .number({ error: 'WEBHOOK_RETRY_BASE_SECONDS must be a number of seconds, e.g. 10' })
    .int('WEBHOOK_RETRY_BASE_SECONDS must be a whole number')
    .min(1, 'WEBHOOK_RETRY_BASE_SECONDS must be at least 1')
    .max(3600, 'WEBHOOK_RETRY_BASE_SECONDS must be at most 3600')
    .default(10),
  /** Whether this web process also runs the queue's workers; "off" when `npm run worker` runs them. */
  WORKERS: z.enum(['in-process', 'off'], { error: 'WORKERS must be "in-process" or "off"' }).default('in-process'),
});

export type Env = z.infer<typeof envSchema>;

/** Environment values that are set but empty count as unset (a blank line in a .env file). */
function definedValues(source: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== '')) as Record<
    string,
    string
  >;
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`The portal's configuration is not usable:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

/** Every problem of format in the environment, one line each naming its variable. */
export function envFormatProblems(source: NodeJS.ProcessEnv = process.env): string[] {
  const parsed = envSchema.safeParse(definedValues(source));
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
}

/** For next.config.ts: a malformed value fails the build. Missing secrets do not. */
export function checkEnvFormat(source: NodeJS.ProcessEnv = process.env): void {
  const problems = envFormatProblems(source);
  if (problems.length > 0) throw new ConfigurationError(problems);
}

/** The validated environment; a malformed value fails loudly with the variable's name. */
export function getEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // Read on every request (links, limits, cookies): the parse (which loads SIGNING_KEY to check
  // it) is made once per set of values, and made again whenever one of them changes.
  const values = Object.keys(envSchema.shape).map((name) => source[name] ?? '');
  const key = JSON.stringify(values);
  const cached = envCache.get(key);
  if (cached) return cached;
  const parsed = envSchema.safeParse(definedValues(source));
  if (!parsed.success) throw new ConfigurationError(parsed.error.issues.map((issue) => issue.message));
  envCache.set(key, Object.freeze(parsed.data));
  if (envCache.size > 8) envCache.delete(envCache.keys().next().value!);
  return parsed.data;
}

const envCache = new Map<string, Env>();

/** Is this a production server (`next start`, NODE_ENV=production) without DEMO=1? */
export function isStrictProduction(source: NodeJS.ProcessEnv = process.env): boolean {
  return source.NODE_ENV === 'production' && !getEnv(source).DEMO;
}


/**
 * What the running portal needs, beyond format. Returns the problems (empty: fine). In strict
 * production every secret, an https AUTH_URL, a mail server and PostgreSQL are required; in a
 * demo or development the secrets are still required (scripts/ensure-env.mjs writes them).
 */
export function runtimeEnvProblems(source: NodeJS.ProcessEnv = process.env): string[] {
  const problems = envFormatProblems(source);
  if (problems.length > 0) return problems;
  const env = getEnv(source);
  const strict = isStrictProduction(source);
  const demoHint = strict ? '' : ' (npm run demo and npm run dev write one to .env.local)';
  if (!env.AUTH_SECRET) problems.push(`AUTH_SECRET is not set: it signs sessions and sign-in links${demoHint}`);
  if (!env.SIGNING_KEY) problems.push(`SIGNING_KEY is not set: without it no signature can be sealed${demoHint}`);
  if (strict) {
    if (!env.AUTH_URL) {
      problems.push('AUTH_URL is not set: give the portal’s public https URL, e.g. https://agreements.example.org');
    } else if (new URL(env.AUTH_URL).protocol !== 'https:') {
      problems.push(`AUTH_URL must be https in production (got ${env.AUTH_URL}); http is allowed only with DEMO=1`);
    }
    if (!env.EMAIL_SERVER) {
      problems.push('EMAIL_SERVER is not set: authors could not receive sign-in links (e.g. smtps://user:pass@smtp.example.org:465)');
    }
    if (!env.DATABASE_URL) {
      problems.push('DATABASE_URL is not set: production runs on PostgreSQL; the embedded database is for DEMO=1 trials');
    }
  } else if (env.AUTH_URL && new URL(env.AUTH_URL).protocol !== 'https:' && !isLoopback(new URL(env.AUTH_URL).hostname)) {
    problems.push(`AUTH_URL may be http only on this machine (localhost); got ${env.AUTH_URL}`);
  }
  // Next.js reports a request to 127.x or [::1] as "localhost": the sign-in redirect would go to
  // localhost while the session cookie was set for the address, and the user would land signed out.
  if (env.AUTH_URL && isLoopback(new URL(env.AUTH_URL).hostname) && new URL(env.AUTH_URL).hostname !== 'localhost') {
    const url = new URL(env.AUTH_URL);
    url.hostname = 'localhost';
    problems.push(
      `AUTH_URL must name this machine as localhost, not ${new URL(env.AUTH_URL).hostname} (sign-in would land signed out): use ${url.origin}`,
    );
  }
  return problems;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** Where people reach the portal, for links in emails and documents. */
export function publicBaseUrl(): string {
  return (getEnv().AUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, '');
}

function isEd25519PrivateKey(source: string): boolean {
  try {
    const key = source.includes('BEGIN')
      ? createPrivateKey(source)
      : createPrivateKey({ key: Buffer.from(source, 'base64'), format: 'der', type: 'pkcs8' });
    return key.asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}

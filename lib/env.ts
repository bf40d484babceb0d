import { z } from 'zod';

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

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')
    .optional(),
  MIGRATIONS_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'MIGRATIONS_DATABASE_URL must be a postgres:// URL')
    .optional(),
  SIGNING_KEY: z.string().min(40, 'SIGNING_KEY must be an Ed25519 private key (PKCS#8, PEM or base64 DER)').optional(),
  /** SMTP URL for nodemailer, e.g. smtps://user:pass@smtp.example.org:465. Unset: mail goes to the console. */
  EMAIL_SERVER: z.string().min(1).optional(),
  EMAIL_FROM: z.string().min(3).default('PMLR Agreements <agreements@localhost>'),
  AUTH_URL: z.url().optional(),
  ADMIN_EMAILS: emailList,
  PUBLISHER_NAME: z.string().min(1).default('PMLR'),
});

export type Env = z.infer<typeof envSchema>;

/** The validated environment; a bad value fails loudly with the variable's name. */
export function getEnv(): Env {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new Error(`Invalid environment:\n${details}`);
  }
  return parsed.data;
}

/** Where people reach the portal, for links in emails and documents. */
export function publicBaseUrl(): string {
  return (getEnv().AUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, '');
}

import 'server-only';

import { AsyncLocalStorage } from 'node:async_hooks';

import { DrizzleAdapter } from '@auth/drizzle-adapter';
import { eq } from 'drizzle-orm';
import type { Adapter } from 'next-auth/adapters';
import NextAuth from 'next-auth';
import type { EmailConfig } from 'next-auth/providers/email';
import { cache } from 'react';

import { getDb } from '@/db/client';
import { DatabaseUnavailableError, isTransientDatabaseError } from '@/db/transient-error';
import { accounts, sessions, users, verificationTokens, volumeEditors } from '@/db/schema';

import { publicBaseUrl } from '@/lib/env';
import { PUBLIC_LIMITS, consume } from '@/lib/rate-limit/rate-limiter';
import { safeReturnPath } from '@/lib/safe-return-path';

import { currentUserOf, editorOfVolumeIdsSql } from './load-user';
import type { CurrentUser } from './roles';
import { mayRequestSignInLink } from './may-request-sign-in-link';
import { MAGIC_LINK_MAX_AGE_SECONDS, sendMagicLink } from './send-magic-link';
import { AUTHOR_SESSION_SECONDS, EDITOR_SESSION_SECONDS, sessionOutlivesRole } from './session-policy';
import { signInTokenSecret } from './sign-in-links';

// Our own email provider rather than next-auth's Nodemailer one: mail goes through our
// transport (lib/mail), and only people the portal knows receive a link.
const magicLink = (): EmailConfig => ({
  id: 'email',
  type: 'email',
  name: 'Email',
  maxAge: MAGIC_LINK_MAX_AGE_SECONDS,
  sendVerificationRequest: sendMagicLink,
  normalizeIdentifier(identifier) {
    const email = identifier.trim().toLowerCase();
    // One address only: Auth.js would otherwise accept "a@x.org,b@y.org".
    if (!/^[^\s@,;]+@[^\s@,;]+$/.test(email)) throw new Error('Invalid email address');
    return email;
  },
  // Named here so invitation links (lib/auth/sign-in-links.ts) hash their tokens the same way.
  secret: signInTokenSecret(),
});

/**
 * What a session lookup made inside `lookUpSession` learns: a database failure Auth.js hides, and
 * the user as authorization reads them, found by the same statement as the session.
 */
const sessionLookup = new AsyncLocalStorage<{ failures: unknown[]; user?: CurrentUser }>();

/**
 * The session, as auth() gives it, with its user as the database knows them now (read with the
 * session, in one statement), or an error when the database failed to say: Auth.js turns a failed
 * lookup into "signed out", which would tell a signed-in author to sign in again during a
 * database restart.
 */
export async function lookUpSession() {
  const store: { failures: unknown[]; user?: CurrentUser } = { failures: [] };
  const session = await sessionLookup.run(store, () => auth());
  const [failure] = store.failures;
  if (failure !== undefined) throw isTransientDatabaseError(failure) ? new DatabaseUnavailableError(failure) : failure;
  return { session, user: store.user };
}

/**
 * The Drizzle adapter's session lookup (session and user rows by token), with the user's edited
 * volumes read in the same statement.
 */
async function findSessionAndUser(sessionToken: string) {
  const db = await getDb();
  const [found] = await db
    .select({ session: sessions, user: users, editorOfVolumeIds: editorOfVolumeIdsSql })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(volumeEditors, eq(volumeEditors.userId, users.id))
    .where(eq(sessions.sessionToken, sessionToken))
    .groupBy(sessions.sessionToken, users.id);
  return found ?? null;
}

/**
 * Auth.js's Drizzle adapter, with one rule added where it reads a session: an editor's or
 * admin's session ends EDITOR_SESSION_SECONDS after its sign-in (authors keep the 7-day sliding
 * one). Such a session is deleted and Auth.js sees none, so every page and action agrees.
 */
async function portalAdapter(): Promise<Adapter> {
  const adapter = DrizzleAdapter(await getDb(), {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  });
  return {
    ...adapter,
    async getSessionAndUser(sessionToken) {
      let found: Awaited<ReturnType<typeof findSessionAndUser>>;
      try {
        found = await findSessionAndUser(sessionToken);
      } catch (error) {
        // Auth.js logs this and answers "no session"; the caller is told the truth (current-user.ts).
        sessionLookup.getStore()?.failures.push(error);
        throw error;
      }
      if (!found) return null;
      const user = currentUserOf(found.user, found.editorOfVolumeIds);
      const signedInAt = found.session.createdAt;
      if (Date.now() - signedInAt.getTime() > EDITOR_SESSION_SECONDS * 1000 && sessionOutlivesRole(user, signedInAt)) {
        await adapter.deleteSession!(sessionToken);
        return null;
      }
      const store = sessionLookup.getStore();
      if (store) store.user = user;
      return { session: found.session, user: found.user };
    },
    async updateSession(session) {
      try {
        return await adapter.updateSession!(session);
      } catch (error) {
        sessionLookup.getStore()?.failures.push(error);
        throw error;
      }
    },
  };
}

const nextAuth = NextAuth(async () => ({
  adapter: await portalAdapter(),
  session: { strategy: 'database', maxAge: AUTHOR_SESSION_SECONDS },
  providers: [magicLink()],
  pages: {
    signIn: '/sign-in',
    verifyRequest: '/sign-in/check-email',
    error: '/sign-in/error',
  },
  callbacks: {
    session({ session, user }) {
      session.user.id = user.id;
      // The adapter's session row, spread in by Auth.js: when this sign-in happened.
      const signedInAt = (session as { createdAt?: Date }).createdAt;
      return { ...session, signedInAt: signedInAt ? signedInAt.toISOString() : null };
    },
    // Auth.js's own endpoint is public: an address that may not sign in gets no token row and
    // no mail, but the very redirect a known address gets, so the answer tells nobody's role.
    async signIn({ user, email }) {
      if (!email?.verificationRequest) return true;
      // The per-address limit is spent here, where every link is issued (the form only looks).
      const withinLimit = user.email ? (await consume(PUBLIC_LIMITS.signInPerAddress, user.email)).allowed : false;
      if (withinLimit && user.email && (await mayRequestSignInLink(user.email))) return true;
      return `${publicBaseUrl()}/api/auth/verify-request?${new URLSearchParams({ provider: 'email', type: 'email' })}`;
    },
    // Only ever back to a path on this portal (lib/safe-return-path.ts), whatever callbackUrl says.
    redirect({ url, baseUrl }) {
      if (url.startsWith('/')) return `${baseUrl}${safeReturnPath(url)}`;
      try {
        const target = new URL(url);
        if (target.origin === baseUrl) return `${baseUrl}${safeReturnPath(`${target.pathname}${target.search}${target.hash}`)}`;
      } catch {
        // not a URL: home
      }
      return baseUrl;
    },
  },
}));

export const { handlers, signIn, signOut } = nextAuth;

/** One session lookup per request, however many components ask. */
export const auth = cache(nextAuth.auth);

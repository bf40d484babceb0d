import { RecentSignInRequiredError } from '@/lib/errors';

import type { CurrentUser } from './roles';

/** Authors keep a session for 7 days, renewed as they use it (lib/auth/auth.ts). */
export const AUTHOR_SESSION_SECONDS = 7 * 24 * 60 * 60;
/** An editor's or admin's session ends this long after they signed in, used or not. */
export const EDITOR_SESSION_SECONDS = 12 * 60 * 60;
/** Voiding, importing, changing roles and creating API tokens need a sign-in this recent. */
export const RECENT_SIGN_IN_SECONDS = 30 * 60;

/** Whether a session made at `signedInAt` has outlived what this user's role allows. */
export function sessionOutlivesRole(user: CurrentUser, signedInAt: Date, now = new Date()): boolean {
  const isEditorOrAdmin = user.isAdmin || user.editorOfVolumeIds.length > 0;
  return isEditorOrAdmin && now.getTime() - signedInAt.getTime() > EDITOR_SESSION_SECONDS * 1000;
}

/** Whether this session's sign-in happened within the last 30 minutes. */
export function hasRecentSignIn(user: CurrentUser, now = new Date()): boolean {
  const signedInAt = user.signedInAt;
  return Boolean(signedInAt && now.getTime() - signedInAt.getTime() <= RECENT_SIGN_IN_SECONDS * 1000);
}

/** Sensitive actions: the user signed in within the last 30 minutes, or signs in again first. */
export function requireRecentSignIn(user: CurrentUser, now = new Date()): void {
  if (!hasRecentSignIn(user, now)) throw new RecentSignInRequiredError(user.email);
}

import { describe, expect, it } from 'vitest';

import { RecentSignInRequiredError } from '@/lib/errors';

import type { CurrentUser } from './roles';
import { requireRecentSignIn, sessionOutlivesRole } from './session-policy';

const now = new Date('2026-12-01T12:00:00Z');
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
const author: CurrentUser = { id: 'a', email: 'author@example.org', name: null, isAdmin: false, editorOfVolumeIds: [] };
const editor: CurrentUser = { ...author, id: 'e', email: 'editor@example.org', editorOfVolumeIds: [151] };
const admin: CurrentUser = { ...author, id: 'x', email: 'admin@example.org', isAdmin: true };

describe('session policy', () => {
  it('ends editors’ and admins’ sessions 12 hours after sign-in, not authors’', () => {
    expect(sessionOutlivesRole(editor, minutesAgo(12 * 60), now)).toBe(false);
    expect(sessionOutlivesRole(editor, minutesAgo(12 * 60 + 1), now)).toBe(true);
    expect(sessionOutlivesRole(admin, minutesAgo(13 * 60), now)).toBe(true);
    expect(sessionOutlivesRole(author, minutesAgo(6 * 24 * 60), now)).toBe(false);
  });

  it('asks for a sign-in within 30 minutes, naming the address to sign in again with', () => {
    expect(() => requireRecentSignIn({ ...editor, signedInAt: minutesAgo(30) }, now)).not.toThrow();
    expect(() => requireRecentSignIn({ ...editor, signedInAt: minutesAgo(31) }, now)).toThrow(RecentSignInRequiredError);
    // No session at all (an API token): never recent.
    expect(() => requireRecentSignIn({ ...editor, signedInAt: null }, now)).toThrow(RecentSignInRequiredError);
    try {
      requireRecentSignIn({ ...editor, signedInAt: minutesAgo(45) }, now);
    } catch (error) {
      expect((error as RecentSignInRequiredError).email).toBe('editor@example.org');
    }
  });
});

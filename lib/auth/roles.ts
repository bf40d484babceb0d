import { ForbiddenError } from '@/lib/errors';

import type { UserRole } from '@/db/schema';

export type CurrentUser = {
  id: string;
  email: string;
  name: string | null;
  role: UserRole;
};

export function isEditor(user: Pick<CurrentUser, 'role'> | null | undefined): boolean {
  return user?.role === 'editor' || user?.role === 'admin';
}

/** For domain functions: editors and admins pass, everyone else (and nobody) is refused. */
export function assertEditor(user: CurrentUser | null | undefined): asserts user is CurrentUser {
  if (!isEditor(user)) throw new ForbiddenError('Only editors can do this.');
}

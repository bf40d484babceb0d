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

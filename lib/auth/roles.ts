// Who a user is to the portal, and the pure questions about it. Queries that answer "may
// this user act on this volume or paper" live in ./authorization.ts and use these.
export type CurrentUser = {
  id: string;
  email: string;
  name: string | null;
  /** Admins act on every volume and manage people and agreement versions. */
  isAdmin: boolean;
  /** The volumes (ids) this user edits; admins edit all of them without being listed. */
  editorOfVolumeIds: readonly number[];
  /** When this session's sign-in happened (null outside a browser session, e.g. an API token). */
  signedInAt?: Date | null;
};

/** May see the editor pages at all: an admin, or the editor of at least one volume. */
export function isEditor(user: CurrentUser | null | undefined): user is CurrentUser {
  return Boolean(user && (user.isAdmin || user.editorOfVolumeIds.length > 0));
}

export function mayEditVolume(user: CurrentUser | null | undefined, volumeId: number): boolean {
  return Boolean(user && (user.isAdmin || user.editorOfVolumeIds.includes(volumeId)));
}

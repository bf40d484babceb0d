'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';

import { createApiToken, revokeApiToken } from '@/lib/api/api-tokens';
import { editorAction } from '@/lib/auth/authorized-action';

// Public endpoints: editorAction authenticates; createApiToken scopes each volume to its editors
// (requireVolumeEditor), revokeApiToken to the token's creator or an admin.

export type CreateTokenState = { ok: boolean; message: string; fieldErrors?: Record<string, string[]>; token?: string } | null;

export const createApiTokenAction = editorAction(
  z.object({
    name: z.string().max(500),
    volume: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]).map(Number)),
  }),
  async (input, user, context): Promise<CreateTokenState> => {
    const { token } = await createApiToken(user, { name: input.name, volumeNumbers: input.volume }, context);
    revalidatePath('/editor/api-tokens');
    return { ok: true, message: 'Token created. Copy it now: it is shown only once.', token };
  },
  { recentSignIn: true },
);

export const revokeApiTokenAction = editorAction(z.object({ tokenId: z.uuid() }), async (input, user, context) => {
  await revokeApiToken(user, input.tokenId, context);
  revalidatePath('/editor/api-tokens');
  return { ok: true, message: 'Revoked: the token no longer works.', fieldErrors: {} };
});

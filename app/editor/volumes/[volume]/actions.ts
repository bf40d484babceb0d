'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';

import { editorAction } from '@/lib/auth/authorized-action';
import { setVolumeAgreement } from '@/lib/volumes/manage-volumes';

/** Public endpoint: editorAction authenticates; setVolumeAgreement scopes to the volume's editors. */
export const setVolumeAgreementAction = editorAction(
  z.object({ volume: z.coerce.number().int().min(1), version: z.coerce.number({ error: 'Choose a version.' }).int().min(1) }),
  async (input, user, context) => {
    const result = await setVolumeAgreement(user, { volumeNumber: input.volume, version: input.version }, context);
    if (result.ok) revalidatePath(`/editor/volumes/${input.volume}`);
    return result;
  },
);

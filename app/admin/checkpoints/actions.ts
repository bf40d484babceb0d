'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';

import { adminAction } from '@/lib/auth/authorized-action';
import { takeCheckpointNow } from '@/lib/evidence/checkpoint';

/** Public endpoint behind adminAction; takeCheckpointNow checks the admin again. */
export const takeCheckpointAction = adminAction(z.object({}), async (_input, admin) => {
  const result = await takeCheckpointNow(admin);
  if (result.ok) revalidatePath('/admin/checkpoints');
  return result;
});

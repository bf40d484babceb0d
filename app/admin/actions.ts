'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';

import { adminAction } from '@/lib/auth/authorized-action';
import { addVolumeEditor, removeVolumeEditor, setAdmin } from '@/lib/people/manage-editors';
import { createVolume } from '@/lib/volumes/manage-volumes';

// Public endpoints, each behind adminAction; the domain functions check the admin again.

const volumeNumber = z.coerce.number({ error: 'Choose a volume.' }).int().min(1, 'Choose a volume.');

export const addEditorAction = adminAction(
  z.object({ email: z.string().max(400), name: z.string().max(400).optional(), volume: volumeNumber }),
  async (input, admin, context) => {
    const result = await addVolumeEditor(admin, { email: input.email, name: input.name, volumeNumber: input.volume }, context);
    if (result.ok) revalidatePath('/admin');
    return result;
  },
  { recentSignIn: true },
);

export const removeEditorAction = adminAction(
  z.object({ userId: z.string().max(100), volume: volumeNumber }),
  async (input, admin, context) => {
    const result = await removeVolumeEditor(admin, { userId: input.userId, volumeNumber: input.volume }, context);
    if (result.ok) revalidatePath('/admin');
    return result;
  },
  { recentSignIn: true },
);

export const setAdminAction = adminAction(
  z.object({ email: z.string().max(400), grant: z.enum(['1', '0']) }),
  async (input, admin, context) => {
    const result = await setAdmin(admin, { email: input.email, isAdmin: input.grant === '1' }, context);
    if (result.ok) revalidatePath('/admin');
    return result;
  },
  { recentSignIn: true },
);

export const createVolumeAction = adminAction(
  z.object({ number: z.string().max(20), name: z.string().max(400), agreementVersion: z.string().max(20) }),
  async (input, admin, context) => {
    const result = await createVolume(admin, input, context);
    if (result.ok) revalidatePath('/admin');
    return result;
  },
);

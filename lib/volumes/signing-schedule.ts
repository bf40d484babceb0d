import 'server-only';

import { eq } from 'drizzle-orm';
import { z } from 'zod';

import { getDb } from '@/db/client';
import { volumes } from '@/db/schema';
import { appendAuditEvent } from '@/lib/audit/append-audit-event';
import { requireVolumeEditor } from '@/lib/auth/authorization';
import type { RequestContext } from '@/lib/auth/request-context';
import type { CurrentUser } from '@/lib/auth/roles';

const optionalDays = (label: string, max: number) =>
  z
    .union([z.literal(''), z.coerce.number({ error: `${label} must be a number of days.` })])
    .transform((value) => (value === '' ? null : value))
    .pipe(
      z
        .number()
        .int(`${label} must be a whole number of days.`)
        .min(1, `${label} must be at least 1 day.`)
        .max(max, `${label} can be at most ${max} days.`)
        .nullable(),
    );

/** The deadline and reminder rule as the volume page's form sends them. */
export const signingScheduleSchema = z.object({
  volume: z.coerce.number().int(),
  signingDeadline: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the deadline as a date, e.g. 2027-01-15.')
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'That date does not exist.'),
  reminderIntervalDays: optionalDays('The reminder interval', 90),
  reminderDaysBeforeDeadline: optionalDays('The last-call reminder', 60),
  reminderLimit: z.coerce
    .number({ error: 'The reminder limit must be a number.' })
    .int('The reminder limit must be a whole number.')
    .min(0, 'The reminder limit cannot be negative.')
    .max(20, 'At most 20 reminders per paper.'),
});
export type SigningScheduleInput = z.output<typeof signingScheduleSchema>;

/** Sets a volume's signing deadline and reminder rule; an audit event records the change. */
export async function setSigningSchedule(
  user: CurrentUser | null,
  input: SigningScheduleInput,
  context: RequestContext,
): Promise<{ ok: true }> {
  const volume = await requireVolumeEditor(user, input.volume);
  const next = {
    signingDeadline: input.signingDeadline,
    reminderIntervalDays: input.reminderIntervalDays,
    reminderDaysBeforeDeadline: input.reminderDaysBeforeDeadline,
    reminderLimit: input.reminderLimit,
  };
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.update(volumes).set(next).where(eq(volumes.id, volume.id));
    await appendAuditEvent(tx, {
      action: 'volume.signing_schedule_set',
      actorUserId: user!.id,
      actorEmail: user!.email,
      volumeId: volume.id,
      ipAddress: context.ipAddress,
      userAgent: context.userAgent,
      details: {
        before: {
          signingDeadline: volume.signingDeadline,
          reminderIntervalDays: volume.reminderIntervalDays,
          reminderDaysBeforeDeadline: volume.reminderDaysBeforeDeadline,
          reminderLimit: volume.reminderLimit,
        },
        after: next,
      },
    });
  });
  return { ok: true };
}

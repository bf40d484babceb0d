'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';

import { editorAction } from '@/lib/auth/authorized-action';
import { countOf } from '@/lib/format/plural';
import { inviteAuthors, remindAuthors } from '@/lib/invitations/invite-authors';
import { retryEmails } from '@/lib/mail/email-log';
import { setSigningSchedule, signingScheduleSchema } from '@/lib/volumes/signing-schedule';
import { setVolumeAgreement } from '@/lib/volumes/manage-volumes';
import { publicationSchema, setVolumePublication } from '@/lib/publication/record-publication';
import { requestNewSignature } from '@/lib/publication/request-new-signature';

// Each export is a public endpoint: editorAction authenticates, and each domain function
// scopes itself to the volume's editors (requireVolumeEditor / requirePaperEditor).

export const setVolumeAgreementAction = editorAction(
  z.object({ volume: z.coerce.number().int().min(1), version: z.coerce.number({ error: 'Choose a version.' }).int().min(1) }),
  async (input, user, context) => {
    const result = await setVolumeAgreement(user, { volumeNumber: input.volume, version: input.version }, context);
    if (result.ok) revalidatePath(`/editor/volumes/${input.volume}`);
    return result;
  },
);

export const setSigningScheduleAction = editorAction(signingScheduleSchema, async (input, user, context) => {
  await setSigningSchedule(user, input, context);
  revalidatePath(`/editor/volumes/${input.volume}`);
  return { ok: true, message: 'Saved. Authors see the deadline on their papers and in every email from now on.', fieldErrors: {} };
});

const requestId = z.uuid({ error: 'This form has expired: reload the page and try again.' });

export const inviteAuthorsAction = editorAction(
  z.object({
    volume: z.coerce.number().int().min(1),
    scope: z.enum(['not-invited', 'all-awaiting']).catch('not-invited'),
    requestId,
  }),
  async (input, user, context) => {
    const result = await inviteAuthors(user, { volumeNumber: input.volume, scope: input.scope, requestId: input.requestId }, context);
    revalidatePath(`/editor/volumes/${input.volume}`);
    redirect(`/editor/volumes/${input.volume}/emails?queued=${result.emails}&papers=${result.papers}`);
  },
);

export const remindAuthorsAction = editorAction(
  z.object({ volume: z.coerce.number().int().min(1), paperId: z.uuid().optional(), requestId }),
  async (input, user, context) => {
    const result = await remindAuthors(
      user,
      { volumeNumber: input.volume, paperId: input.paperId, requestId: input.requestId },
      context,
    );
    revalidatePath(`/editor/volumes/${input.volume}`);
    if (input.paperId) revalidatePath(`/editor/papers/${input.paperId}`);
    const skipped = result.notInvited > 0 ? ` ${countOf(result.notInvited, 'paper')} never invited ${result.notInvited === 1 ? 'was' : 'were'} left for an invitation.` : '';
    return {
      ok: true,
      message:
        result.emails === 0
          ? `Nothing to send: no invited paper awaits a signature.${skipped}`
          : `${countOf(result.emails, 'reminder')} queued for ${countOf(result.papers, 'paper')}.${skipped}`,
      fieldErrors: {},
    };
  },
);

export const retryEmailsAction = editorAction(
  z.object({ volume: z.coerce.number().int().min(1), emailId: z.uuid().optional() }),
  async (input, user) => {
    const retried = await retryEmails(user, { volumeNumber: input.volume, emailId: input.emailId });
    revalidatePath(`/editor/volumes/${input.volume}/emails`);
    return {
      ok: true,
      message: retried === 0 ? 'Nothing to retry.' : `${countOf(retried, 'email')} back on the queue: sending now.`,
      fieldErrors: {},
    };
  },
);

export const setVolumePublicationAction = editorAction(
  publicationSchema.extend({ volume: z.coerce.number().int().min(1) }),
  async (input, user, context) => {
    const { changedPapers } = await setVolumePublication(
      user,
      { volumeNumber: input.volume, publication: { publishedOn: input.publishedOn, url: input.url } },
      context,
    );
    revalidatePath(`/editor/volumes/${input.volume}`);
    return {
      ok: true,
      message:
        changedPapers === 0
          ? 'Nothing changed: the volume already had this date and URL.'
          : `Recorded. ${countOf(changedPapers, 'paper')} ${changedPapers === 1 ? 'is' : 'are'} now published (papers with a date of their own keep it).`,
      fieldErrors: {},
    };
  },
);

export const requestNewSignatureAction = editorAction(
  z.object({ volume: z.coerce.number().int().min(1), paperId: z.uuid(), requestId }),
  async (input, user, context) => {
    const result = await requestNewSignature(user, { paperId: input.paperId, requestId: input.requestId }, context);
    revalidatePath(`/editor/volumes/${input.volume}`);
    revalidatePath(`/editor/papers/${input.paperId}`);
    return { ok: true, message: `Voided; ${result.recipient} is invited to sign again.`, fieldErrors: {} };
  },
  { recentSignIn: true },
);

import 'server-only';

import type { EmailProviderSendVerificationRequestParams } from 'next-auth/providers/email';

import { getEnv } from '@/lib/env';
import { sendMail } from '@/lib/mail/send-mail';

import { mayRequestSignInLink } from './may-request-sign-in-link';

export const MAGIC_LINK_MAX_AGE_SECONDS = 10 * 60;

export async function sendMagicLink({ identifier, url }: EmailProviderSendVerificationRequestParams): Promise<void> {
  // Also checked by the sign-in form; repeated here because Auth.js's own endpoint is public.
  if (!(await mayRequestSignInLink(identifier))) return;

  const publisher = getEnv().PUBLISHER_NAME;
  const minutes = MAGIC_LINK_MAX_AGE_SECONDS / 60;
  const text = [
    `Sign in to the ${publisher} publication agreement portal:`,
    '',
    url,
    '',
    `The link works once and expires in ${minutes} minutes.`,
    'If you did not ask to sign in, you can ignore this email.',
  ].join('\n');
  const html = `<p>Sign in to the ${escapeHtml(publisher)} publication agreement portal:</p>
<p><a href="${escapeHtml(url)}" style="display:inline-block;padding:10px 18px;background:#1d4ed8;color:#fff;border-radius:6px;text-decoration:none">Sign in</a></p>
<p>Or paste this link into your browser:<br>${escapeHtml(url)}</p>
<p>The link works once and expires in ${minutes} minutes. If you did not ask to sign in, you can ignore this email.</p>`;

  await sendMail({ to: identifier, subject: `Sign in to ${publisher} agreements`, text, html });
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

import 'server-only';

import { after } from 'next/server';
import type { EmailProviderSendVerificationRequestParams } from 'next-auth/providers/email';
import { createElement } from 'react';

import { SignInEmail } from '@/emails/sign-in-email';
import { getEnv, publicBaseUrl } from '@/lib/env';
import { renderEmail } from '@/lib/mail/render-email';
import { sendMail } from '@/lib/mail/send-mail';

import { mayRequestSignInLink } from './may-request-sign-in-link';
import { continuePageFor } from './sign-in-links';

export const MAGIC_LINK_MAX_AGE_SECONDS = 10 * 60;

/**
 * Auth.js calls this with a fresh token. The link we email opens the Continue page, never the
 * token-spending callback. The SMTP conversation happens after the response is sent, so a
 * known address (mail sent) and an unknown one (nothing sent) answer alike and as fast; the
 * address is never told apart by an error either.
 */
export async function sendMagicLink({ identifier, url }: EmailProviderSendVerificationRequestParams): Promise<void> {
  // A link is only ever for this portal: Auth.js builds `url` from AUTH_URL, and should a Host
  // header ever get into it, the link is not sent at all.
  if (new URL(url).origin !== new URL(publicBaseUrl()).origin) {
    console.error(`refused to email a sign-in link for ${new URL(url).origin}: the portal is ${publicBaseUrl()}`);
    return;
  }
  // Also checked by the sign-in form; repeated here because Auth.js's own endpoint is public.
  if (!(await mayRequestSignInLink(identifier))) return;
  const send = async () => {
    try {
      const publisher = getEnv().PUBLISHER_NAME;
      const link = continuePageFor(url);
      const rendered = await renderEmail(
        createElement(SignInEmail, { publisher, url: link, minutes: MAGIC_LINK_MAX_AGE_SECONDS / 60 }),
      );
      await sendMail({ to: identifier, subject: `Sign in to ${publisher} agreements`, ...rendered });
    } catch (error) {
      console.error(`sign-in link to ${identifier} could not be sent:`, error instanceof Error ? error.message : error);
    }
  };
  try {
    after(send);
  } catch {
    // Outside a request (a command or a test): send now.
    await send();
  }
}

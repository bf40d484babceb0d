import 'server-only';

import nodemailer, { type Transporter } from 'nodemailer';

import { getEnv } from '@/lib/env';

import { recordDevMail } from './dev-mailbox';

export type OutgoingMail = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
};

const cache = globalThis as unknown as { __mailTransport?: { url: string; transport: Transporter } };

function transportFor(url: string): Transporter {
  if (cache.__mailTransport?.url !== url) {
    cache.__mailTransport = { url, transport: nodemailer.createTransport(url) };
  }
  return cache.__mailTransport.transport;
}

/**
 * Sends over SMTP when EMAIL_SERVER is set. Without it (local use) the message is printed on
 * the server console and, in development, kept for the /dev/mailbox page.
 */
export async function sendMail(mail: OutgoingMail): Promise<void> {
  const env = getEnv();
  if (!env.EMAIL_SERVER) {
    console.info(
      [`\n──── mail to ${mail.to} ────`, `Subject: ${mail.subject}`, '', mail.text, '────────────────────\n'].join(
        '\n',
      ),
    );
    if (process.env.NODE_ENV !== 'production') recordDevMail(mail);
    return;
  }
  await transportFor(env.EMAIL_SERVER).sendMail({ from: env.EMAIL_FROM, ...mail });
}

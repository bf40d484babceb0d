import 'server-only';

import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';

import { getEnv } from '@/lib/env';

import { recordDevMail } from './dev-mailbox';

export type OutgoingMail = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** A stable Message-ID (e.g. from the queued message's id), so a resend is recognisable. */
  messageId?: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
};

const cache = globalThis as unknown as { __mailTransport?: { url: string; transport: Transporter } };

function transportFor(url: string): Transporter {
  if (cache.__mailTransport?.url !== url) {
    cache.__mailTransport?.transport.close();
    cache.__mailTransport = {
      url,
      // A pool: the queue sends several messages at once over a few reused connections. A
      // server that does not answer fails the attempt (and the queue retries) within a minute.
      transport: nodemailer.createTransport({
        url,
        pool: true,
        maxConnections: 8,
        connectionTimeout: 15_000,
        greetingTimeout: 15_000,
        socketTimeout: 45_000,
      } as SMTPPool.Options),
    };
  }
  return cache.__mailTransport.transport;
}

/**
 * Sends over SMTP when EMAIL_SERVER is set. Without it (demo and development) the message is
 * printed on the server console and kept for the /dev/mailbox page.
 */
export async function sendMail(mail: OutgoingMail): Promise<void> {
  const env = getEnv();
  if (!env.EMAIL_SERVER) {
    const attachments = (mail.attachments ?? []).map(
      (file) => `Attached: ${file.filename} (${file.content.length} bytes)`,
    );
    console.info(
      [
        `\n──── mail to ${mail.to} ────`,
        `Subject: ${mail.subject}`,
        '',
        mail.text,
        ...attachments,
        '────────────────────\n',
      ].join('\n'),
    );
    recordDevMail(mail);
    return;
  }
  await transportFor(env.EMAIL_SERVER).sendMail({ from: env.EMAIL_FROM, ...mail });
}

/** Closes the SMTP pool's idle connections (commands and tests, before they exit). */
export function closeMailTransport(): void {
  cache.__mailTransport?.transport.close();
  cache.__mailTransport = undefined;
}

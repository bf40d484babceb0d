import 'server-only';

export type DevMailboxMessage = {
  id: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments: string[];
  sentAt: string;
};

const MAX_MESSAGES = 50;
const store = globalThis as unknown as { __devMailbox?: DevMailboxMessage[] };

/**
 * Without EMAIL_SERVER (demo and development only: production refuses to start without one),
 * keeps the last messages so /dev/mailbox can show them.
 */
export function recordDevMail(message: {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string }[];
}): void {
  const messages = (store.__devMailbox ??= []);
  messages.unshift({
    id: crypto.randomUUID(),
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    attachments: (message.attachments ?? []).map((file) => file.filename),
    sentAt: new Date().toISOString(),
  });
  messages.length = Math.min(messages.length, MAX_MESSAGES);
}

export function listDevMail(): DevMailboxMessage[] {
  return [...(store.__devMailbox ?? [])];
}

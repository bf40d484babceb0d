import 'server-only';

export type DevMailboxMessage = {
  id: string;
  to: string;
  subject: string;
  text: string;
  sentAt: string;
};

const MAX_MESSAGES = 50;
const store = globalThis as unknown as { __devMailbox?: DevMailboxMessage[] };

/** Local development only: keeps the last messages so /dev/mailbox can show them. */
export function recordDevMail(message: Omit<DevMailboxMessage, 'id' | 'sentAt'>): void {
  const messages = (store.__devMailbox ??= []);
  messages.unshift({ ...message, id: crypto.randomUUID(), sentAt: new Date().toISOString() });
  messages.length = Math.min(messages.length, MAX_MESSAGES);
}

export function listDevMail(): DevMailboxMessage[] {
  return [...(store.__devMailbox ?? [])];
}

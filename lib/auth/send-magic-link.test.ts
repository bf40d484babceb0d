import { afterEach, describe, expect, it, vi } from 'vitest';

import { paperRow, seedPapers } from '@/tests/factories';

const sent = vi.hoisted(() => [] as { to: string; text: string }[]);
vi.mock('@/lib/mail/send-mail', () => ({
  sendMail: async (message: { to: string; text: string }) => {
    sent.push(message);
  },
}));

const { sendMagicLink } = await import('./send-magic-link');

const callback = (origin: string) => `${origin}/api/auth/callback/email?callbackUrl=${encodeURIComponent(`${origin}/papers`)}&token=${'t'.repeat(64)}&email=corr%40example.org`;

afterEach(() => {
  sent.length = 0;
});

describe('sendMagicLink', () => {
  it('emails a link to the portal’s own address, AUTH_URL, and never one to another host', async () => {
    await seedPapers([paperRow({ correspondingAuthorEmail: 'corr@example.org' })]);
    const portal = new URL(process.env.AUTH_URL ?? 'http://localhost:3000').origin;
    const params = { identifier: 'corr@example.org', expires: new Date(), provider: {}, token: 't', theme: {}, request: new Request(portal) };

    await sendMagicLink({ ...params, url: callback('https://evil.example') } as never);
    expect(sent).toEqual([]);

    await sendMagicLink({ ...params, url: callback(portal) } as never);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain(`${portal}/sign-in/continue?`);
    expect(sent[0]!.text).not.toContain('evil.example');
  });
});

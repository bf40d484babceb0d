// npm run emails:screenshots: renders every email the portal sends, with sample data, and
// takes a phone-width and a laptop-width screenshot of each into docs/emails/. For looking at
// them, and for reviewers; the same components render the real emails (lib/mail/compose-email.ts).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { chromium } from '@playwright/test';
import { createElement, type ReactElement } from 'react';

import { EditorNoticeEmail } from '@/emails/editor-notice-email';
import { InvitationEmail } from '@/emails/invitation-email';
import { ReceiptEmail } from '@/emails/receipt-email';
import { SignInEmail } from '@/emails/sign-in-email';
import { checkpointNotice } from '@/lib/mail/compose-email';
import { lapseDigestNotice } from '@/lib/publication/lapse-digest';
import { renderEmail } from '@/lib/mail/render-email';

const portal = 'https://agreements.example.org';
const link = `${portal}/sign-in/continue?callbackUrl=…&token=…&email=a.mohtashami%40example.com`;
const papers = [
  { key: 'mohtashami22a', title: 'Masked Training of Neural Networks with Partial Gradients' },
  { key: 'mohtashami22b', title: 'Characterizing & Finding Good Data Orderings for Fast Convergence of Sequential Gradient Methods' },
  { key: 'mohtashami22c', title: 'Special Properties of Gradient Descent with Large Learning Rates' },
];
const invitation = {
  publisher: 'PMLR',
  recipientName: 'Amirkeivan Mohtashami',
  proceedings: 'AISTATS 2022 (PMLR volume 151)',
  deadline: '15 January 2027',
  url: link,
  linkValidUntil: 'on 16 January 2027, 00:00 UTC',
  portalUrl: portal,
};

const emails: Record<string, ReactElement> = {
  'sign-in': createElement(SignInEmail, { publisher: 'PMLR', url: link, minutes: 10 }),
  invitation: createElement(InvitationEmail, { ...invitation, kind: 'invitation', papers: papers.slice(0, 1) }),
  'invitation-three-papers': createElement(InvitationEmail, { ...invitation, kind: 'invitation', papers }),
  reminder: createElement(InvitationEmail, { ...invitation, kind: 'reminder', papers: papers.slice(0, 2) }),
  receipt: createElement(ReceiptEmail, {
    publisher: 'PMLR',
    title: papers[0]!.title,
    facts: [
      { label: 'Proceedings', value: 'AISTATS 2022 (PMLR volume 151)' },
      { label: 'Signed by', value: 'Amirkeivan Mohtashami <a.mohtashami@example.com>' },
      { label: 'Signed at', value: '25 November 2026, 09:14 UTC (2026-11-25T09:14:03.512Z)' },
      { label: 'Agreement version', value: '1' },
      { label: 'Text SHA-256', value: '3f1c0e9d4b2a7c6e5f8d9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d' },
      { label: 'PDF SHA-256', value: '9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b' },
      { label: 'Signature id', value: '0b6f3c1e-7d2a-4e8b-9c5f-1a2b3c4d5e6f' },
    ],
    notes: ['The agreement terminates if the article is not published by 25 November 2027 (clause 7).'],
    paperUrl: `${portal}/papers/0b6f3c1e`,
  }),
  'editor-notice': createElement(EditorNoticeEmail, {
    publisher: 'PMLR',
    title: 'Every paper of AISTATS 2022 is signed',
    lines: [
      'All 492 accepted papers of AISTATS 2022 (volume 151) now have a signed publication agreement.',
      'You can export the signatures or inspect the evidence of each from the volume page.',
    ],
    url: `${portal}/editor/volumes/151`,
    action: 'Open the volume',
  }),
  'evidence-checkpoint': createElement(EditorNoticeEmail, {
    publisher: 'PMLR',
    ...checkpointNotice({
      id: 12,
      createdAt: new Date('2026-11-25T02:15:00.004Z'),
      auditCount: 1234,
      signatureCount: 491,
      auditHeadHash: '5d41402abc4b2a76b9719d911017c592a1b2c3d4e5f60718293a4b5c6d7e8f90',
    }),
  }),
  'lapse-digest': createElement(EditorNoticeEmail, {
    publisher: 'PMLR',
    ...lapseDigestNotice(
      { volumeNumber: 151, volumeName: 'AISTATS 2022' },
      [
        { paperKey: 'yalcin22', title: 'Factorization Approach for Low-complexity Matrix Completion Problems', lapsesAt: new Date('2026-11-20T10:00:00Z'), status: 'lapsed' },
        { paperKey: 'mohtashami22a', title: papers[0]!.title, lapsesAt: new Date('2026-12-13T09:14:03Z'), status: 'at-risk' },
        { paperKey: 'ablin22', title: 'Fast and accurate optimization on the orthogonal manifold without retraction', lapsesAt: new Date('2027-01-20T16:40:00Z'), status: 'at-risk' },
      ].map((row) => ({
        ...row,
        status: row.status as 'lapsed' | 'at-risk',
        paperId: row.paperKey,
        volumeNumber: 151,
        volumeName: 'AISTATS 2022',
        correspondingAuthorName: '',
        correspondingAuthorEmail: '',
        signatureId: '',
        signedAt: new Date(row.lapsesAt.getTime() - 365 * 24 * 3600 * 1000),
      })),
      new Date('2026-11-30T07:00:00Z'),
    ),
    url: `${portal}/editor/volumes/151#clause-7`,
  }),
};

async function main() {
  const out = path.join('docs', 'emails');
  await mkdir(out, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    for (const [name, element] of Object.entries(emails)) {
      const { html, text } = await renderEmail(element);
      await writeFile(path.join(out, `${name}.txt`), text);
      for (const [device, width] of [
        ['phone', 390],
        ['laptop', 900],
      ] as const) {
        const page = await browser.newPage({ viewport: { width, height: 800 }, deviceScaleFactor: 1 });
        await page.setContent(html, { waitUntil: 'load' });
        await page.screenshot({ path: path.join(out, `${name}-${device}.png`), fullPage: true });
        await page.close();
      }
      console.log(`docs/emails/${name}-{phone,laptop}.png and ${name}.txt`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

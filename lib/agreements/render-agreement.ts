import type { Acknowledgement } from '@/db/schema';

import { sha256Hex } from '@/lib/crypto/sha256';

export type AgreementContext = {
  title: string;
  proceedings: string;
  correspondingAuthor: string;
};

export const AUTH_METHOD_MAGIC_LINK = 'email-magic-link';

export function proceedingsName(volume: { number: number; name: string }): string {
  return `Proceedings of Machine Learning Research, volume ${volume.number} (${volume.name})`;
}

const clean = (value: string) => value.normalize('NFC').replace(/\s+/g, ' ').trim();

/**
 * The agreement text for one paper. Deterministic: the same template and context always give
 * the same string (NFC, "\n" line ends, one final newline), whose UTF-8 SHA-256 is what a
 * signature records.
 */
export function renderAgreement(body: string, context: AgreementContext): string {
  const values: Record<string, string> = {
    title: clean(context.title),
    proceedings: clean(context.proceedings),
    correspondingAuthor: clean(context.correspondingAuthor),
  };
  const text = body.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`agreement template has an unknown placeholder {{${key}}}`);
    return value;
  });
  return `${text.normalize('NFC').replace(/\r\n?/g, '\n').replace(/\s+$/, '')}\n`;
}

export function agreementSha256(text: string): string {
  return sha256Hex(text);
}

/** An acknowledgement's checkbox text for this paper, naming the co-authors where it asks to. */
export function acknowledgementText(acknowledgement: Acknowledgement, coAuthors: string[]): string {
  const list = new Intl.ListFormat('en', { type: 'conjunction' }).format(coAuthors);
  // A function replacer: a name such as "$&" must never be read as a replacement pattern.
  return acknowledgement.text.replace(/\{\{\s*coAuthors\s*\}\}/g, () => (coAuthors.length ? `, including ${list}` : ''));
}

export { agreementBlocks, type AgreementBlock } from './agreement-blocks';

import { describe, expect, it } from 'vitest';

import { readShippedAgreement } from '@/tests/factories';

import { acknowledgementText, agreementBlocks, agreementSha256, renderAgreement } from './render-agreement';

const context = {
  title: 'Masked Training of Neural Networks with Partial Gradients',
  proceedings: 'Proceedings of Machine Learning Research, volume 151 (AISTATS 2022)',
  correspondingAuthor: 'Amirkeivan Mohtashami',
};

describe('renderAgreement', () => {
  it('fills in the paper and is byte-for-byte deterministic', async () => {
    const { body } = await readShippedAgreement();
    const text = renderAgreement(body, context);
    expect(text).toContain('entitled\n\n    Masked Training of Neural Networks with Partial Gradients\n');
    expect(text).toContain('to be published in Proceedings of Machine Learning Research, volume 151 (AISTATS 2022)');
    expect(text).toContain('    Amirkeivan Mohtashami\n');
    expect(text).not.toContain('{{');
    expect(renderAgreement(body.replace(/\n/g, '\r\n'), { ...context, title: `  ${context.title}\n` })).toBe(text);
    expect(agreementSha256(text)).toMatch(/^[0-9a-f]{64}$/);
    expect(agreementSha256(renderAgreement(body, context))).toBe(agreementSha256(text));
    expect(agreementSha256(renderAgreement(body, { ...context, title: 'Other' }))).not.toBe(agreementSha256(text));
  });

  it('treats composed and decomposed accents as the same text', async () => {
    const { body } = await readShippedAgreement();
    const composed = renderAgreement(body, { ...context, correspondingAuthor: 'José Núñez' });
    const decomposed = renderAgreement(body, { ...context, correspondingAuthor: 'José Núñez'.normalize('NFD') });
    expect(decomposed).toBe(composed);
  });

  it('numbers clauses 1 to 7 with 6.1–6.3, as the agreement does', async () => {
    const { body } = await readShippedAgreement();
    const clauses = agreementBlocks(renderAgreement(body, context))
      .map((block) => block.clause)
      .filter(Boolean);
    expect(clauses).toEqual(['1', '2', '3', '4', '5', '6', '6.1', '6.2', '6.3', '7']);
  });

  it('names the co-authors in the authority acknowledgement', async () => {
    const { acknowledgements } = await readShippedAgreement();
    const authority = acknowledgements.find((item) => item.id === 'authority')!;
    expect(acknowledgementText(authority, ['Martin Jaggi', 'Sebastian Stich'])).toBe(
      'I am signing on behalf of all authors of the article, including Martin Jaggi and Sebastian Stich, and I have their authority to enter into this agreement.',
    );
    // A co-author's name is text, never a replacement pattern such as "$&".
    expect(acknowledgementText(authority, ['A $& B', "C $' D"])).toContain('including A $& B and C $\' D,');
    expect(acknowledgementText(authority, [])).toBe(
      'I am signing on behalf of all authors of the article, and I have their authority to enter into this agreement.',
    );
  });
});

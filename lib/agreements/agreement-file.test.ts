import { describe, expect, it } from 'vitest';

import { ALL_ACKNOWLEDGEMENTS } from '@/tests/factories';

import { readShippedAgreementSource } from './shipped-agreement';
import { parseAgreementFile } from './agreement-file';
import { agreementSha256, renderAgreement } from './render-agreement';

const minimal = (frontMatter: string, body = 'AGREEMENT\n\n1. The first clause, about {{title}}.\n\n2. The second clause.\n') =>
  `---\n${frontMatter}\n---\n${body}`;

const valid = `version: 2
title: Publication Agreement
termination:
  clause: "2"
  months: 12
acknowledgements:
  - id: first
    clause: "1"
    text: I agree to the first clause{{coAuthors}}.
asides:
  - clause: "2"
    title: In plain words
    text: It means this.`;

describe('parseAgreementFile', () => {
  it('reads the shipped PMLR agreement as version 1, with its clauses, terms and presentation', async () => {
    const parsed = parseAgreementFile(await readShippedAgreementSource());
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const { agreement } = parsed;
    expect(agreement).toMatchObject({ version: 1, title: 'Publication Agreement' });
    expect(agreement.clauses).toEqual(['1', '2', '3', '4', '5', '6', '6.1', '6.2', '6.3', '7']);
    expect(agreement.acknowledgements.map((item) => item.id)).toEqual(ALL_ACKNOWLEDGEMENTS);
    expect(agreement.presentation.termination).toEqual({ clause: '7', months: 12 });
    expect(agreement.presentation.asides).toEqual([
      expect.objectContaining({ clause: '2', title: 'CC BY 4.0 in plain words', link: expect.objectContaining({ href: expect.stringMatching(/^https:\/\/creativecommons\.org\//) }) }),
    ]);
    // The text that authors sign is the one version 1 always had: same hash as before files existed.
    expect(agreementSha256(agreement.body)).toBe('8651c0ecc296efce4c660610b161f1695c737a72eb1bcf41e9233d8e7b57ad99');
  });

  it('accepts a minimal valid file, CRLF line ends and a byte-order mark included', () => {
    const parsed = parseAgreementFile(`\uFEFF${minimal(valid)}`.replace(/\n/g, '\r\n'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.agreement.body).toBe('AGREEMENT\n\n1. The first clause, about {{title}}.\n\n2. The second clause.\n');
    expect(renderAgreement(parsed.agreement.body, { title: 'T', proceedings: 'P', correspondingAuthor: 'C' })).toContain('about T.');
  });

  it.each([
    ['no front matter at all', 'Just a text.\n', 1, /must start with a line "---"/],
    ['an unclosed front matter', '---\nversion: 2\ntitle: T\n', null, /not closed/],
    ['YAML that does not parse', minimal('version: 2\ntitle: [unclosed'), 3, /front matter/],
    ['a key given twice', minimal('version: 2\nversion: 3\ntitle: T'), 3, /front matter/],
    ['a version that is not a whole number', minimal(valid.replace('version: 2', 'version: two')), 2, /^version: must be a whole number/],
    ['a missing title', minimal(valid.replace('title: Publication Agreement\n', '')), 2, /^title: must not be empty$/],
    ['an unknown key', minimal(`${valid}\nsignature: wet ink`), 15, /unknown key "signature"/],
    ['an acknowledgement without text', minimal(valid.replace('    text: I agree to the first clause{{coAuthors}}.\n', '')), 8, /acknowledgements\.0\.text/],
    ['an acknowledgement id with spaces', minimal(valid.replace('id: first', 'id: First Term')), 8, /id: must be lower-case words/],
    ['an acknowledgement naming a clause the text lacks', minimal(valid.replace('    clause: "1"', '    clause: "9"')), 9, /no clause 9/],
    ['an aside beside a missing clause', minimal(valid.replace('  - clause: "2"\n    title: In plain words', '  - clause: "4"\n    title: In plain words')), 12, /asides\.0\.clause: the text has no clause 4/],
    ['a termination clause the text lacks', minimal(valid.replace('  clause: "2"\n  months', '  clause: "7"\n  months')), 5, /termination\.clause: the text has no clause 7/],
    ['an unknown placeholder in the text', minimal(valid, 'AGREEMENT\n\n1. About {{paperTitle}}.\n\n2. Two.\n'), 18, /unknown placeholder \{\{paperTitle\}\}/],
    ['an unknown placeholder in an acknowledgement', minimal(valid.replace('{{coAuthors}}', '{{authors}}')), 10, /unknown placeholder \{\{authors\}\}/],
    ['an aside link that is not https', minimal(`${valid}\n    link:\n      href: http://example.org\n      label: More`), 16, /https/],
    ['an empty text', minimal(valid, '\n'), 16, /text after the front matter is empty/],
  ])('reports %s with its line', (_label, source, line, message) => {
    const parsed = parseAgreementFile(source);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toContainEqual({ line, message: expect.stringMatching(message) });
  });
});

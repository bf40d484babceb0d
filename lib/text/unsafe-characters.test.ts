import { describe, expect, it } from 'vitest';

import { parsePapersCsv } from '@/lib/papers/parse-papers-csv';

import { isNfkcStable, unsafeCharacter } from './unsafe-characters';

const header = 'volume,paper_key,title,authors,corresponding_author,corresponding_email';

describe('control and format characters', () => {
  it('are found and named: bidi overrides, zero-width characters, controls', () => {
    expect(unsafeCharacter('Alice Baker')).toBeNull();
    expect(unsafeCharacter('Zoë Núñez 王小明')).toBeNull();
    expect(unsafeCharacter('Alice\u202Erekab')).toBe('U+202E, right-to-left override');
    expect(unsafeCharacter('Al\u200Bice')).toBe('U+200B, zero-width space');
    expect(unsafeCharacter('Al\u0000ice')).toBe('U+0000, an invisible control character');
    expect(unsafeCharacter('A\u2066B')).toBe('U+2066, left-to-right isolate');
  });

  it('reject a whole import, by line, in a title, an author or the corresponding author', () => {
    const csv = [
      header,
      '151,ok22,A Plain Title,Ann Lee,Ann Lee,ann@example.org',
      '151,bidi22,"Gradient \u202Etnecsed",Bo Li,Bo Li,bo@example.org',
      '151,zw22,A Title,"Cy\u200Bd Ray; Di Fox",Di Fox,di@example.org',
    ].join('\n');
    const parsed = parsePapersCsv(csv);
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    expect(problems).toContainEqual({
      line: 3,
      message: 'title contains an invisible character (U+202E, right-to-left override); remove it',
    });
    expect(problems).toContainEqual({
      line: 4,
      message: 'an author name contains an invisible character (U+200B, zero-width space); remove it',
    });
    expect(problems.some((problem) => problem.line === 2)).toBe(false);
  });
});

describe('emails in NFKC', () => {
  it('plain addresses pass; full-width or ligature look-alikes are refused with a clear message', () => {
    expect(isNfkcStable('ann.lee@example.org')).toBe(true);
    expect(isNfkcStable('ａｎｎ@example.org')).toBe(false);
    expect(isNfkcStable('ﬁona@example.org')).toBe(false);
    const parsed = parsePapersCsv(`${header}\n151,fw22,A Title,Ann Lee,Ann Lee,ａｎｎ@example.org\n`);
    expect(parsed.ok ? [] : parsed.problems).toEqual([
      {
        line: 2,
        message: 'corresponding_email "ａｎｎ@example.org" contains full-width or look-alike characters; type it in plain characters',
      },
    ]);
  });
});

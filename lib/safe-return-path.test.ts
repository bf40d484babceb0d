import { describe, expect, it } from 'vitest';

import { safeReturnPath } from './safe-return-path';

describe('the return path after sign-in', () => {
  it('keeps a path on this site, with its query', () => {
    expect(safeReturnPath('/papers/123?tab=evidence#signed')).toBe('/papers/123?tab=evidence#signed');
    expect(safeReturnPath('/editor/volumes/151')).toBe('/editor/volumes/151');
  });

  it('never leads to another site, whatever the disguise', () => {
    for (const value of [
      'https://evil.example/phish',
      '//evil.example/phish',
      '/\\evil.example/phish',
      '/\t/evil.example/phish',
      '/%09/evil.example/phish'.replace('%09', '\t'),
      '/\n/evil.example',
      '\\\\evil.example',
      'javascript:alert(1)',
      '/ /evil.example'.replace(' ', '\u0000'),
      '',
      null,
      undefined,
    ]) {
      expect(safeReturnPath(value), JSON.stringify(value)).toBe('/');
    }
    // Percent-encoded, the tab stays a harmless part of the path on this site.
    expect(safeReturnPath('/%09/evil.example/phish')).toBe('/%09/evil.example/phish');
  });
});

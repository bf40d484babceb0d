import { describe, expect, it } from 'vitest';

import { signedPercentLabel } from './progress';

describe('signedPercentLabel', () => {
  it('never shows 0% once something is signed, nor 100% while something awaits', () => {
    expect(signedPercentLabel(0, 201)).toBe('0%');
    expect(signedPercentLabel(1, 201)).toBe('<1%');
    expect(signedPercentLabel(2, 201)).toBe('<1%');
    expect(signedPercentLabel(3, 201)).toBe('1%');
    expect(signedPercentLabel(100, 201)).toBe('50%');
    expect(signedPercentLabel(198, 201)).toBe('99%');
    expect(signedPercentLabel(199, 201)).toBe('>99%');
    expect(signedPercentLabel(200, 201)).toBe('>99%');
    expect(signedPercentLabel(201, 201)).toBe('100%');
    expect(signedPercentLabel(0, 0)).toBe('0%');
  });

  it('holds for every count of a 1,000-paper volume', () => {
    for (let signed = 0; signed <= 1000; signed += 1) {
      const label = signedPercentLabel(signed, 1000);
      if (signed > 0) expect(label).not.toBe('0%');
      if (signed < 1000) expect(label).not.toBe('100%');
    }
  });
});

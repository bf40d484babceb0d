import { describe, expect, it } from 'vitest';

import { agreeWith, countOf } from './plural';

describe('counts', () => {
  it('agree with their number', () => {
    expect(countOf(0, 'error')).toBe('0 errors');
    expect(countOf(1, 'error')).toBe('1 error');
    expect(countOf(2, 'error')).toBe('2 errors');
    expect(countOf(1234, 'paper')).toBe('1,234 papers');
    expect(countOf(1, 'new volume')).toBe('1 new volume');
    expect(countOf(3, 'child', 'children')).toBe('3 children');
    expect(`${countOf(1, 'paper')} ${agreeWith(1, 'matches', 'match')} this view`).toBe('1 paper matches this view');
    expect(`${countOf(3, 'paper')} ${agreeWith(3, 'matches', 'match')} this view`).toBe('3 papers match this view');
  });
});

import { maskPhone, normalizePhone, phoneDigest } from './phone';

describe('phone numbers', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['+86 138-1234-5678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['0086 138 1234 5678', '13812345678'],
    ['(021) 6123-4567', '02161234567'],
  ])('normalises %s to %s', (raw, normalized) => {
    expect(normalizePhone(raw)).toBe(normalized);
  });

  it('refuses what cannot be a number', () => {
    expect(normalizePhone('12345')).toBeUndefined();
    expect(normalizePhone('call me')).toBeUndefined();
    expect(normalizePhone('1381234567812345')).toBeUndefined();
  });

  it('masks the middle digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('digests formats of one number alike and reveals none of it', () => {
    const digest = phoneDigest(normalizePhone('+86 138 1234 5678')!);
    expect(digest).toBe(phoneDigest(normalizePhone('13812345678')!));
    expect(digest).not.toContain('12345678');
  });
});

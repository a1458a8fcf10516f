import { compare, formatBasisPoints, formatCount, formatYuan, fraction, minus, plus, roundHalfUp, times } from './money';

describe('money', () => {
  it('rounds the magnitude half-up and applies the sign after', () => {
    expect(roundHalfUp(fraction(25, 2))).toBe(13); // 12.5 → 13
    expect(roundHalfUp(fraction(-25, 2))).toBe(-13); // −12.5 → −13, the mirror, not −12
    expect(roundHalfUp(fraction(61725, 100))).toBe(617); // 617.25 → 617
    expect(roundHalfUp(fraction(6175, 10))).toBe(618); // 617.5 → 618
    expect(roundHalfUp(fraction(-61749, 100))).toBe(-617);
    expect(Object.is(roundHalfUp(fraction(-1, 3)), 0)).toBe(true); // never −0
  });

  it('keeps fractions exact until the one rounding', () => {
    // A third of 1,500.01 three times is exactly 1,500.01; rounding each third first (500.00 × 3) would lose the fen.
    const third = times(150001, fraction(1, 3));
    expect(roundHalfUp(plus(plus(third, third), third))).toBe(150001);
    expect(compare(minus(fraction(1, 3), fraction(1, 3)), 0)).toBe(0);
    expect(() => fraction(1.5)).toThrow(RangeError); // no floating-point money
  });

  it('formats fen as yuan, counts with separators, basis points as percent', () => {
    expect(formatYuan(200)).toBe('2.00');
    expect(formatYuan(123450)).toBe('1,234.50');
    expect(formatYuan(-300)).toBe('-3.00');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatCount(2200)).toBe('2,200');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatBasisPoints(500)).toBe('5%');
    expect(formatBasisPoints(1250)).toBe('12.5%');
    expect(formatBasisPoints(5000)).toBe('50%');
    expect(formatBasisPoints(1)).toBe('0.01%');
  });
});

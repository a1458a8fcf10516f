/**
 * Exact money arithmetic. Pay divides (a prorated base, a deduction in proportion, a commission in
 * basis points), so every intermediate amount is an exact fraction of fen on bigint, and is rounded
 * half-up exactly once, at the ledger line (DOMAIN.md: "rounded half-up once, at the ledger line").
 */
export interface Fraction {
  readonly num: bigint;
  /** Always positive. */
  readonly den: bigint;
}

type Exact = Fraction | bigint | number;

const big = (n: bigint | number): bigint => {
  // BigInt(1.5) throws: a non-integer amount of fen is a bug, never something to round quietly.
  if (typeof n === 'number' && !Number.isInteger(n)) throw new RangeError(`not an integer: ${n}`);
  return typeof n === 'bigint' ? n : BigInt(n);
};

const abs = (n: bigint): bigint => (n < 0n ? -n : n);

function gcd(a: bigint, b: bigint): bigint {
  let x = abs(a);
  let y = abs(b);
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** num/den, reduced, with a positive denominator. */
export function fraction(num: bigint | number, den: bigint | number = 1n): Fraction {
  let n = big(num);
  let d = big(den);
  if (d === 0n) throw new RangeError('division by zero');
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d);
  return g > 1n ? { num: n / g, den: d / g } : { num: n, den: d };
}

const exact = (x: Exact): Fraction => (typeof x === 'object' ? x : fraction(x));

export function plus(a: Exact, b: Exact): Fraction {
  const x = exact(a);
  const y = exact(b);
  return fraction(x.num * y.den + y.num * x.den, x.den * y.den);
}

export function minus(a: Exact, b: Exact): Fraction {
  const y = exact(b);
  return plus(a, { num: -y.num, den: y.den });
}

export function times(a: Exact, b: Exact): Fraction {
  const x = exact(a);
  const y = exact(b);
  return fraction(x.num * y.num, x.den * y.den);
}

export function dividedBy(a: Exact, b: Exact): Fraction {
  const x = exact(a);
  const y = exact(b);
  return fraction(x.num * y.den, x.den * y.num);
}

/** -1, 0 or 1 as a is below, equal to or above b. */
export function compare(a: Exact, b: Exact): -1 | 0 | 1 {
  const x = exact(a);
  const y = exact(b);
  const left = x.num * y.den;
  const right = y.num * x.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

export const smaller = (a: Exact, b: Exact): Fraction => (compare(a, b) <= 0 ? exact(a) : exact(b));

/**
 * The integer nearest to an exact amount, halves away from zero: the magnitude is rounded half-up
 * and the sign applied after, so a claw-back of −12.5 fen is −13, the mirror of +12.5 → +13.
 */
export function roundHalfUp(value: Exact): number {
  const { num, den } = exact(value);
  const magnitude = (2n * abs(num) + den) / (2n * den);
  const rounded = num < 0n ? -magnitude : magnitude;
  const result = Number(rounded);
  if (!Number.isSafeInteger(result)) throw new RangeError(`amount out of range: ${rounded} fen`);
  return result === 0 ? 0 : result; // never -0: it would survive into JSON as 0 but not into toEqual
}

/** 1234567 → "1,234,567": counts in explanations. */
export function formatCount(n: number | bigint): string {
  const digits = abs(big(n)).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return big(n) < 0n ? `-${grouped}` : grouped;
}

/** Fen as yuan for explanations: 200 → "2.00", 123450 → "1,234.50", -300 → "-3.00". */
export function formatYuan(fen: number | bigint): string {
  const amount = big(fen);
  const magnitude = abs(amount);
  const yuan = formatCount(magnitude / 100n);
  const cents = (magnitude % 100n).toString().padStart(2, '0');
  return `${amount < 0n ? '-' : ''}${yuan}.${cents}`;
}

/** Basis points as a percentage: 500 → "5%", 1250 → "12.5%", 1 → "0.01%". */
export function formatBasisPoints(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const rest = Math.abs(bp % 100);
  if (rest === 0) return `${whole}%`;
  return `${bp < 0 && whole === 0 ? '-' : ''}${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}%`;
}

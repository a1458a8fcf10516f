import { createHash } from 'node:crypto';

/** Digits only, a leading +86 / 86 country code removed; undefined when it cannot be a phone number. */
export function normalizePhone(raw: string): string | undefined {
  let digits = raw.replace(/\D/g, '');
  if (raw.trim().startsWith('+') || digits.length > 11) {
    if (digits.startsWith('0086')) digits = digits.slice(4);
    else if (digits.startsWith('86')) digits = digits.slice(2);
  }
  return /^\d{7,12}$/.test(digits) ? digits : undefined;
}

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string): string {
  if (phone.length <= 7) return `${phone.slice(0, 1)}****${phone.slice(-2)}`;
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** A stable reference to a phone number that does not reveal it. */
export function phoneDigest(normalized: string): string {
  return createHash('sha256').update(`phone:${normalized}`).digest('hex').slice(0, 32);
}

import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How a delivery is signed, and how a receiver checks it: HMAC-SHA256 with the subscriber's
 * secret over `<X-Timestamp>.<raw body>`, sent as `X-Signature: sha256=<hex>`. The timestamp is
 * inside the signature, so a receiver that refuses old timestamps refuses replays.
 */
export function signDelivery(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * The same delivery signed as Standard Webhooks (standardwebhooks.com) says, so receivers can use
 * its verifiers: `webhook-signature: v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">`.
 * The key is the secret's UTF-8 bytes: a verifier that takes a base64 secret is given
 * `base64(secret)` (see the README).
 */
export function standardSignature(secret: string, webhookId: string, timestamp: string, body: string): string {
  return `v1,${createHmac('sha256', secret).update(`${webhookId}.${timestamp}.${body}`).digest('base64')}`;
}

export interface VerifyOptions {
  /** How old (or how far ahead) a timestamp may be; 5 minutes unless said. */
  toleranceSeconds?: number;
  now?: Date;
}

/**
 * What a receiver does with a delivery, before parsing the body: recompute the signature over the
 * raw bytes, compare in constant time, and refuse a timestamp outside the tolerance.
 */
export function verifyDelivery(secret: string, headers: { timestamp?: string; signature?: string }, rawBody: string, options: VerifyOptions = {}): boolean {
  const { timestamp, signature } = headers;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || !signature) return false;
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - Number(timestamp)) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signDelivery(secret, timestamp, rawBody));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

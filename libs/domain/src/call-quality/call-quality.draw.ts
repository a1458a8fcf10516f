import { createHash, createHmac } from 'node:crypto';

/** A seed is 32 bytes written as 64 lowercase hex digits. */
export const SEED_PATTERN = /^[0-9a-f]{64}$/;

/** A call's rank in a draw: HMAC-SHA256 of its id under the seed's bytes, in hex. */
export function drawRank(seed: string, callId: string): string {
  if (!SEED_PATTERN.test(seed)) throw new Error('a draw seed is 64 lowercase hex digits');
  return createHmac('sha256', Buffer.from(seed, 'hex')).update(callId, 'utf8').digest('hex');
}

/**
 * The calls a seed draws from a population: each ranked by `drawRank`, lowest first (a tie, which
 * HMAC makes practically impossible, by call id), the first `sampleSize` taken. The population's
 * order does not matter, so nobody can steer the draw by the order calls were logged in.
 */
export function drawCalls(seed: string, population: readonly string[], sampleSize: number): string[] {
  return [...new Set(population)]
    .map((callId) => ({ callId, rank: drawRank(seed, callId) }))
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : a.callId < b.callId ? -1 : a.callId > b.callId ? 1 : 0))
    .slice(0, sampleSize)
    .map((r) => r.callId);
}

/** SHA-256 of the population's call ids, sorted by code unit and joined by `\n`: what an auditor compares first. */
export function populationDigest(population: readonly string[]): string {
  const sorted = [...new Set(population)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(sorted.join('\n'), 'utf8').digest('hex');
}

import type { PeriodKind } from '../appraisal/appraisal.events';

/**
 * The events of an agent's call-quality stream `call-quality-<agentId>`: the draws of their calls
 * to be listened to, one per period, and the reviewers' scores of the drawn calls.
 */

/**
 * `sampleSize` calls drawn from the `population` calls of the agent whose business day is in the
 * period, as known at `drawnAtPosition`. Anyone can redo the draw from the history and `seed`
 * (README "Call quality"): rank every call id by HMAC-SHA256(key = the seed's 32 bytes, message =
 * the call id), lowest first, and take the first `sampleSize`.
 */
export interface CallSampleDrawn {
  type: 'CallSampleDrawn';
  data: {
    agentId: string;
    teamId: string;
    /** `2026-10`, `2026-Q4` or `2026`. */
    period: string;
    periodKind: PeriodKind;
    /** Local dates, both inclusive. */
    from: string;
    to: string;
    /** The plan's time zone: a call's business day is the local date of its start in it. */
    timeZone: string;
    sampleSize: number;
    /** 32 bytes from the server's cryptographic random source, as 64 hex digits; never sent by a caller. */
    seed: string;
    /** The global position the population includes: CallLogged events at or before it. */
    drawnAtPosition: string;
    /** How many calls could have been drawn. */
    population: number;
    /** SHA-256 of the population's call ids sorted by code unit and joined by `\n`, in hex. */
    populationDigest: string;
    /** The drawn calls in draw order (lowest rank first). */
    callIds: string[];
    drawnBy: string;
    drawnAt: string;
  };
}

/** A reviewer's score of one drawn call, 0–100; the latest score of a call counts. */
export interface CallQualityScored {
  type: 'CallQualityScored';
  data: { agentId: string; period: string; callId: string; score: number; comment: string | null; scoredBy: string; scoredAt: string };
}

export type CallQualityEvent = CallSampleDrawn | CallQualityScored;

import type { AgentState } from '../agent/agent';
import { scoreAppraisal } from '../appraisal/appraisal.scoring';
import type { Actor } from '../roles';
import { specification } from '../testing/given-when-then';
import { HANDBOOK_PLAN } from '../../../../test/support/handbook-plan';
import {
  type CallQualityContext,
  decideDrawCallSample,
  decideScoreDrawnCall,
  type DrawCallSample,
  type DrawContext,
  requireDrawnForReview,
  type ScoreDrawnCall,
} from './call-quality.decide';
import { drawCalls, drawRank, populationDigest } from './call-quality.draw';
import type { CallQualityEvent, CallSampleDrawn } from './call-quality.events';
import { evolveCallQuality, initialCallQualityState, qualityFigure } from './call-quality.state';

const as = (sub: string, roles: string[], team?: string): Actor => ({ sub, roles, team });
const hr = as('h1', ['hr']);
const qa = as('q1', ['qa']);
const agentA1: AgentState = { hired: true, agentId: 'a1', name: 'A1', role: 'agent', teamId: 't1', hiredOn: '2026-01-05', planId: 'standard' };
const ZERO_SEED = '0'.repeat(64);
const POPULATION = ['c1', 'c2', 'c3', 'c4', 'c5'];

const givenDraws = specification(initialCallQualityState, evolveCallQuality, (c: DrawCallSample, s, x: DrawContext): CallQualityEvent[] =>
  decideDrawCallSample(c, s, x),
);
const givenScores = specification(initialCallQualityState, evolveCallQuality, (c: ScoreDrawnCall, s, x: CallQualityContext): CallQualityEvent[] =>
  decideScoreDrawnCall(c, s, x),
);
const drawContext = (extra: Partial<DrawContext> = {}): DrawContext => ({
  now: new Date('2026-11-02T09:00:00+08:00'),
  actor: hr,
  agent: agentA1,
  timeZone: 'Asia/Shanghai',
  population: POPULATION,
  upToPosition: '4711',
  seed: ZERO_SEED,
  ...extra,
});
const draw = (sampleSize = 2, period = '2026-10') => ({ type: 'DrawCallSample' as const, data: { agentId: 'a1', period, sampleSize } });

// HMAC-SHA256 under 32 zero bytes, as `openssl dgst -sha256 -mac HMAC -macopt hexkey:00…00` gives it:
// c3 2cc8…, c1 5e11…, c5 85bb…, c4 cb24…, c2 ec7f…
const DRAWN: CallSampleDrawn = {
  type: 'CallSampleDrawn',
  data: {
    agentId: 'a1',
    teamId: 't1',
    period: '2026-10',
    periodKind: 'month',
    from: '2026-10-01',
    to: '2026-10-31',
    timeZone: 'Asia/Shanghai',
    sampleSize: 2,
    seed: ZERO_SEED,
    drawnAtPosition: '4711',
    population: 5,
    populationDigest: populationDigest(POPULATION),
    callIds: ['c3', 'c1'],
    drawnBy: 'h1',
    drawnAt: '2026-11-02T01:00:00.000Z',
  },
};

describe('the draw', () => {
  it('ranks calls by HMAC-SHA256 of their ids under the seed, as openssl computes it', () => {
    expect(drawRank(ZERO_SEED, 'c3')).toBe('2cc846f96292453b99ffbd60f57116aedecf845d93e5ddc178a4f099bb8631bd');
    expect(drawCalls(ZERO_SEED, POPULATION, 5)).toEqual(['c3', 'c1', 'c5', 'c4', 'c2']);
  });

  it('does not depend on the order the calls come in, and takes all when there are fewer than asked', () => {
    expect(drawCalls(ZERO_SEED, [...POPULATION].reverse(), 2)).toEqual(['c3', 'c1']);
    expect(drawCalls(ZERO_SEED, ['c2', 'c4'], 5)).toEqual(['c4', 'c2']);
    expect(drawCalls(ZERO_SEED, [], 3)).toEqual([]);
  });

  it('draws other calls under another seed', () => {
    expect(drawCalls('f'.repeat(64), POPULATION, 2)).not.toEqual(drawCalls(ZERO_SEED, POPULATION, 2));
  });

  it('digests the population independently of its order', () => {
    expect(populationDigest(['b', 'a'])).toBe(populationDigest(['a', 'b']));
    expect(populationDigest(['a', 'b'])).not.toBe(populationDigest(['a', 'c']));
  });
});

describe('drawing calls for quality review', () => {
  it('records the seed, the position and the population with the calls the seed chose', () => {
    givenDraws([]).when(draw(), drawContext()).then([DRAWN]);
  });

  it('draws once per agent and period', () => {
    givenDraws([DRAWN]).when(draw(3), drawContext()).thenRefused('CALL_QUALITY.ALREADY_DRAWN', 'conflict');
  });

  it('waits for the period to end in the plan time zone', () => {
    givenDraws([])
      .when(draw(), drawContext({ now: new Date('2026-10-31T23:59:00+08:00') }))
      .thenRefused('CALL_QUALITY.PERIOD_NOT_ENDED', 'rule');
  });

  it('is for payroll or hr, never for the reviewers nor of oneself', () => {
    givenDraws([])
      .when(draw(), drawContext({ actor: qa }))
      .thenRefused('AUTH.ROLE_NOT_ALLOWED', 'forbidden');
    givenDraws([])
      .when(draw(), drawContext({ actor: as('a1', ['hr']) }))
      .thenRefused('CALL_QUALITY.OWN_CALLS', 'forbidden');
  });

  it('asks a sample size of 1–100, of a hired agent', () => {
    givenDraws([]).when(draw(0), drawContext()).thenRefused('CALL_QUALITY.INVALID_SAMPLE_SIZE', 'validation');
    givenDraws([]).when(draw(101), drawContext()).thenRefused('CALL_QUALITY.INVALID_SAMPLE_SIZE', 'validation');
    givenDraws([])
      .when(draw(), drawContext({ agent: { hired: false } }))
      .thenRefused('AGENT.UNKNOWN', 'rule');
  });
});

describe('scoring drawn calls', () => {
  const score = (callId: string, value = 80) => ({
    type: 'ScoreDrawnCall' as const,
    data: { agentId: 'a1', period: '2026-10', callId, score: value, comment: null },
  });
  const at = { now: new Date('2026-11-03T10:00:00+08:00'), actor: qa };

  it('scores a drawn call', () => {
    givenScores([DRAWN])
      .when(score('c1', 85), at)
      .then([
        {
          type: 'CallQualityScored',
          data: { agentId: 'a1', period: '2026-10', callId: 'c1', score: 85, comment: null, scoredBy: 'q1', scoredAt: '2026-11-03T02:00:00.000Z' },
        },
      ]);
  });

  it('refuses a call the draw did not choose, a period not drawn, a score out of range, and anyone but qa', () => {
    givenScores([DRAWN]).when(score('c2'), at).thenRefused('CALL_QUALITY.CALL_NOT_DRAWN', 'rule');
    givenScores([]).when(score('c1'), at).thenRefused('CALL_QUALITY.NOT_DRAWN', 'rule');
    givenScores([DRAWN]).when(score('c1', 101), at).thenRefused('CALL_QUALITY.INVALID_SCORE', 'validation');
    givenScores([DRAWN])
      .when(score('c1'), { ...at, actor: hr })
      .thenRefused('AUTH.ROLE_NOT_ALLOWED', 'forbidden');
  });

  it('sums the latest score of each drawn call into the period figure', () => {
    const scored = (callId: string, value: number): CallQualityEvent => ({
      type: 'CallQualityScored',
      data: { agentId: 'a1', period: '2026-10', callId, score: value, comment: null, scoredBy: 'q1', scoredAt: '2026-11-03T02:00:00.000Z' },
    });
    const state = [DRAWN, scored('c1', 40), scored('c1', 70)].reduce(evolveCallQuality, initialCallQualityState);
    expect(qualityFigure(state, '2026-10')).toEqual({ sampled: 2, scored: 1, points: 70 });
    expect(qualityFigure(evolveCallQuality(state, scored('c3', 95)), '2026-10')).toEqual({ sampled: 2, scored: 2, points: 165 });
    expect(qualityFigure(state, '2026-11')).toBeUndefined();
  });
});

describe('reclassification by a reviewer', () => {
  const state = evolveCallQuality(initialCallQualityState, DRAWN);
  it('is allowed for a drawn call only; supervisors, managers and directors keep their rights', () => {
    expect(() => requireDrawnForReview(qa, state, 'c1')).not.toThrow();
    expect(() => requireDrawnForReview(qa, state, 'c2')).toThrow(expect.objectContaining({ code: 'CALL_QUALITY.CALL_NOT_DRAWN' }));
    expect(() => requireDrawnForReview(as('m1', ['manager', 'qa']), state, 'c2')).not.toThrow();
  });
});

describe('call quality in the appraisal score', () => {
  const figures = { dials: 1650, effectiveCalls: 231, deals: 3, targets: { dials: 2200, effectiveCalls: 220 } };
  it('weighs the mean score of the drawn calls, exactly', () => {
    const rules = { weights: { dials: 20, effectiveCalls: 20, deals: 20, ability: 10, attitude: 10, quality: 20 }, bands: HANDBOOK_PLAN.appraisal.bands };
    // quality 250/3 = 83.333…; 20 × 75 + 20 × 100 + 20 × 75 + 10 × 80 + 10 × 90 + 20 × 83.333… = 8366.66… → 83.67, A.
    expect(scoreAppraisal({ figures: { ...figures, quality: { calls: 3, points: 250 } }, mostDealsInPeriod: 4, ability: 80, attitude: 90 }, rules)).toEqual({
      items: { dials: 75, effectiveCalls: 100, deals: 75, ability: 80, attitude: 90, quality: 83.33 },
      score: 83.67,
      band: 'A',
    });
  });

  it('leaves a plan without the weight, or with weight 0, scoring as before', () => {
    const before = { items: { dials: 75, effectiveCalls: 100, deals: 75, ability: 80, attitude: 90 }, score: 84, band: 'A' };
    expect(scoreAppraisal({ figures, mostDealsInPeriod: 4, ability: 80, attitude: 90 }, HANDBOOK_PLAN.appraisal)).toEqual(before);
    const zero = { ...HANDBOOK_PLAN.appraisal, weights: { ...HANDBOOK_PLAN.appraisal.weights, quality: 0 } };
    expect(scoreAppraisal({ figures, mostDealsInPeriod: 4, ability: 80, attitude: 90 }, zero)).toEqual(before);
  });
});

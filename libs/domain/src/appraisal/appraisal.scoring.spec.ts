import { DomainError } from '../errors';
import { HANDBOOK_PLAN } from '../../../../test/support/handbook-plan';
import type { AppraisalRules } from './appraisal.events';
import { assertWorkResults, bandFor, scoreAppraisal, specialistRules } from './appraisal.scoring';
import { specialistNumbersTarget } from './appraisal.specialist';

const equalWeights = HANDBOOK_PLAN.appraisal; // 20 each; bands S 90, A 80, B 70, C 60
const targets = { dials: 2200, effectiveCalls: 220 };

describe('scoring an appraisal', () => {
  it('weights each item, a work item being capped at 100 % of its target', () => {
    // dials 1650/2200 = 75; effective 231/220 → capped at 100; deals 3 of the best 4 = 75; ability 80; attitude 90.
    // 0.2 × (75 + 100 + 75 + 80 + 90) = 84.00 → A.
    expect(
      scoreAppraisal({ figures: { dials: 1650, effectiveCalls: 231, deals: 3, targets }, mostDealsInPeriod: 4, ability: 80, attitude: 90 }, equalWeights),
    ).toEqual({
      items: { dials: 75, effectiveCalls: 100, deals: 75, ability: 80, attitude: 90 },
      score: 84,
      band: 'A',
    });
  });

  it('computes exactly and rounds half-up once, at the end', () => {
    const rules: AppraisalRules = { weights: { dials: 30, effectiveCalls: 30, deals: 10, ability: 15, attitude: 15 }, bands: equalWeights.bands };
    // dials 2000/2200 = 90.9090…; effective 200/220 = 90.9090…; deals: nobody closed one → 100; ability 70; attitude 65.
    // 30 × 90.9090… × 2 + 10 × 100 + 15 × 70 + 15 × 65 = 8479.5454… hundredths → 84.80 (not 84.79).
    expect(
      scoreAppraisal({ figures: { dials: 2000, effectiveCalls: 200, deals: 0, targets }, mostDealsInPeriod: 0, ability: 70, attitude: 65 }, rules),
    ).toEqual({
      items: { dials: 90.91, effectiveCalls: 90.91, deals: 100, ability: 70, attitude: 65 },
      score: 84.8,
      band: 'A',
    });
    // 1 dial of 200 scores 0.5; weighted 1 × 0.5 = 0.005 points, half a hundredth: rounds up to 0.01.
    const tiny: AppraisalRules = { weights: { dials: 1, effectiveCalls: 19, deals: 20, ability: 30, attitude: 30 }, bands: equalWeights.bands };
    expect(
      scoreAppraisal(
        { figures: { dials: 1, effectiveCalls: 0, deals: 0, targets: { dials: 200, effectiveCalls: 10 } }, mostDealsInPeriod: 5, ability: 0, attitude: 0 },
        tiny,
      ),
    ).toEqual({
      items: { dials: 0.5, effectiveCalls: 0, deals: 0, ability: 0, attitude: 0 },
      score: 0.01,
      band: 'D',
    });
  });

  it('takes a target of zero as met', () => {
    const result = scoreAppraisal(
      { figures: { dials: 0, effectiveCalls: 0, deals: 0, targets: { dials: 0, effectiveCalls: 0 } }, mostDealsInPeriod: 0, ability: 100, attitude: 100 },
      equalWeights,
    );
    expect(result).toEqual({ items: { dials: 100, effectiveCalls: 100, deals: 100, ability: 100, attitude: 100 }, score: 100, band: 'S' });
  });

  it('refuses weights that are not whole numbers', () => {
    const rules = { ...equalWeights, weights: { ...equalWeights.weights, dials: 19.5, ability: 20.5 } };
    expect(() => scoreAppraisal({ figures: { dials: 0, effectiveCalls: 0, deals: 0, targets }, mostDealsInPeriod: 0, ability: 0, attitude: 0 }, rules)).toThrow(
      expect.objectContaining({ code: 'APPRAISAL.INVALID_WEIGHTS' }),
    );
  });
});

describe('the band of a score', () => {
  it('is the highest band whose threshold is at or below the score, else D', () => {
    const bands = equalWeights.bands;
    expect(bandFor(90, bands)).toBe('S');
    expect(bandFor(89.99, bands)).toBe('A');
    expect(bandFor(80, bands)).toBe('A');
    expect(bandFor(70, bands)).toBe('B');
    expect(bandFor(69.99, bands)).toBe('C');
    expect(bandFor(60, bands)).toBe('C');
    expect(bandFor(59.99, bands)).toBe('D');
    expect(bandFor(0, bands)).toBe('D');
  });
});

describe('work results passed in', () => {
  const ok = { figures: { dials: 10, effectiveCalls: 1, deals: 1, targets }, mostDealsInPeriod: 2, upToPosition: '42' };
  const refusal = (results: unknown) => {
    try {
      assertWorkResults(results as typeof ok);
    } catch (e) {
      return e as DomainError;
    }
    throw new Error('accepted');
  };

  it('are counts up to a position', () => {
    expect(() => assertWorkResults(ok)).not.toThrow();
    expect(refusal({ ...ok, figures: { ...ok.figures, dials: -1 } })).toMatchObject({
      code: 'APPRAISAL.INVALID_FIGURES',
      category: 'validation',
      details: { field: 'figures.dials' },
    });
    expect(refusal({ ...ok, figures: { ...ok.figures, targets: { dials: 1.5, effectiveCalls: 1 } } })).toMatchObject({
      details: { field: 'figures.targets.dials' },
    });
    expect(refusal({ ...ok, upToPosition: 42 })).toMatchObject({ code: 'APPRAISAL.INVALID_FIGURES', details: { field: 'upToPosition' } });
  });

  it('cannot give the agent more deals than the most anyone closed', () => {
    expect(refusal({ ...ok, mostDealsInPeriod: 0 })).toMatchObject({ code: 'APPRAISAL.INCONSISTENT_FIGURES', category: 'rule' });
  });
});

describe("a specialist's score (issue 12)", () => {
  const plan = { weights: { dials: 20, effectiveCalls: 20, deals: 20, ability: 20, attitude: 20 }, bands: { S: 90, A: 80, B: 70, C: 60 } };

  it('gives the call items’ weight to the numbers registered and weighs calls 0', () => {
    expect(specialistRules(plan).weights).toEqual({ dials: 0, effectiveCalls: 0, deals: 20, ability: 20, attitude: 20, registeredNumbers: 40 });
  });

  it('scores numbers against 100 a week and deals against the most any specialist closed', () => {
    // 354 of 443 numbers: 79.9097…; 2 of 4 deals: 50. 0.4 × 79.9097 + 0.2 × 50 + 0.2 × 80 + 0.2 × 90 = 75.9639 → 75.96, band B.
    const figures = { dials: 0, effectiveCalls: 0, deals: 2, registeredNumbers: 354, targets: { dials: 0, effectiveCalls: 0, registeredNumbers: 443 } };
    const result = scoreAppraisal({ figures, mostDealsInPeriod: 4, ability: 80, attitude: 90 }, specialistRules(plan));
    expect(result).toEqual({
      items: { dials: 100, effectiveCalls: 100, deals: 50, ability: 80, attitude: 90, registeredNumbers: 79.91 },
      score: 75.96,
      band: 'B',
    });
  });

  it('prorates the numbers target by calendar days employed: a 31-day month is 443, hired on the 16th 229', () => {
    expect(specialistNumbersTarget('2026-10-01', '2026-10-31', '2026-01-05')).toBe(443);
    expect(specialistNumbersTarget('2026-10-01', '2026-10-31', '2026-10-16')).toBe(229);
  });
});

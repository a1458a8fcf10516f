import type { CompensationPlan } from '../plan/plan';
import { decideFinalizeAppraisal, decideReviseAppraisal } from './appraisal.decide';
import type { AppraisalEvent, AppraisalFinalized } from './appraisal.events';
import { evolveAppraisal, initialAppraisalState } from './appraisal.state';
import { appealFiled, appealResolved, augustResults, feedback, HANDBOOK_PLAN, hr, opened, scored, supervisor } from './appraisal.testing';

/**
 * Call quality as an appraisal item (「考核通话质量」), in a plan that weighs it 20 (dials 20,
 * effective calls 20, deals 20, ability 10, attitude 10). August: 1,650 of 2,200 dials (75), 198 of
 * 220 effective calls (90), 3 deals where the best closed 4 (75), ability 70, attitude 85; the 3
 * drawn calls scored 80, 70 and 60 (210 points, 70):
 *   20 × 75 + 20 × 90 + 20 × 75 + 10 × 70 + 10 × 85 + 20 × 70 = 7750 hundredths → 77.50, B.
 */
const plan: CompensationPlan = {
  ...HANDBOOK_PLAN,
  appraisal: { ...HANDBOOK_PLAN.appraisal, weights: { dials: 20, effectiveCalls: 20, deals: 20, ability: 10, attitude: 10, quality: 20 } },
};
const state = (events: AppraisalEvent[]) => events.reduce(evolveAppraisal, initialAppraisalState);
const finalize = (quality = { sampled: 3, scored: 3, points: 210 }) =>
  decideFinalizeAppraisal({ type: 'FinalizeAppraisal', data: {} }, state([opened, scored]), {
    now: new Date('2026-09-28T10:00:00+08:00'),
    actor: hr,
    appraisalId: 'ap1',
    plan,
    workResults: { ...augustResults, quality },
  });

describe('call quality in an appraisal', () => {
  it('freezes the figure and weighs its mean', () => {
    const [event] = finalize();
    expect(event.data).toMatchObject({
      rules: { weights: { quality: 20 } },
      figures: { ...augustResults.figures, quality: { calls: 3, points: 210 } },
      items: { dials: 75, effectiveCalls: 90, deals: 75, ability: 70, attitude: 85, quality: 70 },
      score: 77.5,
      band: 'B',
    });
  });

  it('is not finalized before every drawn call is scored, nor without a draw', () => {
    expect(() => finalize({ sampled: 3, scored: 2, points: 150 })).toThrow(
      expect.objectContaining({ code: 'APPRAISAL.QUALITY_NOT_SCORED', message: expect.stringContaining('1 of the 3 calls') }),
    );
    expect(() =>
      decideFinalizeAppraisal({ type: 'FinalizeAppraisal', data: {} }, state([opened, scored]), {
        now: new Date('2026-09-28T10:00:00+08:00'),
        actor: hr,
        plan,
        workResults: augustResults,
      }),
    ).toThrow(expect.objectContaining({ code: 'APPRAISAL.QUALITY_NOT_SCORED' }));
  });

  it('keeps the quality figure through a revision after an upheld appeal', () => {
    const [finalized] = finalize();
    const history = [opened, scored, finalized as AppraisalFinalized, feedback, appealFiled(), appealResolved()];
    // Three more effective calls after the appeal: 201 of 220 = 91.3636…; 7750 + 20 × 1.3636… = 7777.27… → 77.77.
    const revised = {
      ...augustResults,
      figures: { ...augustResults.figures, effectiveCalls: 201 },
      upToPosition: '1300',
      quality: { sampled: 3, scored: 3, points: 210 },
    };
    const [event] = decideReviseAppraisal({ type: 'ReviseAppraisal', data: { appealId: 'appeal1' } }, state(history), {
      now: new Date('2026-10-12T10:00:00+08:00'),
      actor: supervisor,
      appraisalId: 'ap1',
      workResults: revised,
    });
    expect(event.data).toMatchObject({
      figures: { effectiveCalls: 201, quality: { calls: 3, points: 210 } },
      items: { quality: 70 },
      score: 77.77,
      previousScore: 77.5,
    });
  });
});

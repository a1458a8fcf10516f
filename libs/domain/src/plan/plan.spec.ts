import { specification } from '../testing/given-when-then';
import { type CompensationPlan, decidePublishPlan, evolvePlan, initialPlanState, type PlanEvent, planVersionFor } from './plan';
import { HANDBOOK_PLAN } from '../../../../test/support/handbook-plan';

const standardPlan = HANDBOOK_PLAN;
const decide = (command: { type: 'PublishCompensationPlan'; data: CompensationPlan }, state: typeof initialPlanState) => decidePublishPlan(command, state);
const given = specification(initialPlanState, evolvePlan, decide);
const published = (plan: CompensationPlan): PlanEvent => ({ type: 'CompensationPlanPublished', data: plan });
const publish = (plan: CompensationPlan) => ({ type: 'PublishCompensationPlan' as const, data: plan });

describe('compensation plans', () => {
  it('publishes versions upwards and never replaces one', () => {
    const v2 = { ...standardPlan, version: 2, effectiveFrom: '2026-07-01' };
    given([])
      .when(publish(standardPlan), undefined)
      .then([published(standardPlan)]);
    given([published(standardPlan)])
      .when(publish(v2), undefined)
      .then([published(v2)]);
    given([published(standardPlan)])
      .when(publish({ ...standardPlan, baseFen: { probation: 1, regular: 2 } }), undefined)
      .thenRefused('PLAN.VERSION_EXISTS', 'conflict');
    given([published(v2)])
      .when(publish(standardPlan), undefined)
      .thenRefused('PLAN.VERSION_NOT_INCREASING', 'rule');
  });

  it('refuses appraisal weights that do not add up to 100 and bands that do not descend', () => {
    const weights = { ...standardPlan.appraisal.weights, ability: 30 };
    given([])
      .when(publish({ ...standardPlan, appraisal: { ...standardPlan.appraisal, weights } }), undefined)
      .thenRefused('PLAN.WEIGHTS_NOT_100');
    const bands = { S: 90, A: 95, B: 70, C: 60 };
    given([])
      .when(publish({ ...standardPlan, appraisal: { ...standardPlan.appraisal, bands } }), undefined)
      .thenRefused('PLAN.BANDS_NOT_DESCENDING');
  });

  it('prices a month by the highest version in force on its first day', () => {
    const v2 = { ...standardPlan, version: 2, effectiveFrom: '2026-07-01' };
    const v3 = { ...standardPlan, version: 3, effectiveFrom: '2026-07-02' };
    expect(planVersionFor([standardPlan, v2, v3], '2026-06')?.version).toBe(1);
    expect(planVersionFor([standardPlan, v2, v3], '2026-07')?.version).toBe(2);
    expect(planVersionFor([standardPlan, v2, v3], '2026-08')?.version).toBe(3);
    expect(planVersionFor([v2], '2026-06')).toBeUndefined();
  });
});

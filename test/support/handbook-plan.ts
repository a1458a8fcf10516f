import type { CompensationPlan } from '@app/domain';

/**
 * The compensation plan of API.md, with the handbook's numbers: 100 dials and 10 effective
 * calls a day over 22 working days, 2.00 per effective call above target, 5 % / 15 % commission,
 * follow-ups every 3 / 7 / 30 / 90 days by grade.
 */
export const HANDBOOK_PLAN: CompensationPlan = {
  planId: 'standard',
  version: 1,
  effectiveFrom: '2026-01-01',
  timezone: 'Asia/Shanghai',
  probationMonths: 3,
  baseFen: { probation: 50000, regular: 150000 },
  workingDaysPerMonth: 22,
  dailyTargets: { dials: 100, effectiveCalls: 10, talkMinutes: null },
  probationDailyTargets: null,
  effectiveCallBonusFen: 200,
  shortfallDeduction: { mode: 'proportional', maxRatioBasisPoints: 10000 },
  dealCommissionBasisPoints: { agent: 500, specialist: 1500 },
  leadFeeFen: { specialistPays: 300, agentReceives: 200 },
  awardsFen: { topEffectiveCalls: 10000, topDeals: 10000 },
  allowancesFen: { transport: 0, communication: 0 },
  followUpDays: { A: 3, B: 7, C: 30, D: 90 },
  appraisal: {
    weights: { dials: 20, effectiveCalls: 20, deals: 20, ability: 20, attitude: 20 },
    bands: { S: 90, A: 80, B: 70, C: 60 },
  },
};

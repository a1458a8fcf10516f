import type { DailyDiscipline } from '../discipline/discipline.rules';
import { conflict, ruleBroken } from '../errors';

/** The parameters of API.md "A compensation plan"; money in fen, rates in basis points. */
export interface CompensationPlan {
  planId: string;
  version: number;
  effectiveFrom: string;
  timezone: string;
  probationMonths: number;
  baseFen: { probation: number; regular: number };
  workingDaysPerMonth: number;
  dailyTargets: DailyTargets;
  probationDailyTargets: DailyTargets | null;
  effectiveCallBonusFen: number;
  shortfallDeduction: { mode: 'proportional'; maxRatioBasisPoints: number };
  dealCommissionBasisPoints: { agent: number; specialist: number };
  leadFeeFen: { specialistPays: number; agentReceives: number };
  awardsFen: { topEffectiveCalls: number; topDeals: number };
  allowancesFen: { transport: number; communication: number };
  followUpDays: { A: number; B: number; C: number; D: number };
  appraisal: {
    weights: { dials: number; effectiveCalls: number; deals: number; ability: number; attitude: number };
    bands: { S: number; A: number; B: number; C: number };
  };
  /** The work log's and the plans' deadlines; absent means the handbook's (`HANDBOOK_DAILY_DISCIPLINE`). */
  dailyDiscipline?: DailyDiscipline;
}

export interface DailyTargets {
  dials: number;
  effectiveCalls: number;
  talkMinutes: number | null;
}

export interface CompensationPlanPublished {
  type: 'CompensationPlanPublished';
  data: CompensationPlan;
}
export type PlanEvent = CompensationPlanPublished;

export interface PlanState {
  versions: CompensationPlan[];
}
export const initialPlanState: PlanState = { versions: [] };

export function evolvePlan(state: PlanState, event: PlanEvent): PlanState {
  switch (event.type) {
    case 'CompensationPlanPublished':
      return { versions: [...state.versions, event.data] };
    default: {
      const unknown: never = event.type;
      return unknown;
    }
  }
}

export interface PublishCompensationPlan {
  type: 'PublishCompensationPlan';
  data: CompensationPlan;
}

/** Versions are immutable and only ever added, each above the last. */
export function decidePublishPlan(command: PublishCompensationPlan, state: PlanState): PlanEvent[] {
  const plan = command.data;
  if (state.versions.some((v) => v.version === plan.version)) {
    throw conflict('PLAN.VERSION_EXISTS', `plan ${plan.planId} version ${plan.version} is already published`, {
      planId: plan.planId,
      version: plan.version,
    });
  }
  const latest = Math.max(0, ...state.versions.map((v) => v.version));
  if (plan.version < latest) {
    throw ruleBroken('PLAN.VERSION_NOT_INCREASING', `plan ${plan.planId} is at version ${latest}; a new version must be higher`, {
      latestVersion: latest,
    });
  }
  const w = plan.appraisal.weights;
  const weightSum = w.dials + w.effectiveCalls + w.deals + w.ability + w.attitude;
  if (weightSum !== 100) {
    throw ruleBroken('PLAN.WEIGHTS_NOT_100', `appraisal weights must add up to 100, not ${weightSum}`, {
      field: 'appraisal.weights',
    });
  }
  const b = plan.appraisal.bands;
  if (!(b.S > b.A && b.A > b.B && b.B > b.C)) {
    throw ruleBroken('PLAN.BANDS_NOT_DESCENDING', 'appraisal bands must descend: S > A > B > C', {
      field: 'appraisal.bands',
    });
  }
  return [{ type: 'CompensationPlanPublished', data: plan }];
}

/** The version that prices a month: the highest whose effectiveFrom is on or before the month's first day. */
export function planVersionFor(versions: readonly CompensationPlan[], month: string): CompensationPlan | undefined {
  const firstDay = `${month}-01`;
  return versions
    .filter((v) => v.effectiveFrom <= firstDay)
    .reduce<CompensationPlan | undefined>((best, v) => (!best || v.version > best.version ? v : best), undefined);
}

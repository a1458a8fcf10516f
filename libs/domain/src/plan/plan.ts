import type { DailyDiscipline } from '../discipline/discipline.rules';
import { conflict, ruleBroken } from '../errors';
import type { FollowUpDays, FollowUpDuties } from './follow-up';

/** The parameters of API.md "A compensation plan"; money in fen, rates in basis points. */
export interface CompensationPlan {
  planId: string;
  version: number;
  effectiveFrom: string;
  timezone: string;
  probationMonths: number;
  baseFen: { probation: number; regular: number };
  workingDaysPerMonth: number;
  /**
   * How many shifts a full month's targets count: `workingDaysPerMonth` (the handbook's 22,
   * 「按22天班计算」; also when absent) or `workingDays`, the month's working days in the calendar.
   */
  monthlyTargetBasis?: MonthlyTargetBasis;
  /**
   * How a month partly employed (hired in it, or probation ending in it) is prorated:
   * `calendarDays` (also when absent: every plan published before this field existed) or
   * `workingDays`, the working days employed over the month's working days.
   */
  partMonthBasis?: PartMonthBasis;
  dailyTargets: DailyTargets;
  probationDailyTargets: DailyTargets | null;
  effectiveCallBonusFen: number;
  shortfallDeduction: { mode: 'proportional'; maxRatioBasisPoints: number };
  dealCommissionBasisPoints: { agent: number; specialist: number };
  leadFeeFen: { specialistPays: number; agentReceives: number };
  awardsFen: { topEffectiveCalls: number; topDeals: number };
  allowancesFen: { transport: number; communication: number };
  /** The plan's lead categories (its keys, A–D in the handbook plan) and each one's cadence. */
  followUpDays: FollowUpDays;
  /** The handbooks' dated duties; absent means `DEFAULT_FOLLOW_UP_DUTIES`. */
  followUpDuties?: FollowUpDuties;
  appraisal: {
    /** `quality`: the weight of call quality (「随机抽查电话录音,考核通话质量」); a plan without it scores as before. */
    weights: { dials: number; effectiveCalls: number; deals: number; ability: number; attitude: number; quality?: number };
    bands: { S: number; A: number; B: number; C: number };
  };
  /** The work log's and the plans' deadlines; absent means the handbook's (`HANDBOOK_DAILY_DISCIPLINE`). */
  dailyDiscipline?: DailyDiscipline;
}

export const MONTHLY_TARGET_BASES = ['workingDaysPerMonth', 'workingDays'] as const;
export type MonthlyTargetBasis = (typeof MONTHLY_TARGET_BASES)[number];
export const PART_MONTH_BASES = ['calendarDays', 'workingDays'] as const;
export type PartMonthBasis = (typeof PART_MONTH_BASES)[number];

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
  const weightSum = w.dials + w.effectiveCalls + w.deals + w.ability + w.attitude + (w.quality ?? 0);
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

import type {
  AppealClaim,
  AppealDecision,
  AppraisalBand,
  AppraisalEvent,
  AppraisalOpened,
  AppraisalFigures,
  AppraisalRules,
  ItemScores,
} from './appraisal.events';

/** The figures and the score they give: as finalized, then as revised after an appeal. */
export interface AppraisalResult {
  figures: AppraisalFigures;
  mostDealsInPeriod: number;
  upToPosition: string;
  items: ItemScores;
  score: number;
  band: AppraisalBand;
}

export interface AppealRecord {
  appealId: string;
  claims: AppealClaim[];
  filedAt: string;
  status: 'open' | 'resolved';
  decision: AppealDecision | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

export type AppraisalState = { opened: false } | OpenedAppraisal;

/** What AppraisalOpened said of it (but who opened it), and what happened since. */
export interface OpenedAppraisal extends Omit<AppraisalOpened['data'], 'openedBy'> {
  opened: true;
  scores: { ability: number; attitude: number; comment: string | null; scoredBy: string } | null;
  finalized: {
    finalizedAt: string;
    finalizedBy: string;
    planVersion: number;
    timeZone: string;
    rules: AppraisalRules;
    feedbackDueOn: string;
    /** The appraisal as at finalization; `result` is as of now. */
    result: AppraisalResult;
  } | null;
  result: AppraisalResult | null;
  feedback: { givenAt: string; givenBy: string; improvementPlan: string | null; late: boolean; appealDeadline: string } | null;
  appeals: ReadonlyMap<string, AppealRecord>;
  /** At most one appeal is open at a time. */
  openAppealId: string | null;
  archived: { archivedAt: string; archivedBy: string } | null;
}

export const initialAppraisalState: AppraisalState = { opened: false };

export type AppraisalStage = 'opened' | 'scored' | 'finalized' | 'feedback_given' | 'under_appeal' | 'archived';

/** Where the appraisal is in its lifecycle: opened → scored → finalized → feedback given (→ under appeal) → archived. */
export function appraisalStage(state: OpenedAppraisal): AppraisalStage {
  if (state.archived) return 'archived';
  if (state.openAppealId) return 'under_appeal';
  if (state.feedback) return 'feedback_given';
  if (state.finalized) return 'finalized';
  return state.scores ? 'scored' : 'opened';
}

const withAppeal = (state: OpenedAppraisal, appeal: AppealRecord) => new Map(state.appeals).set(appeal.appealId, appeal);

export function evolveAppraisal(state: AppraisalState, event: AppraisalEvent): AppraisalState {
  if (event.type === 'AppraisalOpened') {
    const { appraisalId, agentId, teamId, period, periodKind, from, to, planId } = event.data;
    return {
      ...(event.data.role && { role: event.data.role }),
      opened: true,
      appraisalId,
      agentId,
      teamId,
      period,
      periodKind,
      from,
      to,
      planId,
      scores: null,
      finalized: null,
      result: null,
      feedback: null,
      appeals: new Map(),
      openAppealId: null,
      archived: null,
    };
  }
  if (!state.opened) return state;
  switch (event.type) {
    case 'AppraisalScored': {
      const { ability, attitude, comment, scoredBy } = event.data;
      return { ...state, scores: { ability, attitude, comment, scoredBy } };
    }
    case 'AppraisalFinalized': {
      const { finalizedAt, finalizedBy, planVersion, timeZone, rules, feedbackDueOn, figures, mostDealsInPeriod, upToPosition, items, score, band } =
        event.data;
      const result: AppraisalResult = { figures, mostDealsInPeriod, upToPosition, items, score, band };
      return { ...state, finalized: { finalizedAt, finalizedBy, planVersion, timeZone, rules, feedbackDueOn, result }, result };
    }
    case 'AppraisalFeedbackGiven': {
      const { givenAt, givenBy, improvementPlan, late, appealDeadline } = event.data;
      return { ...state, feedback: { givenAt, givenBy, improvementPlan, late, appealDeadline } };
    }
    case 'AppealFiled': {
      const { appealId, claims, filedAt } = event.data;
      const appeal: AppealRecord = { appealId, claims, filedAt, status: 'open', decision: null, resolvedBy: null, resolvedAt: null };
      return { ...state, appeals: withAppeal(state, appeal), openAppealId: appealId };
    }
    case 'AppealResolved': {
      const appeal = state.appeals.get(event.data.appealId);
      if (!appeal) return state;
      const { decision, resolvedBy, resolvedAt } = event.data;
      return {
        ...state,
        appeals: withAppeal(state, { ...appeal, status: 'resolved', decision, resolvedBy, resolvedAt }),
        openAppealId: state.openAppealId === appeal.appealId ? null : state.openAppealId,
      };
    }
    case 'AppraisalRevised': {
      const { figures, mostDealsInPeriod, upToPosition, items, score, band } = event.data;
      return { ...state, result: { figures, mostDealsInPeriod, upToPosition, items, score, band } };
    }
    case 'AppraisalArchived':
      return { ...state, archived: { archivedAt: event.data.archivedAt, archivedBy: event.data.archivedBy } };
    case 'ArchivedAppraisalRead':
      return state;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

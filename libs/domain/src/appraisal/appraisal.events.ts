/**
 * The events of an appraisal's stream `appraisal-<appraisalId>` (DOMAIN.md "Appraisals and
 * appeals"). Who caused each event is also in its metadata; the data carries the decisive facts
 * so that a projection or an auditor needs nothing else.
 */

export const PERIOD_KINDS = ['month', 'quarter', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export const APPRAISAL_BANDS = ['S', 'A', 'B', 'C', 'D'] as const;
export type AppraisalBand = (typeof APPRAISAL_BANDS)[number];

export const APPEAL_DECISIONS = ['upheld', 'partly_upheld', 'rejected'] as const;
export type AppealDecision = (typeof APPEAL_DECISIONS)[number];

/** The work results of the period, named as in the quota rows; read from the read models by the caller. */
export interface AppraisalFigures {
  dials: number;
  effectiveCalls: number;
  deals: number;
  /** A specialist's new, non-duplicate numbers registered in the period; absent for an agent. */
  registeredNumbers?: number;
  /**
   * The period's targets (the monthly targets summed over the period's months); a specialist has
   * no dial targets (0) and `registeredNumbers`: 100 a week, prorated by the days employed.
   */
  targets: { dials: number; effectiveCalls: number; registeredNumbers?: number };
  /** Call quality, when the plan weighs it: the calls drawn for the period and the sum of their reviewers' scores. */
  quality?: { calls: number; points: number };
}

/** Each item's score, 0–100 with 2 decimals, before weighting. */
export interface ItemScores {
  dials: number;
  effectiveCalls: number;
  deals: number;
  ability: number;
  attitude: number;
  /** The mean score of the period's drawn calls, when the plan weighs call quality. */
  quality?: number;
  /** A specialist's numbers item; absent for an agent. */
  registeredNumbers?: number;
}

/** The plan's `appraisal` parameters that priced the score (weights add up to 100). */
export interface AppraisalRules {
  /** A specialist's: `registeredNumbers` is set (and the call items weigh 0), see `specialistRules`. */
  weights: { dials: number; effectiveCalls: number; deals: number; ability: number; attitude: number; quality?: number; registeredNumbers?: number };
  bands: { S: number; A: number; B: number; C: number };
}

/** One disputed item: what the agent says and the events it is about (e.g. three CallLogged ids). */
export interface AppealClaim {
  text: string;
  eventIds: string[];
}

/** A command to run as part of an upheld appeal, e.g. `{ command: 'ReclassifyCall', callId, outcome, reason }`. */
export interface AppealCorrection {
  command: string;
  [field: string]: unknown;
}

export interface AppraisalOpened {
  type: 'AppraisalOpened';
  data: {
    appraisalId: string;
    agentId: string;
    teamId: string;
    /** `2026-10`, `2026-Q4` or `2026`. */
    period: string;
    periodKind: PeriodKind;
    /** Local dates, both inclusive. */
    from: string;
    to: string;
    planId: string;
    openedBy: string;
    /** `specialist` when the appraised person is one (scored on their own figures); absent for an agent. */
    role?: 'specialist';
  };
}

/** Ability and attitude, 0–100; scored again as often as needed until finalized. */
export interface AppraisalScored {
  type: 'AppraisalScored';
  data: { appraisalId: string; ability: number; attitude: number; comment: string | null; scoredBy: string };
}

/**
 * The score is a number of points 0–100 with at most 2 decimals (84.8 means 84.80), computed
 * exactly and rounded half-up once; `items` are each item's points, rounded for display.
 */
export interface AppraisalFinalized {
  type: 'AppraisalFinalized';
  data: {
    appraisalId: string;
    finalizedAt: string;
    finalizedBy: string;
    planId: string;
    planVersion: number;
    /** The plan's time zone: the local dates of feedback and appeals are taken in it. */
    timeZone: string;
    rules: AppraisalRules;
    figures: AppraisalFigures;
    /** The most deals any agent closed in the period: the deals item is measured against it. */
    mostDealsInPeriod: number;
    /** The global position the figures include (a bigint as a string). */
    upToPosition: string;
    ability: number;
    attitude: number;
    items: ItemScores;
    score: number;
    band: AppraisalBand;
    /** Feedback is due within 3 calendar days of the local date of finalization. */
    feedbackDueOn: string;
  };
}

export interface AppraisalFeedbackGiven {
  type: 'AppraisalFeedbackGiven';
  data: {
    appraisalId: string;
    givenAt: string;
    improvementPlan: string | null;
    givenBy: string;
    /** Given after `feedbackDueOn`. */
    late: boolean;
    /** The last local date an appeal is accepted: the 7th working day after the local date of `givenAt`. */
    appealDeadline: string;
  };
}

export interface AppealFiled {
  type: 'AppealFiled';
  data: { appraisalId: string; appealId: string; agentId: string; claims: AppealClaim[]; filedAt: string };
}

export interface AppealResolved {
  type: 'AppealResolved';
  data: {
    appraisalId: string;
    appealId: string;
    decision: AppealDecision;
    reason: string;
    /** Empty when rejected. The caller runs them; their events land on their own streams. */
    corrections: AppealCorrection[];
    resolvedBy: string;
    resolvedAt: string;
  };
}

/** New figures after an appeal's corrections ran, scored with the rules of finalization. */
export interface AppraisalRevised {
  type: 'AppraisalRevised';
  data: {
    appraisalId: string;
    causationAppealId: string;
    figures: AppraisalFigures;
    mostDealsInPeriod: number;
    upToPosition: string;
    items: ItemScores;
    score: number;
    band: AppraisalBand;
    previousScore: number;
    previousBand: AppraisalBand;
    revisedAt: string;
    revisedBy: string;
  };
}

export interface AppraisalArchived {
  type: 'AppraisalArchived';
  data: { appraisalId: string; archivedAt: string; archivedBy: string };
}

/** Every read of an archived appraisal; `requestId` is null when the appraised agent reads their own. */
export interface ArchivedAppraisalRead {
  type: 'ArchivedAppraisalRead';
  data: { appraisalId: string; readBy: string; requestId: string | null; readAt: string };
}

export type AppraisalEvent =
  | AppraisalOpened
  | AppraisalScored
  | AppraisalFinalized
  | AppraisalFeedbackGiven
  | AppealFiled
  | AppealResolved
  | AppraisalRevised
  | AppraisalArchived
  | ArchivedAppraisalRead;

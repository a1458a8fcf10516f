export const CALL_OUTCOMES = ['no_answer', 'busy', 'invalid_number', 'rejected', 'connected', 'interested', 'appointment_set'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** 有效电话: a call counts as effective when it set an appointment. */
export const isEffective = (outcome: CallOutcome): boolean => outcome === 'appointment_set';

export const LEAD_SOURCES = ['list', 'inbound', 'referral', 'agent', 'specialist'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

/** The car-dealer handbook's grades, the categories of the handbook plan; a plan may declare its own (its `followUpDays`). */
export const GRADES = ['A', 'B', 'C', 'D'] as const;
/** A lead's category: one of the plan's (`leadCategoriesOf`), A–D in the handbook plan. */
export type Grade = string;

export interface LeadRegistered {
  type: 'LeadRegistered';
  data: { leadId: string; phone: string; name: string | null; source: LeadSource | null; providedBy: string | null };
}
export interface LeadAssigned {
  type: 'LeadAssigned';
  data: { leadId: string; agentId: string; previousOwnerId: string | null; via: 'assignment' | 'visit_booked' };
}
export interface CallLogged {
  type: 'CallLogged';
  data: {
    callId: string;
    leadId: string;
    agentId: string;
    startedAt: string;
    durationSeconds: number;
    outcome: CallOutcome;
    effective: boolean;
  };
}
export interface CallReclassified {
  type: 'CallReclassified';
  data: {
    callId: string;
    leadId: string;
    agentId: string;
    /** The original call's start: counts move on that call's day. */
    startedAt: string;
    previousOutcome: CallOutcome;
    outcome: CallOutcome;
    previousEffective: boolean;
    effective: boolean;
    reason: string;
  };
}
export interface LeadGraded {
  type: 'LeadGraded';
  data: { leadId: string; grade: Grade; previousGrade: Grade | null; reason: string | null; gradedBy: string };
}
export interface VisitBooked {
  type: 'VisitBooked';
  data: {
    visitId: string;
    leadId: string;
    agentId: string;
    scheduledAt: string;
    partySize: number | null;
    origin: string | null;
    transport: string | null;
    project: string | null;
    budgetFen: number | null;
    concerns: string | null;
  };
}
export interface VisitCompleted {
  type: 'VisitCompleted';
  data: { visitId: string; leadId: string; agentId: string; notes: string | null };
}
export interface VisitMissed {
  type: 'VisitMissed';
  data: { visitId: string; leadId: string; agentId: string; notes: string | null };
}
/**
 * After the visit (「带看」): when the visitors set out (出发时间) and what the sales office said of
 * the visit on its visit sheet (带看单, 「案场反馈看房情况」). Recorded once per visit.
 */
export interface VisitSheetRecorded {
  type: 'VisitSheetRecorded';
  data: {
    visitId: string;
    leadId: string;
    /** The visit's agent (who booked it). */
    agentId: string;
    departedAt: string;
    /** 案场反馈: the sales office's account of the visit. */
    feedback: string;
    /** 置业顾问: the sales office's consultant who received the visitors. */
    consultant: string | null;
    /** The visit sheet's own number at the sales office. */
    sheetNo: string | null;
    recordedBy: string;
  };
}
export interface DealClosed {
  type: 'DealClosed';
  data: {
    dealId: string;
    leadId: string;
    closedBy: string;
    closedByRole: 'agent' | 'specialist';
    amountFen: number;
    commissionBaseFen: number;
    closedAt: string;
    /** The lead's owner when the deal closed: who earns the owner's commission. */
    ownerId: string | null;
    providedBy: string | null;
  };
}
export interface DealCancelled {
  type: 'DealCancelled';
  data: { dealId: string; leadId: string; reason: string; cancelledAt: string };
}

export type LeadEvent =
  | LeadRegistered
  | LeadAssigned
  | CallLogged
  | CallReclassified
  | LeadGraded
  | VisitBooked
  | VisitCompleted
  | VisitMissed
  | DealClosed
  | DealCancelled
  | VisitSheetRecorded;

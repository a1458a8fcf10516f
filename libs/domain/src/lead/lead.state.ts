import type { CallOutcome, Grade, LeadEvent } from './lead.events';

export interface CallRecord {
  agentId: string;
  startedAt: string;
  outcome: CallOutcome;
}
export interface VisitRecord {
  agentId: string;
  status: 'booked' | 'completed' | 'missed';
  /** The visit sheet (出发时间, 案场反馈) has been recorded. */
  sheetRecorded?: boolean;
}
export interface DealRecord {
  closedBy: string;
  closedAt: string;
  status: 'closed' | 'cancelled';
}

export type LeadState =
  | { registered: false }
  | {
      registered: true;
      leadId: string;
      ownerId: string | null;
      providedBy: string | null;
      grade: Grade | null;
      calls: ReadonlyMap<string, CallRecord>;
      visits: ReadonlyMap<string, VisitRecord>;
      deals: ReadonlyMap<string, DealRecord>;
    };
export type RegisteredLead = Extract<LeadState, { registered: true }>;

export const initialLeadState: LeadState = { registered: false };

const withEntry = <V>(map: ReadonlyMap<string, V>, key: string, value: V) => new Map(map).set(key, value);

export function evolveLead(state: LeadState, event: LeadEvent): LeadState {
  if (event.type === 'LeadRegistered') {
    return {
      registered: true,
      leadId: event.data.leadId,
      ownerId: null,
      providedBy: event.data.providedBy,
      grade: null,
      calls: new Map(),
      visits: new Map(),
      deals: new Map(),
    };
  }
  if (!state.registered) return state;
  switch (event.type) {
    case 'LeadAssigned':
      return { ...state, ownerId: event.data.agentId };
    case 'CallLogged': {
      const { agentId, startedAt, outcome } = event.data;
      return { ...state, calls: withEntry(state.calls, event.data.callId, { agentId, startedAt, outcome }) };
    }
    case 'CallReclassified': {
      const call = state.calls.get(event.data.callId);
      if (!call) return state;
      return { ...state, calls: withEntry(state.calls, event.data.callId, { ...call, outcome: event.data.outcome }) };
    }
    case 'LeadGraded':
      return { ...state, grade: event.data.grade };
    case 'VisitBooked':
      return {
        ...state,
        visits: withEntry(state.visits, event.data.visitId, { agentId: event.data.agentId, status: 'booked' }),
      };
    case 'VisitCompleted':
    case 'VisitMissed': {
      const visit = state.visits.get(event.data.visitId);
      if (!visit) return state;
      const status = event.type === 'VisitCompleted' ? 'completed' : 'missed';
      return { ...state, visits: withEntry(state.visits, event.data.visitId, { ...visit, status }) };
    }
    case 'VisitSheetRecorded': {
      const visit = state.visits.get(event.data.visitId);
      if (!visit) return state;
      return { ...state, visits: withEntry(state.visits, event.data.visitId, { ...visit, sheetRecorded: true }) };
    }
    case 'DealClosed':
      return {
        ...state,
        deals: withEntry(state.deals, event.data.dealId, { closedBy: event.data.closedBy, closedAt: event.data.closedAt, status: 'closed' }),
      };
    case 'DealCancelled': {
      const deal = state.deals.get(event.data.dealId);
      if (!deal) return state;
      return { ...state, deals: withEntry(state.deals, event.data.dealId, { ...deal, status: 'cancelled' }) };
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

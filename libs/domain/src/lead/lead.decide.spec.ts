import type { AgentState } from '../agent/agent';
import type { Actor } from '../roles';
import { specification } from '../testing/given-when-then';
import { decideLead, type LeadContext } from './lead.decide';
import type { LeadEvent } from './lead.events';
import { evolveLead, initialLeadState } from './lead.state';

const given = specification(initialLeadState, evolveLead, decideLead);
const now = new Date('2026-10-08T10:00:00+08:00');
const agent = (agentId = 'a1', teamId = 't1'): AgentState => ({
  hired: true,
  agentId,
  name: 'A',
  role: 'agent',
  teamId,
  hiredOn: '2026-01-05',
  planId: 'standard',
});
const specialist: AgentState = { ...agent('s1'), role: 'specialist' } as AgentState;
const as = (sub: string, roles: string[], team?: string): Actor => ({ sub, roles, team });
const ctx = (actor: Actor, person?: AgentState): LeadContext => ({ now, actor, person });
const director = as('d1', ['director']);

const registered: LeadEvent = {
  type: 'LeadRegistered',
  data: { leadId: 'L1', phone: '13812345678', name: null, source: 'list', providedBy: 'a2' },
};
const call = (callId: string, outcome: 'connected' | 'appointment_set' = 'connected'): LeadEvent => ({
  type: 'CallLogged',
  data: { callId, leadId: 'L1', agentId: 'a1', startedAt: '2026-10-08T09:00:00+08:00', durationSeconds: 60, outcome, effective: outcome === 'appointment_set' },
});
const logCall = (overrides: Partial<{ startedAt: string; durationSeconds: number; agentId: string }> = {}) => ({
  type: 'LogCall' as const,
  data: {
    callId: 'c1',
    leadId: 'L1',
    agentId: 'a1',
    startedAt: '2026-10-08T09:00:00+08:00',
    durationSeconds: 60,
    outcome: 'appointment_set' as const,
    ...overrides,
  },
});

describe('a lead', () => {
  it('is registered once', () => {
    given([])
      .when({ type: 'RegisterLead', data: registered.data }, ctx(director, agent('a2')))
      .then([registered]);
    given([registered])
      .when({ type: 'RegisterLead', data: registered.data }, ctx(director, agent('a2')))
      .thenRefused('LEAD.ALREADY_EXISTS', 'conflict');
  });

  it('must be brought in by a hired agent or specialist', () => {
    given([])
      .when({ type: 'RegisterLead', data: registered.data }, ctx(director, { hired: false }))
      .thenRefused('AGENT.UNKNOWN', 'rule');
  });

  it('is assigned to an agent, and names the previous owner on reassignment', () => {
    const first: LeadEvent = { type: 'LeadAssigned', data: { leadId: 'L1', agentId: 'a1', previousOwnerId: null, via: 'assignment' } };
    given([registered])
      .when({ type: 'AssignLead', data: { leadId: 'L1', agentId: 'a1' } }, ctx(director, agent('a1')))
      .then([first]);
    given([registered, first])
      .when({ type: 'AssignLead', data: { leadId: 'L1', agentId: 'a3' } }, ctx(director, agent('a3')))
      .then([{ type: 'LeadAssigned', data: { leadId: 'L1', agentId: 'a3', previousOwnerId: 'a1', via: 'assignment' } }]);
    given([registered, first])
      .when({ type: 'AssignLead', data: { leadId: 'L1', agentId: 'a1' } }, ctx(director, agent('a1')))
      .thenRefused('LEAD.ALREADY_OWNED');
  });

  it('cannot be assigned to a specialist', () => {
    given([registered])
      .when({ type: 'AssignLead', data: { leadId: 'L1', agentId: 's1' } }, ctx(director, specialist))
      .thenRefused('AGENT.WRONG_ROLE', 'rule');
  });
});

describe('logging a call', () => {
  it('records the call and whether it was effective (set an appointment)', () => {
    given([registered])
      .when(logCall(), ctx(as('a1', ['agent']), agent()))
      .then([{ type: 'CallLogged', data: { ...logCall().data, effective: true } }]);
  });

  it('accepts a call logged days late', () => {
    given([registered])
      .when(logCall({ startedAt: '2026-10-01T09:00:00+08:00' }), ctx(as('a1', ['agent']), agent()))
      .then([{ type: 'CallLogged', data: { ...logCall().data, startedAt: '2026-10-01T09:00:00+08:00', effective: true } }]);
  });

  it('refuses a start more than 5 minutes ahead of the clock, and allows one within', () => {
    given([registered])
      .when(logCall({ startedAt: '2026-10-08T10:05:01+08:00' }), ctx(director, agent()))
      .thenRefused('CALL.STARTS_IN_FUTURE', 'rule');
    expect(decideLead(logCall({ startedAt: '2026-10-08T10:05:00+08:00' }), evolveLead(initialLeadState, registered), ctx(director, agent()))).toHaveLength(1);
  });

  it('refuses a duration outside 0–14,400 seconds', () => {
    given([registered])
      .when(logCall({ durationSeconds: 14_401 }), ctx(director, agent()))
      .thenRefused('CALL.DURATION_OUT_OF_RANGE');
    given([registered])
      .when(logCall({ durationSeconds: -1 }), ctx(director, agent()))
      .thenRefused('CALL.DURATION_OUT_OF_RANGE');
  });

  it('lets an agent log only as themself', () => {
    given([registered])
      .when(logCall({ agentId: 'a9' }), ctx(as('a1', ['agent']), agent('a9')))
      .thenRefused('AUTH.NOT_SELF', 'forbidden');
  });

  it('lets a supervisor log only for their own team', () => {
    given([registered])
      .when(logCall(), ctx(as('sup', ['supervisor'], 't2'), agent('a1', 't1')))
      .thenRefused('AUTH.OTHER_TEAM', 'forbidden');
    expect(decideLead(logCall(), evolveLead(initialLeadState, registered), ctx(as('sup', ['supervisor'], 't1'), agent()))).toHaveLength(1);
  });

  it('needs a registered lead and a hired agent', () => {
    given([]).when(logCall(), ctx(director, agent())).thenRefused('LEAD.NOT_FOUND', 'not_found');
    given([registered])
      .when(logCall(), ctx(director, { hired: false }))
      .thenRefused('AGENT.UNKNOWN');
  });
});

describe('reclassifying a call', () => {
  it('moves it between outcomes and says what it was, on the original call', () => {
    given([registered, call('c1')])
      .when({ type: 'ReclassifyCall', data: { callId: 'c1', outcome: 'appointment_set', reason: 'QA' } }, ctx(director))
      .then([
        {
          type: 'CallReclassified',
          data: {
            callId: 'c1',
            leadId: 'L1',
            agentId: 'a1',
            startedAt: '2026-10-08T09:00:00+08:00',
            previousOutcome: 'connected',
            outcome: 'appointment_set',
            previousEffective: false,
            effective: true,
            reason: 'QA',
          },
        },
      ]);
  });

  it('refuses an unknown call and an unchanged outcome', () => {
    given([registered])
      .when({ type: 'ReclassifyCall', data: { callId: 'c9', outcome: 'busy', reason: 'x' } }, ctx(director))
      .thenRefused('CALL.NOT_FOUND');
    given([registered, call('c1')])
      .when({ type: 'ReclassifyCall', data: { callId: 'c1', outcome: 'connected', reason: 'x' } }, ctx(director))
      .thenRefused('CALL.OUTCOME_UNCHANGED');
  });
});

describe('grading a lead', () => {
  it('records the grade, the previous one and who graded', () => {
    const graded: LeadEvent = { type: 'LeadGraded', data: { leadId: 'L1', grade: 'B', previousGrade: null, reason: null, gradedBy: 'a1' } };
    given([registered])
      .when({ type: 'GradeLead', data: { grade: 'B', reason: null } }, ctx(as('a1', ['agent'])))
      .then([graded]);
    given([registered, graded])
      .when({ type: 'GradeLead', data: { grade: 'A', reason: 'wants to buy' } }, ctx(as('a1', ['agent'])))
      .then([{ type: 'LeadGraded', data: { leadId: 'L1', grade: 'A', previousGrade: 'B', reason: 'wants to buy', gradedBy: 'a1' } }]);
  });

  it("takes the categories of the plan in force: the real-estate handbook's, and refuses A–D there", () => {
    const categories = { names: ['意向客户', '重点客户', '暂时观望'], planId: 'realestate', planVersion: 2 };
    given([registered])
      .when({ type: 'GradeLead', data: { grade: '重点客户', reason: null } }, { ...ctx(as('a1', ['agent'])), categories })
      .then([{ type: 'LeadGraded', data: { leadId: 'L1', grade: '重点客户', previousGrade: null, reason: null, gradedBy: 'a1' } }]);
    given([registered])
      .when({ type: 'GradeLead', data: { grade: 'A', reason: null } }, { ...ctx(as('a1', ['agent'])), categories })
      .thenRefused('LEAD.UNKNOWN_CATEGORY');
    // Without a plan: the handbook's A–D.
    given([registered])
      .when({ type: 'GradeLead', data: { grade: '意向客户', reason: null } }, ctx(director))
      .thenRefused('LEAD.UNKNOWN_CATEGORY');
  });
});

describe('booking a visit', () => {
  const visit = {
    visitId: 'v1',
    leadId: 'L1',
    agentId: 'a1',
    scheduledAt: '2026-10-11T14:00:00+08:00',
    partySize: 2,
    origin: 'Pudong',
    transport: 'metro',
    project: 'Lakeside',
    budgetFen: 300_000_000,
    concerns: 'schools',
  };
  const booked: LeadEvent = { type: 'VisitBooked', data: visit };

  it('claims an unassigned lead for the booking agent', () => {
    given([registered])
      .when({ type: 'BookVisit', data: visit }, ctx(as('a1', ['agent']), agent()))
      .then([booked, { type: 'LeadAssigned', data: { leadId: 'L1', agentId: 'a1', previousOwnerId: null, via: 'visit_booked' } }]);
  });

  it('leaves an owned lead with its owner', () => {
    const owned: LeadEvent = { type: 'LeadAssigned', data: { leadId: 'L1', agentId: 'a2', previousOwnerId: null, via: 'assignment' } };
    given([registered, owned])
      .when({ type: 'BookVisit', data: visit }, ctx(as('a1', ['agent']), agent()))
      .then([booked]);
  });

  it('ends once: completed or missed', () => {
    const missed: LeadEvent = { type: 'VisitMissed', data: { visitId: 'v1', leadId: 'L1', agentId: 'a1', notes: null } };
    given([registered, booked])
      .when({ type: 'MissVisit', data: { visitId: 'v1', notes: null } }, ctx(director))
      .then([missed]);
    given([registered, booked, missed])
      .when({ type: 'CompleteVisit', data: { visitId: 'v1', notes: null } }, ctx(director))
      .thenRefused('VISIT.ALREADY_RESOLVED', 'rule');
  });

  describe('its visit sheet (出发时间, 带看单, 案场反馈)', () => {
    const completed: LeadEvent = { type: 'VisitCompleted', data: { visitId: 'v1', leadId: 'L1', agentId: 'a1', notes: null } };
    const sheet = { visitId: 'v1', departedAt: '2026-10-07T13:00:00+08:00', feedback: '满意', consultant: null, sheetNo: 'DK-1' };
    const record = { type: 'RecordVisitSheet' as const, data: sheet };
    const recorded: LeadEvent = { type: 'VisitSheetRecorded', data: { ...sheet, leadId: 'L1', agentId: 'a1', recordedBy: 'a1' } };
    const withLead = (actor: Actor, person: AgentState = agent()) => ({ ...ctx(actor, person), leadId: 'L1' });

    it("is recorded after the visit took place, once, by the visit's agent or their team's supervisor", () => {
      given([registered, booked, completed])
        .when(record, withLead(as('a1', ['agent'])))
        .then([recorded]);
      given([registered, booked, completed])
        .when(record, withLead(as('sup', ['supervisor'], 't1')))
        .then([{ ...recorded, data: { ...recorded.data, recordedBy: 'sup' } } as LeadEvent]);
      given([registered, booked, completed, recorded])
        .when(record, withLead(as('a1', ['agent'])))
        .thenRefused('VISIT.SHEET_ALREADY_RECORDED', 'conflict');
    });

    it('is refused before the visit took place, for a missed visit, a departure ahead of the clock, another agent or team', () => {
      given([registered, booked])
        .when(record, withLead(as('a1', ['agent'])))
        .thenRefused('VISIT.NOT_VISITED', 'rule');
      const missed: LeadEvent = { type: 'VisitMissed', data: { visitId: 'v1', leadId: 'L1', agentId: 'a1', notes: null } };
      given([registered, booked, missed])
        .when(record, withLead(as('a1', ['agent'])))
        .thenRefused('VISIT.NOT_VISITED', 'rule');
      given([registered, booked, completed])
        .when({ ...record, data: { ...sheet, departedAt: '2026-10-08T10:06:00+08:00' } }, withLead(as('a1', ['agent'])))
        .thenRefused('VISIT.DEPARTS_IN_FUTURE', 'rule');
      given([registered, booked, completed])
        .when(record, withLead(as('a2', ['agent'])))
        .thenRefused('AUTH.NOT_SELF', 'forbidden');
      given([registered, booked, completed])
        .when(record, withLead(as('sup2', ['supervisor'], 't2')))
        .thenRefused('AUTH.OTHER_TEAM', 'forbidden');
    });
  });
});

describe('closing and cancelling a deal', () => {
  const owned: LeadEvent = { type: 'LeadAssigned', data: { leadId: 'L1', agentId: 'a1', previousOwnerId: null, via: 'assignment' } };
  const close = (commissionBaseFen = 1_000_000) => ({
    type: 'CloseDeal' as const,
    data: { dealId: 'd1', leadId: 'L1', closedBy: 's1', amountFen: 1_000_000, commissionBaseFen, closedAt: '2026-10-08T09:30:00+08:00' },
  });
  const closed: LeadEvent = {
    type: 'DealClosed',
    data: { ...close().data, closedByRole: 'specialist', ownerId: 'a1', providedBy: 'a2' },
  };

  it('records who closed it, the owner and the provider of the lead at that moment', () => {
    given([registered, owned])
      .when(close(), ctx(as('s1', ['specialist']), specialist))
      .then([closed]);
  });

  it('refuses a commission base above the amount', () => {
    given([registered]).when(close(1_000_001), ctx(director, specialist)).thenRefused('DEAL.BASE_EXCEEDS_AMOUNT', 'rule');
  });

  it('cancels once, not before it closed', () => {
    const cancel = (cancelledAt = '2026-10-08T09:45:00+08:00') => ({ type: 'CancelDeal' as const, data: { dealId: 'd1', reason: 'refund', cancelledAt } });
    const cancelled: LeadEvent = { type: 'DealCancelled', data: { dealId: 'd1', leadId: 'L1', reason: 'refund', cancelledAt: '2026-10-08T09:45:00+08:00' } };
    given([registered, owned, closed]).when(cancel(), ctx(director)).then([cancelled]);
    given([registered, owned, closed, cancelled]).when(cancel(), ctx(director)).thenRefused('DEAL.ALREADY_CANCELLED', 'conflict');
    given([registered, owned, closed]).when(cancel('2026-10-08T09:00:00+08:00'), ctx(director)).thenRefused('DEAL.CANCELLED_BEFORE_CLOSE');
    given([registered]).when(cancel(), ctx(director)).thenRefused('DEAL.NOT_FOUND', 'not_found');
  });
});

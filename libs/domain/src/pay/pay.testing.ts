/**
 * Test support for the pay specs: events as the store would hand them over, a history they are
 * folded into, and a way to close a month as the ClosePayMonth handler would. Not exported from
 * the barrel.
 */
import type { CallOutcome } from '../lead/lead.events';
import type { CompensationPlan } from '../plan/plan';
import type { StaffRole } from '../roles';
import type { StoredEvent } from '../stored-event';
import { HANDBOOK_PLAN } from '../../../../test/support/handbook-plan';
import { type PayLine, type Statement } from './pay.engine';
import { type PayHistory, emptyPayHistory, foldPayEvent, monthInput } from './pay.facts';
import { statementsFor } from './pay.adjustments';
import { type PayMonthEvent, decideClosePayMonth, evolvePayMonth, initialPayMonthState } from './pay-month';

export { HANDBOOK_PLAN };

/** An event before the store stamps a position on it. */
export interface NewEvent {
  eventId: string;
  type: string;
  data: unknown;
}

/** The handbook plan without the shortfall deduction, for specs about deals: no dials needed. */
export const NO_DEDUCTION_PLAN: CompensationPlan = {
  ...HANDBOOK_PLAN,
  planId: 'no-deduction',
  shortfallDeduction: { mode: 'proportional', maxRatioBasisPoints: 0 },
};

export const planPublished = (plan: CompensationPlan = HANDBOOK_PLAN): NewEvent => ({
  eventId: `plan-${plan.planId}-v${plan.version}`,
  type: 'CompensationPlanPublished',
  data: plan,
});

export const hired = (agentId: string, options: { role?: StaffRole; hiredOn?: string; planId?: string; teamId?: string } = {}): NewEvent => ({
  eventId: `hire-${agentId}`,
  type: 'AgentHired',
  data: {
    agentId,
    name: agentId,
    role: options.role ?? 'agent',
    teamId: options.teamId ?? 't1',
    hiredOn: options.hiredOn ?? '2025-06-01',
    planId: options.planId ?? HANDBOOK_PLAN.planId,
  },
});

export const callLogged = (callId: string, agentId: string, startedAt: string, effective = false): NewEvent => {
  const outcome: CallOutcome = effective ? 'appointment_set' : 'connected';
  return {
    eventId: `call-${callId}`,
    type: 'CallLogged',
    data: { callId, leadId: `L-${callId}`, agentId, startedAt, durationSeconds: 60, outcome, effective },
  };
};

/**
 * `count` calls by an agent at 10:00 Shanghai time on a date, the first `effective` of them set an
 * appointment. Call ids are `<agentId>-<date>-<n>`, event ids `call-<callId>`.
 */
export function dials(agentId: string, count: number, options: { on: string; effective?: number }): NewEvent[] {
  const effective = options.effective ?? 0;
  return Array.from({ length: count }, (_, i) => callLogged(`${agentId}-${options.on}-${i + 1}`, agentId, `${options.on}T10:00:00+08:00`, i < effective));
}

/** A QA review that changes a call's effectiveness. */
export function reclassified(call: NewEvent, effective: boolean, eventId = `reclassify-${(call.data as { callId: string }).callId}`): NewEvent {
  const logged = call.data as { callId: string; leadId: string; agentId: string; startedAt: string; outcome: CallOutcome; effective: boolean };
  return {
    eventId,
    type: 'CallReclassified',
    data: {
      callId: logged.callId,
      leadId: logged.leadId,
      agentId: logged.agentId,
      startedAt: logged.startedAt,
      previousOutcome: logged.outcome,
      outcome: effective ? 'appointment_set' : 'connected',
      previousEffective: logged.effective,
      effective,
      reason: 'QA review',
    },
  };
}

export const dealClosed = (
  dealId: string,
  deal: {
    closedAt: string;
    baseFen: number;
    ownerId?: string | null;
    closedBy?: string;
    closedByRole?: 'agent' | 'specialist';
    providedBy?: string | null;
  },
): NewEvent => ({
  eventId: `deal-${dealId}`,
  type: 'DealClosed',
  data: {
    dealId,
    leadId: `L-${dealId}`,
    closedBy: deal.closedBy ?? deal.ownerId,
    closedByRole: deal.closedByRole ?? 'agent',
    amountFen: deal.baseFen,
    commissionBaseFen: deal.baseFen,
    closedAt: deal.closedAt,
    ownerId: deal.ownerId ?? null,
    providedBy: deal.providedBy ?? null,
  },
});

export const dealCancelled = (dealId: string, cancelledAt: string): NewEvent => ({
  eventId: `cancel-${dealId}`,
  type: 'DealCancelled',
  data: { dealId, leadId: `L-${dealId}`, reason: 'contract voided', cancelledAt },
});

/** Stamps events with positions in the order given, as the store's global feed would. */
export function recorded(events: readonly NewEvent[], from = 1n): StoredEvent[] {
  return events.map((e, i) => ({
    ...e,
    position: from + BigInt(i),
    metadata: { eventId: e.eventId },
    recordedAt: new Date(Date.UTC(2026, 0, 1) + Number(from) + i),
  }));
}

const flat = (events: (NewEvent | NewEvent[])[]): NewEvent[] => events.flatMap((e) => (Array.isArray(e) ? e : [e]));

/** An event history that grows as the spec goes: given events, close a month, given corrections, … */
export class PayScenario {
  readonly history: PayHistory = emptyPayHistory();
  readonly log: StoredEvent[] = [];
  private next = 1n;

  given(...events: (NewEvent | NewEvent[])[]): this {
    for (const event of recorded(flat(events), this.next)) {
      this.log.push(event);
      foldPayEvent(this.history, event);
    }
    this.next += BigInt(flat(events).length);
    return this;
  }

  /** As the ClosePayMonth handler does: statements as of the last position, decided, appended, folded. */
  close(month: string, now = new Date('2026-12-31T12:00:00+08:00')): this {
    const stream = this.log.filter((e) => (e.type === 'PayStatementIssued' || e.type === 'PayMonthClosed') && (e.data as { month: string }).month === month);
    const state = stream.reduce((s, e) => evolvePayMonth(s, e as unknown as PayMonthEvent), initialPayMonthState);
    const events = decideClosePayMonth({ month }, state, {
      now,
      timeZones: ['Asia/Shanghai'],
      latestClosedMonth: this.history.latestClosedMonth,
      statements: statementsFor(this.history, month),
      upToPosition: this.history.lastPosition,
    });
    return this.given(...events.map((e, i) => ({ eventId: `${e.type}-${month}-${i}`, type: e.type, data: e.data })));
  }

  statements(month: string, options: { planVersion?: number } = {}): Statement[] {
    return statementsFor(this.history, month, options);
  }

  statement(agentId: string, month: string, options: { planVersion?: number } = {}): Statement {
    const found = this.statements(month, options).find((s) => s.agentId === agentId);
    if (!found) throw new Error(`no statement for ${agentId} in ${month}`);
    return found;
  }

  line(agentId: string, month: string, lineKey: string): PayLine {
    const found = this.statement(agentId, month).lines.find((l) => l.lineId === `${month}:${agentId}:${lineKey}`);
    if (!found) throw new Error(`no line ${lineKey} for ${agentId} in ${month}`);
    return found;
  }

  input(month: string) {
    return monthInput(this.history, month);
  }
}

export const given = (...events: (NewEvent | NewEvent[])[]): PayScenario => new PayScenario().given(...events);

/**
 * A statement's amounts keyed by line id without its month and person prefix:
 * `{ base: 150000, 'deal_commission:d1': 5000 }`, so a spec reads as a payslip.
 */
export function amounts(statement: Statement): Record<string, number> {
  const prefix = `${statement.month}:${statement.agentId}:`;
  return Object.fromEntries(statement.lines.map((l) => [l.lineId.startsWith(prefix) ? l.lineId.slice(prefix.length) : l.lineId, l.amountFen]));
}

/** A recorded leaving: nothing is earned after `lastWorkingDay`. */
export const left = (agentId: string, lastWorkingDay: string): NewEvent => ({
  eventId: `left-${agentId}`,
  type: 'AgentLeft',
  data: { agentId, lastWorkingDay, reason: 'resigned', decidedBy: 'hr1' },
});

/** A re-hire of someone who left: a new employment period. */
export const rehired = (agentId: string, options: { hiredOn: string; role?: StaffRole; teamId?: string; planId?: string }): NewEvent => ({
  eventId: `rehire-${agentId}-${options.hiredOn}`,
  type: 'AgentRehired',
  data: {
    agentId,
    hiredOn: options.hiredOn,
    role: options.role ?? 'agent',
    teamId: options.teamId ?? 't1',
    planId: options.planId ?? HANDBOOK_PLAN.planId,
    reason: 'came back',
    decidedBy: 'hr1',
  },
});

/** A move to another plan from a date. */
export const planChanged = (agentId: string, toPlanId: string, effectiveOn: string): NewEvent => ({
  eventId: `plan-change-${agentId}-${effectiveOn}`,
  type: 'AgentPlanChanged',
  data: { agentId, fromPlanId: '', toPlanId, effectiveOn, reason: 'new plan', decidedBy: 'mgr1' },
});

/** A promotion (or a move back) from a date. */
export const roleChanged = (agentId: string, toRole: StaffRole, effectiveOn: string): NewEvent => ({
  eventId: `role-change-${agentId}-${effectiveOn}`,
  type: 'AgentRoleChanged',
  data: { agentId, fromRole: toRole === 'agent' ? 'specialist' : 'agent', toRole, effectiveOn, reason: 'promoted', decidedBy: 'mgr1' },
});

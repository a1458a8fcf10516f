import type { AgentState } from '../agent/agent';
import { conflict, DomainError, forbidden, notFound, ruleBroken } from '../errors';
import { DEFAULT_TIME_ZONE } from '../plan/calendar';
import { type Actor, actsOnlyAsSelf } from '../roles';
import { localDate } from '../time';
import { type CallOutcome, type Grade, GRADES, isEffective, type LeadEvent, type LeadSource, type VisitBooked } from './lead.events';
import type { CallErrorCode, DealErrorCode } from './lead.errors';
import type { LeadState, RegisteredLead } from './lead.state';

/** Calls and deals are logged late, never early: a start this far ahead of the clock is refused. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;
export const MAX_CALL_SECONDS = 4 * 60 * 60;

export type LeadCommand =
  | { type: 'RegisterLead'; data: { leadId: string; phone: string; name: string | null; source: LeadSource | null; providedBy: string | null } }
  | { type: 'AssignLead'; data: { leadId: string; agentId: string } }
  | { type: 'LogCall'; data: { callId: string; leadId: string; agentId: string; startedAt: string; durationSeconds: number; outcome: CallOutcome } }
  | { type: 'ReclassifyCall'; data: { callId: string; outcome: CallOutcome; reason: string } }
  | { type: 'GradeLead'; data: { grade: Grade; reason: string | null } }
  | { type: 'BookVisit'; data: Omit<VisitBooked['data'], never> }
  | { type: 'CompleteVisit' | 'MissVisit'; data: { visitId: string; notes: string | null } }
  | { type: 'RecordVisitSheet'; data: { visitId: string; departedAt: string; feedback: string; consultant: string | null; sheetNo: string | null } }
  | { type: 'CloseDeal'; data: { dealId: string; leadId: string; closedBy: string; amountFen: number; commissionBaseFen: number; closedAt: string } }
  | { type: 'CancelDeal'; data: { dealId: string; reason: string; cancelledAt: string } };

export interface LeadContext {
  now: Date;
  actor: Actor;
  /** The person the command names (agentId, closedBy or providedBy) or acts upon, read from their stream. */
  person?: AgentState;
  /** AssignLead: the lead's current owner as their stream says, read before the command. */
  owner?: AgentState;
  /** The lead the command is for, for messages when it does not exist. */
  leadId?: string;
  /** The categories a lead may be given (GradeLead): those of the plan in force, else the handbook's A–D. */
  categories?: LeadCategories;
}

/** The categories of the plan in force for a lead, and which plan version declared them (null: the handbook's A–D). */
export interface LeadCategories {
  names: readonly string[];
  planId: string | null;
  planVersion: number | null;
}

export function decideLead(command: LeadCommand, state: LeadState, ctx: LeadContext): LeadEvent[] {
  switch (command.type) {
    case 'RegisterLead': {
      const { leadId, providedBy } = command.data;
      if (state.registered) throw conflict('LEAD.ALREADY_EXISTS', `lead ${leadId} already exists`, { leadId });
      if (providedBy !== null) requirePerson(ctx, providedBy, ['agent', 'specialist'], 'providedBy');
      return [{ type: 'LeadRegistered', data: command.data }];
    }
    case 'AssignLead': {
      const lead = requireLead(state, command.data.leadId);
      const { agentId } = command.data;
      const assignee = requirePerson(ctx, agentId, ['agent'], 'agentId');
      // A lead goes to someone who still works here: a leaver's leads are what a supervisor reassigns.
      if (assignee.leftOn !== undefined && localDate(ctx.now.toISOString(), DEFAULT_TIME_ZONE) > assignee.leftOn) {
        throw ruleBroken('AGENT.HAS_LEFT', `${agentId} left after ${assignee.leftOn}`, { field: 'agentId', lastWorkingDay: assignee.leftOn });
      }
      if (lead.ownerId === agentId) {
        throw ruleBroken('LEAD.ALREADY_OWNED', `lead ${lead.leadId} is already owned by ${agentId}`, { ownerId: agentId });
      }
      requireOwnersTeam(ctx, lead);
      return [{ type: 'LeadAssigned', data: { leadId: lead.leadId, agentId, previousOwnerId: lead.ownerId, via: 'assignment' } }];
    }
    case 'LogCall': {
      const lead = requireLead(state, command.data.leadId);
      const { callId, agentId, startedAt, durationSeconds, outcome } = command.data;
      requirePerson(ctx, agentId, ['agent'], 'agentId');
      if (lead.calls.has(callId)) throw conflict('CALL.ALREADY_LOGGED', `call ${callId} is already logged`, { callId });
      if (!Number.isInteger(durationSeconds) || durationSeconds < 0 || durationSeconds > MAX_CALL_SECONDS) {
        throw ruleBroken('CALL.DURATION_OUT_OF_RANGE', `durationSeconds must be 0–${MAX_CALL_SECONDS}`, { field: 'durationSeconds' });
      }
      requireNotInFuture(startedAt, ctx.now, 'CALL.STARTS_IN_FUTURE', 'startedAt');
      return [{ type: 'CallLogged', data: { callId, leadId: lead.leadId, agentId, startedAt, durationSeconds, outcome, effective: isEffective(outcome) } }];
    }
    case 'ReclassifyCall': {
      const lead = requireLead(state, ctx.leadId);
      const { callId, outcome, reason } = command.data;
      const call = lead.calls.get(callId);
      if (!call) throw notFound('CALL.NOT_FOUND', `call ${callId} does not exist`, { callId });
      requireOwnTeam(ctx);
      if (call.outcome === outcome) {
        throw ruleBroken('CALL.OUTCOME_UNCHANGED', `call ${callId} is already classified as ${outcome}`, { outcome });
      }
      return [
        {
          type: 'CallReclassified',
          data: {
            callId,
            leadId: lead.leadId,
            agentId: call.agentId,
            startedAt: call.startedAt,
            previousOutcome: call.outcome,
            outcome,
            previousEffective: isEffective(call.outcome),
            effective: isEffective(outcome),
            reason,
          },
        },
      ];
    }
    case 'GradeLead': {
      const lead = requireLead(state, ctx.leadId);
      requireOwnTeam(ctx);
      requireCategory(command.data.grade, ctx.categories ?? { names: GRADES, planId: null, planVersion: null });
      return [
        {
          type: 'LeadGraded',
          data: { leadId: lead.leadId, grade: command.data.grade, previousGrade: lead.grade, reason: command.data.reason, gradedBy: ctx.actor.sub },
        },
      ];
    }
    case 'BookVisit': {
      const lead = requireLead(state, command.data.leadId);
      const { visitId, agentId } = command.data;
      requirePerson(ctx, agentId, ['agent'], 'agentId');
      if (lead.visits.has(visitId)) throw conflict('VISIT.ALREADY_BOOKED', `visit ${visitId} is already booked`, { visitId });
      const events: LeadEvent[] = [{ type: 'VisitBooked', data: command.data }];
      // The first agent to book a visit on an unassigned lead becomes its owner (预报备).
      if (lead.ownerId === null) {
        events.push({ type: 'LeadAssigned', data: { leadId: lead.leadId, agentId, previousOwnerId: null, via: 'visit_booked' } });
      }
      return events;
    }
    case 'CompleteVisit':
    case 'MissVisit': {
      const lead = requireLead(state, ctx.leadId);
      const { visitId, notes } = command.data;
      const visit = lead.visits.get(visitId);
      if (!visit) throw notFound('VISIT.NOT_FOUND', `visit ${visitId} does not exist`, { visitId });
      requireOwnTeam(ctx);
      if (visit.status !== 'booked') {
        throw ruleBroken('VISIT.ALREADY_RESOLVED', `visit ${visitId} is already ${visit.status}`, { status: visit.status });
      }
      if (actsOnlyAsSelf(ctx.actor) && ctx.actor.roles.includes('agent') && !ctx.actor.roles.includes('specialist') && visit.agentId !== ctx.actor.sub) {
        throw forbidden('AUTH.NOT_SELF', `visit ${visitId} was booked by another agent`);
      }
      const data = { visitId, leadId: lead.leadId, agentId: visit.agentId, notes };
      return [command.type === 'CompleteVisit' ? { type: 'VisitCompleted', data } : { type: 'VisitMissed', data }];
    }
    case 'RecordVisitSheet': {
      const lead = requireLead(state, ctx.leadId);
      const { visitId, departedAt, feedback, consultant, sheetNo } = command.data;
      const visit = lead.visits.get(visitId);
      if (!visit) throw notFound('VISIT.NOT_FOUND', `visit ${visitId} does not exist`, { visitId });
      // Only the visit's own agent (whatever their role now) or their team's supervisor writes its sheet.
      if (actsOnlyAsSelf(ctx.actor) && visit.agentId !== ctx.actor.sub) {
        throw forbidden('AUTH.NOT_SELF', `visit ${visitId} was booked by another agent`);
      }
      requireOwnTeam(ctx);
      if (visit.status !== 'completed') {
        const why = visit.status === 'missed' ? 'it was missed' : 'it has not taken place yet (complete it first)';
        throw ruleBroken('VISIT.NOT_VISITED', `a visit sheet is recorded after the visit took place; visit ${visitId}: ${why}`, {
          visitId,
          status: visit.status,
        });
      }
      if (visit.sheetRecorded) {
        throw conflict('VISIT.SHEET_ALREADY_RECORDED', `the visit sheet of visit ${visitId} is already recorded`, { visitId });
      }
      if (Date.parse(departedAt) > ctx.now.getTime() + MAX_CLOCK_SKEW_MS) {
        throw ruleBroken('VISIT.DEPARTS_IN_FUTURE', `departedAt may not be more than 5 minutes in the future (now ${ctx.now.toISOString()})`, {
          field: 'departedAt',
        });
      }
      return [
        {
          type: 'VisitSheetRecorded',
          data: { visitId, leadId: lead.leadId, agentId: visit.agentId, departedAt, feedback, consultant, sheetNo, recordedBy: ctx.actor.sub },
        },
      ];
    }
    case 'CloseDeal': {
      const lead = requireLead(state, command.data.leadId);
      const { dealId, closedBy, amountFen, commissionBaseFen, closedAt } = command.data;
      const closer = requirePerson(ctx, closedBy, ['agent', 'specialist'], 'closedBy');
      if (lead.deals.has(dealId)) throw conflict('DEAL.ALREADY_CLOSED', `deal ${dealId} is already closed`, { dealId });
      if (commissionBaseFen > amountFen) {
        throw ruleBroken('DEAL.BASE_EXCEEDS_AMOUNT', `commissionBaseFen (${commissionBaseFen}) must not exceed amountFen (${amountFen})`, {
          field: 'commissionBaseFen',
        });
      }
      requireNotInFuture(closedAt, ctx.now, 'DEAL.CLOSES_IN_FUTURE', 'closedAt');
      return [
        {
          type: 'DealClosed',
          data: {
            dealId,
            leadId: lead.leadId,
            closedBy,
            closedByRole: closer.role,
            amountFen,
            commissionBaseFen,
            closedAt,
            ownerId: lead.ownerId,
            providedBy: lead.providedBy,
          },
        },
      ];
    }
    case 'CancelDeal': {
      const lead = requireLead(state, ctx.leadId);
      const { dealId, reason, cancelledAt } = command.data;
      const deal = lead.deals.get(dealId);
      if (!deal) throw notFound('DEAL.NOT_FOUND', `deal ${dealId} does not exist`, { dealId });
      requireOwnTeam(ctx);
      if (deal.status === 'cancelled') throw conflict('DEAL.ALREADY_CANCELLED', `deal ${dealId} is already cancelled`, { dealId });
      if (Date.parse(cancelledAt) < Date.parse(deal.closedAt)) {
        throw ruleBroken('DEAL.CANCELLED_BEFORE_CLOSE', `cancelledAt must not be before the deal closed (${deal.closedAt})`, {
          field: 'cancelledAt',
          closedAt: deal.closedAt,
        });
      }
      requireNotInFuture(cancelledAt, ctx.now, 'DEAL.CANCELS_IN_FUTURE', 'cancelledAt');
      return [{ type: 'DealCancelled', data: { dealId, leadId: lead.leadId, reason, cancelledAt } }];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

/** The person a front-line caller names must be themself (AUTH.NOT_SELF otherwise). */
function requireSelf(actor: Actor, personId: string, field: string): void {
  if (actsOnlyAsSelf(actor) && personId !== actor.sub) {
    throw forbidden('AUTH.NOT_SELF', `${field} must be yourself (${actor.sub})`, { field });
  }
}

/**
 * What may be refused from the command and the caller alone, before any state is read — so that
 * even a retry of someone else's command is refused rather than answered.
 */
export function authorizeLeadCommand(command: LeadCommand, actor: Actor): void {
  switch (command.type) {
    case 'RegisterLead':
      if (command.data.providedBy !== null) requireSelf(actor, command.data.providedBy, 'providedBy');
      return;
    case 'LogCall':
    case 'BookVisit':
      return requireSelf(actor, command.data.agentId, 'agentId');
    case 'CloseDeal':
      return requireSelf(actor, command.data.closedBy, 'closedBy');
    default:
      return;
  }
}

function requireLead(state: LeadState, leadId?: string): RegisteredLead {
  if (!state.registered) throw notFound('LEAD.NOT_FOUND', `lead ${leadId ?? ''} does not exist`.replace('  ', ' '), { leadId });
  return state;
}

const supervisesOnly = (actor: Actor) => actor.roles.includes('supervisor') && !actor.roles.some((r) => r === 'manager' || r === 'director');

/** A supervisor acts only on the work of their own team: the person the command acts upon is in it. */
function requireOwnTeam(ctx: LeadContext): void {
  if (supervisesOnly(ctx.actor) && ctx.person?.hired && ctx.person.teamId !== ctx.actor.team) {
    throw forbidden('AUTH.OTHER_TEAM', `${ctx.person.agentId} is not in your team`);
  }
}

/**
 * A supervisor takes a lead only from their own team: the current owner, not only the new one, is
 * theirs (a leaver's lead stays with the team the leaver was in). An owner read before a
 * reassignment that landed since is a concurrency conflict: the command is sent again.
 */
function requireOwnersTeam(ctx: LeadContext, lead: RegisteredLead): void {
  if (!supervisesOnly(ctx.actor) || lead.ownerId === null) return;
  const owner = ctx.owner;
  if (!owner?.hired || owner.agentId !== lead.ownerId) {
    throw conflict('STREAM.CONCURRENCY', `lead ${lead.leadId} changed owner while this was decided; try again`, { leadId: lead.leadId });
  }
  if (owner.teamId !== ctx.actor.team) {
    throw forbidden('AUTH.OTHER_TEAM', `lead ${lead.leadId} is owned by ${owner.agentId}, who is not in your team`, { ownerId: owner.agentId });
  }
}

/** The named person exists in one of the roles, and a front-line caller names only themself. */
function requirePerson(ctx: LeadContext, personId: string, roles: readonly ('agent' | 'specialist')[], field: string) {
  requireSelf(ctx.actor, personId, field);
  const person = ctx.person;
  if (!person?.hired) throw ruleBroken('AGENT.UNKNOWN', `${field} ${personId} is not a hired agent or specialist`, { field, [field]: personId });
  if (!roles.includes(person.role)) {
    throw ruleBroken('AGENT.WRONG_ROLE', `${field} ${personId} is a ${person.role}, not ${roles.join(' or ')}`, { field, role: person.role });
  }
  if (supervisesOnly(ctx.actor) && person.teamId !== ctx.actor.team) {
    throw forbidden('AUTH.OTHER_TEAM', `${personId} is not in your team`, { field });
  }
  return person;
}

/** A lead is categorised with one of the plan's own categories (A–D, or the real-estate handbook's eight). */
function requireCategory(grade: string, categories: LeadCategories): void {
  if (categories.names.includes(grade)) return;
  const plan = categories.planId === null ? "the handbook's categories" : `plan ${categories.planId} version ${categories.planVersion}`;
  throw ruleBroken('LEAD.UNKNOWN_CATEGORY', `grade ${grade} is not one of the lead categories of ${plan}: ${categories.names.join(', ')}`, {
    field: 'grade',
    categories: [...categories.names],
    planId: categories.planId,
    planVersion: categories.planVersion,
  });
}

function requireNotInFuture(instant: string, now: Date, code: CallErrorCode | DealErrorCode, field: string): void {
  if (Date.parse(instant) > now.getTime() + MAX_CLOCK_SKEW_MS) {
    throw ruleBroken(code, `${field} may not be more than 5 minutes in the future (now ${now.toISOString()})`, { field });
  }
}

export { DomainError };

import { conflict, notFound, ruleBroken } from '../errors';
import type { StaffRole } from '../roles';

export interface AgentHired {
  type: 'AgentHired';
  data: { agentId: string; name: string; role: StaffRole; teamId: string; hiredOn: string; planId: string };
}

/**
 * The person's employment ends after `lastWorkingDay` (inclusive): nothing is earned for the days
 * after it. `decidedBy` is who recorded the decision (their token's `sub`); `reason` is free text.
 */
export interface AgentLeft {
  type: 'AgentLeft';
  data: { agentId: string; lastWorkingDay: string; reason: string; decidedBy: string };
}

/**
 * Someone who left is hired again: a new employment period of the same person (same id, same
 * streams), from `hiredOn`, in the role, team and plan given; probation runs again from `hiredOn`.
 */
export interface AgentRehired {
  type: 'AgentRehired';
  data: { agentId: string; hiredOn: string; role: StaffRole; teamId: string; planId: string; reason: string; decidedBy: string };
}

/** The person works in `toTeamId` from `effectiveOn`: scopes, team views and rights follow the date. */
export interface AgentTransferred {
  type: 'AgentTransferred';
  data: { agentId: string; fromTeamId: string; toTeamId: string; effectiveOn: string; reason: string; decidedBy: string };
}

/** The person is paid by `toPlanId` from `effectiveOn`: a month split by it prices each part by its own plan. */
export interface AgentPlanChanged {
  type: 'AgentPlanChanged';
  data: { agentId: string; fromPlanId: string; toPlanId: string; effectiveOn: string; reason: string; decidedBy: string };
}

/** Promotion from agent to specialist, or back, from a date: targets, rates, the lead-fee side and awards follow it. */
export interface AgentRoleChanged {
  type: 'AgentRoleChanged';
  data: { agentId: string; fromRole: StaffRole; toRole: StaffRole; effectiveOn: string; reason: string; decidedBy: string };
}

export type AgentEvent = AgentHired | AgentLeft | AgentRehired | AgentTransferred | AgentPlanChanged | AgentRoleChanged;

export type AgentState =
  | { hired: false }
  | {
      hired: true;
      agentId: string;
      name: string;
      role: StaffRole;
      teamId: string;
      /** The first day of the current employment period. */
      hiredOn: string;
      planId: string;
      /** The last working day of the current period, once a leaving is recorded. */
      leftOn?: string;
      /** The first day in the current role, after a promotion (absent before any). */
      roleSince?: string;
      /** The first day on the current plan, after a plan change (absent before any). */
      planSince?: string;
      /** Every team the person has worked in, with the first day there, oldest first (absent before any transfer). */
      teams?: { teamId: string; from: string }[];
    };

export const initialAgentState: AgentState = { hired: false };

export function evolveAgent(state: AgentState, event: AgentEvent): AgentState {
  switch (event.type) {
    case 'AgentHired':
      return { hired: true, ...event.data };
    case 'AgentLeft':
      return state.hired ? { ...state, leftOn: event.data.lastWorkingDay } : state;
    case 'AgentRehired': {
      if (!state.hired) return state;
      const { hiredOn, role, teamId, planId } = event.data;
      return { hired: true, agentId: state.agentId, name: state.name, role, teamId, hiredOn, planId, teams: [...teamsOf(state), { teamId, from: hiredOn }] };
    }
    case 'AgentRoleChanged':
      return state.hired ? { ...state, role: event.data.toRole, roleSince: event.data.effectiveOn } : state;
    case 'AgentPlanChanged':
      return state.hired ? { ...state, planId: event.data.toPlanId, planSince: event.data.effectiveOn } : state;
    case 'AgentTransferred': {
      if (!state.hired) return state;
      const { toTeamId, effectiveOn } = event.data;
      return { ...state, teamId: toTeamId, teams: [...teamsOf(state), { teamId: toTeamId, from: effectiveOn }] };
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** The teams the person has worked in, oldest first: the hire's team from the hire date, then each move. */
export function teamsOf(state: AgentState): { teamId: string; from: string }[] {
  if (!state.hired) return [];
  return state.teams ?? [{ teamId: state.teamId, from: state.hiredOn }];
}

/** The team the person was in on a date: the latest team joined on or before it (the first one before any). */
export function teamOnDate(state: AgentState, date: string): string | undefined {
  const teams = teamsOf(state);
  return teams.filter((t) => t.from <= date).at(-1)?.teamId ?? teams[0]?.teamId;
}

/** Employed on a date: hired on or before it, and not past the last working day of a leaving. */
export const employedOn = (state: AgentState, date: string): boolean =>
  state.hired && state.hiredOn <= date && (state.leftOn === undefined || date <= state.leftOn);

export interface HireAgent {
  type: 'HireAgent';
  data: AgentHired['data'];
}

export function decideHireAgent(command: HireAgent, state: AgentState, planExists: boolean): AgentEvent[] {
  if (state.hired) {
    throw conflict('AGENT.ALREADY_HIRED', `agent ${command.data.agentId} is already hired`, {
      agentId: command.data.agentId,
    });
  }
  if (!planExists) {
    throw ruleBroken('AGENT.UNKNOWN_PLAN', `compensation plan ${command.data.planId} has not been published`, {
      planId: command.data.planId,
    });
  }
  return [{ type: 'AgentHired', data: command.data }];
}

export interface RecordLeaving {
  type: 'RecordLeaving';
  data: AgentLeft['data'];
}

/** A person leaves once per employment period, and not before the period began. */
export function decideRecordLeaving(command: RecordLeaving, state: AgentState): AgentEvent[] {
  const { agentId, lastWorkingDay } = command.data;
  if (!state.hired) throw notFound('AGENT.UNKNOWN', `agent ${agentId} was never hired`, { agentId });
  if (state.leftOn !== undefined) {
    throw conflict('AGENT.ALREADY_LEFT', `${agentId} has already left (last working day ${state.leftOn})`, { agentId, lastWorkingDay: state.leftOn });
  }
  if (lastWorkingDay < state.hiredOn) {
    throw ruleBroken('AGENT.LEFT_BEFORE_HIRED', `the last working day ${lastWorkingDay} precedes the hiring on ${state.hiredOn}`, {
      field: 'lastWorkingDay',
      hiredOn: state.hiredOn,
    });
  }
  return [{ type: 'AgentLeft', data: command.data }];
}

export interface RehireAgent {
  type: 'RehireAgent';
  data: AgentRehired['data'];
}

/**
 * A re-hire opens a new employment period for someone whose last one has ended. It starts in a
 * later month than the leaving: pay prices one employment period per person and month.
 */
export function decideRehireAgent(command: RehireAgent, state: AgentState, planExists: boolean): AgentEvent[] {
  const { agentId, hiredOn, planId } = command.data;
  if (!state.hired) throw notFound('AGENT.UNKNOWN', `agent ${agentId} was never hired`, { agentId });
  if (state.leftOn === undefined) throw conflict('AGENT.STILL_EMPLOYED', `${agentId} works here (hired ${state.hiredOn}) and has not left`, { agentId });
  if (hiredOn.slice(0, 7) <= state.leftOn.slice(0, 7)) {
    throw ruleBroken('AGENT.REHIRED_TOO_SOON', `a re-hire starts in a month after the last working day ${state.leftOn}`, {
      field: 'hiredOn',
      lastWorkingDay: state.leftOn,
    });
  }
  if (!planExists) throw ruleBroken('AGENT.UNKNOWN_PLAN', `compensation plan ${planId} has not been published`, { planId });
  return [{ type: 'AgentRehired', data: command.data }];
}

export interface TransferAgent {
  type: 'TransferAgent';
  data: AgentTransferred['data'];
}

/** A move to another team, from a date after the current team's first day, of someone still employed. */
export function decideTransferAgent(command: TransferAgent, state: AgentState): AgentEvent[] {
  const { agentId, toTeamId, effectiveOn } = command.data;
  if (!state.hired) throw notFound('AGENT.UNKNOWN', `agent ${agentId} was never hired`, { agentId });
  if (state.leftOn !== undefined && effectiveOn > state.leftOn) {
    throw ruleBroken('AGENT.HAS_LEFT', `${agentId} left after ${state.leftOn}`, { field: 'effectiveOn', lastWorkingDay: state.leftOn });
  }
  if (toTeamId === state.teamId) throw ruleBroken('AGENT.SAME_TEAM', `${agentId} is already in team ${toTeamId}`, { field: 'toTeamId' });
  const since = teamsOf(state).at(-1)!.from;
  if (effectiveOn <= since) {
    throw ruleBroken('AGENT.TRANSFER_TOO_EARLY', `a move must take effect after ${since}, the first day in team ${state.teamId}`, {
      field: 'effectiveOn',
      since,
    });
  }
  return [{ type: 'AgentTransferred', data: { ...command.data, fromTeamId: state.teamId } }];
}

export interface ChangePlan {
  type: 'ChangePlan';
  data: AgentPlanChanged['data'];
}

/** A move to another published plan, from a date after the current plan's first day, of someone still employed. */
export function decideChangePlan(command: ChangePlan, state: AgentState, planExists: boolean): AgentEvent[] {
  const { agentId, toPlanId, effectiveOn } = command.data;
  if (!state.hired) throw notFound('AGENT.UNKNOWN', `agent ${agentId} was never hired`, { agentId });
  if (state.leftOn !== undefined && effectiveOn > state.leftOn) {
    throw ruleBroken('AGENT.HAS_LEFT', `${agentId} left after ${state.leftOn}`, { field: 'effectiveOn', lastWorkingDay: state.leftOn });
  }
  if (toPlanId === state.planId) throw ruleBroken('AGENT.SAME_PLAN', `${agentId} is already on plan ${toPlanId}`, { field: 'toPlanId' });
  const since = state.planSince ?? state.hiredOn;
  if (effectiveOn <= since) {
    throw ruleBroken('AGENT.PLAN_CHANGE_TOO_EARLY', `a plan change must take effect after ${since}, the first day on plan ${state.planId}`, {
      field: 'effectiveOn',
      since,
    });
  }
  if (!planExists) throw ruleBroken('AGENT.UNKNOWN_PLAN', `compensation plan ${toPlanId} has not been published`, { planId: toPlanId });
  return [{ type: 'AgentPlanChanged', data: { ...command.data, fromPlanId: state.planId } }];
}

export interface ChangeRole {
  type: 'ChangeRole';
  data: AgentRoleChanged['data'];
}

/** Promotion to specialist or back to agent, from a date after the current role began, while employed. */
export function decideChangeRole(command: ChangeRole, state: AgentState): AgentEvent[] {
  const { agentId, toRole, effectiveOn } = command.data;
  if (!state.hired) throw notFound('AGENT.UNKNOWN', `agent ${agentId} was never hired`, { agentId });
  if (state.leftOn !== undefined && effectiveOn > state.leftOn) {
    throw ruleBroken('AGENT.HAS_LEFT', `${agentId} left after ${state.leftOn}`, { field: 'effectiveOn', lastWorkingDay: state.leftOn });
  }
  if (toRole === state.role) throw ruleBroken('AGENT.SAME_ROLE', `${agentId} is already a ${toRole}`, { field: 'toRole' });
  const since = state.roleSince ?? state.hiredOn;
  if (effectiveOn <= since) {
    throw ruleBroken('AGENT.ROLE_CHANGE_TOO_EARLY', `a role change must take effect after ${since}, the first day as ${state.role}`, {
      field: 'effectiveOn',
      since,
    });
  }
  return [{ type: 'AgentRoleChanged', data: { ...command.data, fromRole: state.role } }];
}

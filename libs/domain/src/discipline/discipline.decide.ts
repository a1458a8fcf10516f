import type { AgentState } from '../agent/agent';
import { conflict, forbidden, ruleBroken } from '../errors';
import { type CompensationPlan } from '../plan/plan';
import { planInForce } from '../plan/calendar';
import { type Actor, actsOnlyAsSelf } from '../roles';
import { localDate } from '../time';
import type { DisciplineEvent } from './discipline.events';
import { disciplineOf, planDaysOf } from './discipline.rules';

export interface DisciplineState {
  /** Days a work log was submitted for. */
  logs: ReadonlySet<string>;
  /** Plan days a plan was submitted for. */
  plans: ReadonlySet<string>;
}
export const initialDisciplineState: DisciplineState = { logs: new Set(), plans: new Set() };

export function evolveDiscipline(state: DisciplineState, event: DisciplineEvent): DisciplineState {
  switch (event.type) {
    case 'WorkLogSubmitted':
      return { ...state, logs: new Set(state.logs).add(event.data.date) };
    case 'WorkPlanSubmitted':
      return { ...state, plans: new Set(state.plans).add(event.data.planDay) };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export type DisciplineCommand =
  | { type: 'SubmitWorkLog'; data: { agentId: string; date: string; summary: string; details: string | null } }
  | { type: 'SubmitWorkPlan'; data: { agentId: string; planDay: string; work: string; prospects: string } };

export interface DisciplineContext {
  now: Date;
  actor: Actor;
  person: AgentState;
  /** Every version of the person's plan. */
  planVersions: readonly CompensationPlan[];
}

/** Only the agent themself sends their log and plans (「以书面形式给部门负责人」): refused before any state is read. */
export function authorizeDisciplineCommand(command: DisciplineCommand, actor: Actor): void {
  if (actsOnlyAsSelf(actor) && command.data.agentId !== actor.sub) {
    throw forbidden('AUTH.NOT_SELF', `agentId must be yourself (${actor.sub})`, { field: 'agentId' });
  }
}

export function decideDiscipline(command: DisciplineCommand, state: DisciplineState, ctx: DisciplineContext): DisciplineEvent[] {
  authorizeDisciplineCommand(command, ctx.actor);
  const { agentId } = command.data;
  const person = ctx.person;
  if (!person.hired) throw ruleBroken('AGENT.UNKNOWN', `agentId ${agentId} is not a hired agent`, { field: 'agentId', agentId });
  if (person.role !== 'agent') {
    throw ruleBroken('AGENT.WRONG_ROLE', `agentId ${agentId} is a ${person.role}; the work log and plans are an agent's (电销员)`, {
      field: 'agentId',
      role: person.role,
    });
  }
  const submittedAt = ctx.now.toISOString();
  switch (command.type) {
    case 'SubmitWorkLog': {
      const { date, summary, details } = command.data;
      if (date < person.hiredOn) throw ruleBroken('DISCIPLINE.BEFORE_HIRE', `${agentId} was hired on ${person.hiredOn}, after ${date}`, { field: 'date' });
      const zone = planInForce(ctx.planVersions, date.slice(0, 7))?.timezone ?? 'Asia/Shanghai';
      const today = localDate(ctx.now, zone);
      if (date > today) {
        throw ruleBroken('DISCIPLINE.LOG_FOR_FUTURE_DAY', `a work log is written at the end of its day: ${date} has not come yet (today is ${today})`, {
          field: 'date',
          today,
        });
      }
      if (state.logs.has(date)) throw conflict('DISCIPLINE.LOG_ALREADY_SUBMITTED', `${agentId} already submitted the work log of ${date}`, { date });
      return [{ type: 'WorkLogSubmitted', data: { agentId, date, summary, details, submittedAt } }];
    }
    case 'SubmitWorkPlan': {
      const { planDay, work, prospects } = command.data;
      const month = planDay.slice(0, 7);
      const days = planDaysOf(month, disciplineOf(planInForce(ctx.planVersions, month)));
      if (!days.includes(planDay)) {
        throw ruleBroken('DISCIPLINE.NOT_A_PLAN_DAY', `plans are due on the plan days of the month (${days.join(', ')}), not ${planDay}`, {
          field: 'planDay',
          planDays: days,
        });
      }
      if (planDay < person.hiredOn) {
        throw ruleBroken('DISCIPLINE.BEFORE_HIRE', `${agentId} was hired on ${person.hiredOn}, after ${planDay}`, { field: 'planDay' });
      }
      if (state.plans.has(planDay)) throw conflict('DISCIPLINE.PLAN_ALREADY_SUBMITTED', `${agentId} already submitted the plan of ${planDay}`, { planDay });
      return [{ type: 'WorkPlanSubmitted', data: { agentId, planDay, work, prospects, submittedAt } }];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

import { specification } from '../testing/given-when-then';
import {
  type AgentEvent,
  type ChangeRole,
  decideChangeRole,
  type ChangePlan,
  decideChangePlan,
  decideHireAgent,
  decideRecordLeaving,
  decideRehireAgent,
  decideTransferAgent,
  employedOn,
  evolveAgent,
  type HireAgent,
  initialAgentState,
  type RecordLeaving,
  type RehireAgent,
  teamsOf,
  type TransferAgent,
} from './agent';

const given = specification(initialAgentState, evolveAgent, (c: HireAgent, s, planExists: boolean) => decideHireAgent(c, s, planExists));
const hire: HireAgent = {
  type: 'HireAgent',
  data: { agentId: 'a1', name: '王芳', role: 'agent', teamId: 't1', hiredOn: '2026-10-15', planId: 'standard' },
};
const hired: AgentEvent = { type: 'AgentHired', data: hire.data };

describe('hiring', () => {
  it('hires an agent once, onto a published plan', () => {
    given([]).when(hire, true).then([hired]);
    given([hired]).when(hire, true).thenRefused('AGENT.ALREADY_HIRED', 'conflict');
    given([]).when(hire, false).thenRefused('AGENT.UNKNOWN_PLAN', 'rule');
  });
});

describe('leaving', () => {
  const leaving = (lastWorkingDay: string): RecordLeaving => ({
    type: 'RecordLeaving',
    data: { agentId: 'a1', lastWorkingDay, reason: 'moved city', decidedBy: 'hr1' },
  });
  const leave = specification(initialAgentState, evolveAgent, (c: RecordLeaving, s) => decideRecordLeaving(c, s));
  const left: AgentEvent = { type: 'AgentLeft', data: leaving('2026-10-20').data };

  it('records the last working day once, on or after the hire date', () => {
    leave([hired]).when(leaving('2026-10-20'), undefined).then([left]);
    leave([hired])
      .when(leaving('2026-10-15'), undefined)
      .then([{ type: 'AgentLeft', data: leaving('2026-10-15').data }]);
    leave([hired, left]).when(leaving('2026-10-21'), undefined).thenRefused('AGENT.ALREADY_LEFT', 'conflict');
    leave([hired]).when(leaving('2026-10-14'), undefined).thenRefused('AGENT.LEFT_BEFORE_HIRED', 'rule');
    leave([]).when(leaving('2026-10-20'), undefined).thenRefused('AGENT.UNKNOWN', 'not_found');
  });

  it('is employed from the hire date through the last working day', () => {
    const state = [hired, left].reduce(evolveAgent, initialAgentState);
    expect(['2026-10-14', '2026-10-15', '2026-10-20', '2026-10-21'].map((d) => employedOn(state, d))).toEqual([false, true, true, false]);
  });
});

describe('re-hiring', () => {
  const rehiring = (hiredOn: string): RehireAgent => ({
    type: 'RehireAgent',
    data: { agentId: 'a1', hiredOn, role: 'specialist', teamId: 't2', planId: 'standard', reason: 'came back', decidedBy: 'hr1' },
  });
  const rehire = specification(initialAgentState, evolveAgent, (c: RehireAgent, s, planExists: boolean) => decideRehireAgent(c, s, planExists));
  const left: AgentEvent = { type: 'AgentLeft', data: { agentId: 'a1', lastWorkingDay: '2026-10-20', reason: 'moved city', decidedBy: 'hr1' } };
  const back: AgentEvent = { type: 'AgentRehired', data: rehiring('2026-12-07').data };

  it('opens a new period of the same person, in a month after the leaving', () => {
    rehire([hired, left]).when(rehiring('2026-12-07'), true).then([back]);
    rehire([hired]).when(rehiring('2026-12-07'), true).thenRefused('AGENT.STILL_EMPLOYED', 'conflict');
    rehire([hired, left]).when(rehiring('2026-10-28'), true).thenRefused('AGENT.REHIRED_TOO_SOON', 'rule');
    rehire([hired, left]).when(rehiring('2026-12-07'), false).thenRefused('AGENT.UNKNOWN_PLAN', 'rule');
    rehire([]).when(rehiring('2026-12-07'), true).thenRefused('AGENT.UNKNOWN', 'not_found');
  });

  it('is employed again from the new hire date, in the new role and team, and may leave again', () => {
    const state = [hired, left, back].reduce(evolveAgent, initialAgentState);
    expect(state).toMatchObject({ hiredOn: '2026-12-07', role: 'specialist', teamId: 't2', name: '王芳' });
    // The state is the current period: the old one is pay's to remember.
    expect(['2026-10-20', '2026-11-15', '2026-12-07'].map((d) => employedOn(state, d))).toEqual([false, false, true]);
    expect(
      decideRecordLeaving({ type: 'RecordLeaving', data: { agentId: 'a1', lastWorkingDay: '2027-01-31', reason: 'again', decidedBy: 'hr1' } }, state),
    ).toHaveLength(1);
  });
});

describe('moving team', () => {
  const moving = (toTeamId: string, effectiveOn: string): TransferAgent => ({
    type: 'TransferAgent',
    data: { agentId: 'a1', fromTeamId: '', toTeamId, effectiveOn, reason: 'new team', decidedBy: 'mgr1' },
  });
  const transfer = specification(initialAgentState, evolveAgent, (c: TransferAgent, s) => decideTransferAgent(c, s));
  const moved: AgentEvent = { type: 'AgentTransferred', data: { ...moving('t2', '2026-10-16').data, fromTeamId: 't1' } };

  it('moves from the current team, after its first day, while employed', () => {
    transfer([hired]).when(moving('t2', '2026-10-16'), undefined).then([moved]);
    transfer([hired]).when(moving('t1', '2026-10-16'), undefined).thenRefused('AGENT.SAME_TEAM', 'rule');
    transfer([hired]).when(moving('t2', '2026-10-15'), undefined).thenRefused('AGENT.TRANSFER_TOO_EARLY', 'rule');
    transfer([hired, moved]).when(moving('t3', '2026-10-16'), undefined).thenRefused('AGENT.TRANSFER_TOO_EARLY', 'rule');
    const left: AgentEvent = { type: 'AgentLeft', data: { agentId: 'a1', lastWorkingDay: '2026-10-20', reason: 'x', decidedBy: 'hr1' } };
    transfer([hired, left]).when(moving('t2', '2026-10-21'), undefined).thenRefused('AGENT.HAS_LEFT', 'rule');
    transfer([]).when(moving('t2', '2026-10-16'), undefined).thenRefused('AGENT.UNKNOWN', 'not_found');
  });

  it('keeps every team with its first day', () => {
    const state = [hired, moved].reduce(evolveAgent, initialAgentState);
    expect(teamsOf(state)).toEqual([
      { teamId: 't1', from: '2026-10-15' },
      { teamId: 't2', from: '2026-10-16' },
    ]);
    expect(state).toMatchObject({ teamId: 't2' });
  });
});

describe('changing plan', () => {
  const changing = (toPlanId: string, effectiveOn: string): ChangePlan => ({
    type: 'ChangePlan',
    data: { agentId: 'a1', fromPlanId: '', toPlanId, effectiveOn, reason: 'senior scheme', decidedBy: 'hr1' },
  });
  const change = specification(initialAgentState, evolveAgent, (c: ChangePlan, s, planExists: boolean) => decideChangePlan(c, s, planExists));
  const changed: AgentEvent = { type: 'AgentPlanChanged', data: { ...changing('senior', '2026-10-16').data, fromPlanId: 'standard' } };

  it('moves to another published plan after the current one began, while employed', () => {
    change([hired]).when(changing('senior', '2026-10-16'), true).then([changed]);
    change([hired]).when(changing('standard', '2026-10-16'), true).thenRefused('AGENT.SAME_PLAN', 'rule');
    change([hired]).when(changing('senior', '2026-10-15'), true).thenRefused('AGENT.PLAN_CHANGE_TOO_EARLY', 'rule');
    change([hired, changed]).when(changing('standard', '2026-10-16'), true).thenRefused('AGENT.PLAN_CHANGE_TOO_EARLY', 'rule');
    change([hired]).when(changing('senior', '2026-10-16'), false).thenRefused('AGENT.UNKNOWN_PLAN', 'rule');
    change([]).when(changing('senior', '2026-10-16'), true).thenRefused('AGENT.UNKNOWN', 'not_found');
    expect([hired, changed].reduce(evolveAgent, initialAgentState)).toMatchObject({ planId: 'senior', planSince: '2026-10-16' });
  });
});

describe('promotion', () => {
  const changing = (toRole: 'agent' | 'specialist', effectiveOn: string): ChangeRole => ({
    type: 'ChangeRole',
    data: { agentId: 'a1', fromRole: toRole, toRole, effectiveOn, reason: 'promoted', decidedBy: 'mgr1' },
  });
  const change = specification(initialAgentState, evolveAgent, (c: ChangeRole, s) => decideChangeRole(c, s));
  const promoted: AgentEvent = { type: 'AgentRoleChanged', data: { ...changing('specialist', '2026-10-16').data, fromRole: 'agent' } };

  it('promotes an agent to specialist and back, each from a later date', () => {
    change([hired]).when(changing('specialist', '2026-10-16'), undefined).then([promoted]);
    change([hired]).when(changing('agent', '2026-10-16'), undefined).thenRefused('AGENT.SAME_ROLE', 'rule');
    change([hired]).when(changing('specialist', '2026-10-15'), undefined).thenRefused('AGENT.ROLE_CHANGE_TOO_EARLY', 'rule');
    change([hired, promoted]).when(changing('agent', '2026-10-16'), undefined).thenRefused('AGENT.ROLE_CHANGE_TOO_EARLY', 'rule');
    change([hired, promoted])
      .when(changing('agent', '2026-12-01'), undefined)
      .then([{ type: 'AgentRoleChanged', data: { ...changing('agent', '2026-12-01').data, fromRole: 'specialist' } }]);
    expect([hired, promoted].reduce(evolveAgent, initialAgentState)).toMatchObject({ role: 'specialist', roleSince: '2026-10-16' });
  });
});

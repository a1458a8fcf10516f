import { specification } from '../testing/given-when-then';
import { type AgentEvent, decideHireAgent, decideRecordLeaving, employedOn, evolveAgent, type HireAgent, initialAgentState, type RecordLeaving } from './agent';

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

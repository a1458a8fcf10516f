import { specification } from '../testing/given-when-then';
import { type AgentEvent, decideHireAgent, evolveAgent, type HireAgent, initialAgentState } from './agent';

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

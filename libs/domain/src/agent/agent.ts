import { conflict, ruleBroken } from '../errors';
import type { StaffRole } from '../roles';

export interface AgentHired {
  type: 'AgentHired';
  data: { agentId: string; name: string; role: StaffRole; teamId: string; hiredOn: string; planId: string };
}
export type AgentEvent = AgentHired;

export type AgentState = { hired: false } | { hired: true; agentId: string; name: string; role: StaffRole; teamId: string; hiredOn: string; planId: string };

export const initialAgentState: AgentState = { hired: false };

export function evolveAgent(state: AgentState, event: AgentEvent): AgentState {
  switch (event.type) {
    case 'AgentHired':
      return { hired: true, ...event.data };
    default: {
      const unknown: never = event.type;
      return unknown;
    }
  }
}

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

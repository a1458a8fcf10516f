/** The staff context's refusals: hiring, and naming someone who is not (or not that kind of) staff. */
export const AGENT_ERROR_CODES = ['AGENT.ALREADY_HIRED', 'AGENT.UNKNOWN', 'AGENT.UNKNOWN_PLAN', 'AGENT.WRONG_ROLE'] as const;
export type AgentErrorCode = (typeof AGENT_ERROR_CODES)[number];

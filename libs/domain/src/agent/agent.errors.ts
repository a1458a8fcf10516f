/** The staff context's refusals: hiring, leaving, and naming someone who is not (or not that kind of) staff. */
export const AGENT_ERROR_CODES = [
  'AGENT.ALREADY_HIRED',
  'AGENT.UNKNOWN',
  'AGENT.UNKNOWN_PLAN',
  'AGENT.WRONG_ROLE',
  'AGENT.ALREADY_LEFT',
  'AGENT.LEFT_BEFORE_HIRED',
  'AGENT.HAS_LEFT',
  'AGENT.STILL_EMPLOYED',
  'AGENT.REHIRED_TOO_SOON',
  'AGENT.SAME_TEAM',
  'AGENT.TRANSFER_TOO_EARLY',
  'AGENT.SAME_PLAN',
  'AGENT.PLAN_CHANGE_TOO_EARLY',
  'AGENT.SAME_ROLE',
  'AGENT.ROLE_CHANGE_TOO_EARLY',
] as const;
export type AgentErrorCode = (typeof AGENT_ERROR_CODES)[number];

import { AGENT_ERROR_CODES } from './agent/agent.errors';
import { APPEAL_ERROR_CODES, APPRAISAL_ERROR_CODES, ARCHIVE_ERROR_CODES } from './appraisal/appraisal.errors';
import { CALL_QUALITY_ERROR_CODES } from './call-quality/call-quality.errors';
import { DISCIPLINE_ERROR_CODES } from './discipline/discipline.errors';
import { INTEGRATION_ERROR_CODES } from './integration/integration.errors';
import { CALL_ERROR_CODES, DEAL_ERROR_CODES, LEAD_ERROR_CODES, VISIT_ERROR_CODES } from './lead/lead.errors';
import { PAY_ERROR_CODES } from './pay/pay.errors';
import { PLAN_ERROR_CODES } from './plan/plan.errors';
import { WEBHOOK_ERROR_CODES } from './webhook/webhook.errors';

export * from './agent/agent.errors';
export * from './appraisal/appraisal.errors';
export * from './call-quality/call-quality.errors';
export * from './integration/integration.errors';
export * from './discipline/discipline.errors';
export * from './lead/lead.errors';
export * from './pay/pay.errors';
export * from './plan/plan.errors';
export * from './webhook/webhook.errors';

/** Who may call: the auth guard, and the scope rules of commands and reads. */
export const AUTH_ERROR_CODES = [
  'AUTH.INVALID_TOKEN',
  'AUTH.MISSING_TOKEN',
  'AUTH.NOT_SELF',
  'AUTH.NO_TEAM',
  'AUTH.OTHER_TEAM',
  'AUTH.ROLE_NOT_ALLOWED',
  'AUTH.STREAM_NOT_YOURS',
] as const;
export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[number];

/** A request body, parameter or query that breaks its DTO's rules; `details.fields` names each. */
export const VALIDATION_ERROR_CODES = ['VALIDATION.FAILED'] as const;
export type ValidationErrorCode = (typeof VALIDATION_ERROR_CODES)[number];

/** A command id sent again with another payload. */
export const COMMAND_ERROR_CODES = ['COMMAND.ID_REUSED'] as const;
export type CommandErrorCode = (typeof COMMAND_ERROR_CODES)[number];

/** A stream that kept changing under a command's retries, or that the audit read did not find. */
export const STREAM_ERROR_CODES = ['STREAM.CONCURRENCY', 'STREAM.NOT_FOUND'] as const;
export type StreamErrorCode = (typeof STREAM_ERROR_CODES)[number];

/** Read-your-writes waits that ran out: the log or the read models had not reached a position yet. */
export const STORE_ERROR_CODES = ['STORE.BEHIND'] as const;
export type StoreErrorCode = (typeof STORE_ERROR_CODES)[number];

export const READ_MODEL_ERROR_CODES = ['READ_MODEL.BEHIND'] as const;
export type ReadModelErrorCode = (typeof READ_MODEL_ERROR_CODES)[number];

/**
 * Every catalogue by its prefix: each code is `<prefix>.<WHAT>`, in exactly one catalogue. The one
 * source of `ErrorCode` and of the list of codes there are.
 */
export const ERROR_CATALOGUES = {
  LEAD: LEAD_ERROR_CODES,
  CALL: CALL_ERROR_CODES,
  VISIT: VISIT_ERROR_CODES,
  DEAL: DEAL_ERROR_CODES,
  AGENT: AGENT_ERROR_CODES,
  PLAN: PLAN_ERROR_CODES,
  PAY: PAY_ERROR_CODES,
  APPRAISAL: APPRAISAL_ERROR_CODES,
  APPEAL: APPEAL_ERROR_CODES,
  ARCHIVE: ARCHIVE_ERROR_CODES,
  CALL_QUALITY: CALL_QUALITY_ERROR_CODES,
  INTEGRATION: INTEGRATION_ERROR_CODES,
  WEBHOOK: WEBHOOK_ERROR_CODES,
  DISCIPLINE: DISCIPLINE_ERROR_CODES,
  AUTH: AUTH_ERROR_CODES,
  VALIDATION: VALIDATION_ERROR_CODES,
  COMMAND: COMMAND_ERROR_CODES,
  STREAM: STREAM_ERROR_CODES,
  STORE: STORE_ERROR_CODES,
  READ_MODEL: READ_MODEL_ERROR_CODES,
} as const;

/** A refusal's stable code: a misspelt or unlisted one does not compile. */
export type ErrorCode = (typeof ERROR_CATALOGUES)[keyof typeof ERROR_CATALOGUES][number];

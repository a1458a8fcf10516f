/**
 * Refusals of the daily discipline's submissions (the work log, the plans of the 15th and 30th).
 * Clients depend on these spellings; a code is added here before anything may throw it.
 */
export const DISCIPLINE_ERROR_CODES = [
  'DISCIPLINE.BEFORE_HIRE',
  'DISCIPLINE.LOG_ALREADY_SUBMITTED',
  'DISCIPLINE.LOG_FOR_FUTURE_DAY',
  'DISCIPLINE.NOT_A_PLAN_DAY',
  'DISCIPLINE.PLAN_ALREADY_SUBMITTED',
] as const;
export type DisciplineErrorCode = (typeof DISCIPLINE_ERROR_CODES)[number];

/** Refusals of a compensation plan's publication, and of pricing by a plan that was never published. */
export const PLAN_ERROR_CODES = [
  'PLAN.BANDS_NOT_DESCENDING',
  'PLAN.UNKNOWN',
  'PLAN.VERSION_EXISTS',
  'PLAN.VERSION_NOT_INCREASING',
  'PLAN.WEIGHTS_NOT_100',
] as const;
export type PlanErrorCode = (typeof PLAN_ERROR_CODES)[number];

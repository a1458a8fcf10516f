/** The pay context's refusals: closing months, replaying them, reading the ledger. */
export const PAY_ERROR_CODES = [
  'PAY.INVALID_MONTH',
  'PAY.LEDGER_BEHIND',
  'PAY.MONTH_NOT_CLOSED',
  'PAY.MONTH_NOT_ENDED',
  'PAY.MONTH_ORDER',
  'PAY.NO_MANIFEST',
  'PAY.PREVIOUS_MONTH_OPEN',
  'PAY.UNKNOWN_PLAN_VERSION',
] as const;
export type PayErrorCode = (typeof PAY_ERROR_CODES)[number];

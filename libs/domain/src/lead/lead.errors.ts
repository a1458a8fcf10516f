/**
 * The sales context's refusals, one catalogue per thing refused: a lead, a call, a visit, a deal.
 * Clients depend on these spellings; a code is added here before anything may throw it.
 */
export const LEAD_ERROR_CODES = ['LEAD.ALREADY_EXISTS', 'LEAD.ALREADY_OWNED', 'LEAD.DUPLICATE_PHONE', 'LEAD.NOT_FOUND', 'LEAD.UNKNOWN_CATEGORY'] as const;
export type LeadErrorCode = (typeof LEAD_ERROR_CODES)[number];

export const CALL_ERROR_CODES = [
  'CALL.ALREADY_LOGGED',
  'CALL.DURATION_OUT_OF_RANGE',
  'CALL.ID_TAKEN',
  'CALL.NOT_FOUND',
  'CALL.OUTCOME_UNCHANGED',
  'CALL.STARTS_IN_FUTURE',
] as const;
export type CallErrorCode = (typeof CALL_ERROR_CODES)[number];

export const VISIT_ERROR_CODES = [
  'VISIT.ALREADY_BOOKED',
  'VISIT.ALREADY_RESOLVED',
  'VISIT.ID_TAKEN',
  'VISIT.NOT_FOUND',
  // The visit sheet (出发时间, 案场反馈): recorded once, after the visit took place.
  'VISIT.DEPARTS_IN_FUTURE',
  'VISIT.NOT_VISITED',
  'VISIT.SHEET_ALREADY_RECORDED',
] as const;
export type VisitErrorCode = (typeof VISIT_ERROR_CODES)[number];

export const DEAL_ERROR_CODES = [
  'DEAL.ALREADY_CANCELLED',
  'DEAL.ALREADY_CLOSED',
  'DEAL.BASE_EXCEEDS_AMOUNT',
  'DEAL.CANCELLED_BEFORE_CLOSE',
  'DEAL.CANCELS_IN_FUTURE',
  'DEAL.CLOSES_IN_FUTURE',
  'DEAL.ID_TAKEN',
  'DEAL.NOT_FOUND',
] as const;
export type DealErrorCode = (typeof DEAL_ERROR_CODES)[number];

export type SalesErrorCode = LeadErrorCode | CallErrorCode | VisitErrorCode | DealErrorCode;

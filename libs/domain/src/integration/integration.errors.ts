/** Refusals of the integrators' feed. */
export const INTEGRATION_ERROR_CODES = ['INTEGRATION.TOO_MANY_STREAMS', 'INTEGRATION.UNKNOWN_TYPE'] as const;
export type IntegrationErrorCode = (typeof INTEGRATION_ERROR_CODES)[number];

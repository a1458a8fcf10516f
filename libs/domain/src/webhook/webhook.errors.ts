/** Refusals of a webhook's registration, re-drive and deactivation (libs/webhooks). */
export const WEBHOOK_ERROR_CODES = [
  'WEBHOOK.DEACTIVATED',
  'WEBHOOK.EXISTS',
  'WEBHOOK.NOT_ACTIVE',
  'WEBHOOK.NOT_FOUND',
  'WEBHOOK.NOT_PARKED',
  'WEBHOOK.TARGET_FORBIDDEN',
  'WEBHOOK.TOO_MANY',
] as const;
export type WebhookErrorCode = (typeof WEBHOOK_ERROR_CODES)[number];

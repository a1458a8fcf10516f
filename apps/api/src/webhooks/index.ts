export { WebhooksModule, type WebhooksOptions } from './webhooks.module';
export { loadWebhookConfig, type WebhookConfig } from './webhook-config';
export { signDelivery, verifyDelivery } from './signature';

export { WebhooksModule, type WebhooksOptions } from './webhooks.module';
export { loadWebhookConfig, type WebhookConfig } from './webhook-config';
export { signDelivery, verifyDelivery } from './signature';
export { CreateWebhookDeliveries1764806400500, WebhookDelivery } from './delivery/webhook-delivery.entity';

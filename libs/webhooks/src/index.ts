export { WEBHOOK_CONFIG, WebhookDeliveryModule, type WebhookDeliveryOptions } from './webhook-delivery.module';
export { loadWebhookConfig, type WebhookConfig } from './webhook-config';
export { signDelivery, verifyDelivery } from './signature';
export { CreateWebhookDeliveries1764806400500, WebhookDelivery } from './delivery/webhook-delivery.entity';
export { type DeliveryState, DeliveryStates } from './delivery/delivery-state';
export { WebhookSecrets } from './webhook-secrets';
export { Webhooks } from './webhooks';
export * from './webhook';
export { forbiddenClassOf, TargetGuard, TargetRefused } from './delivery/target-guard';

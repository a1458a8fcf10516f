import { type DynamicModule, Module } from '@nestjs/common';
import { WebhookDeliveryModule, type WebhookDeliveryOptions } from '@app/webhooks';
import { DeactivateWebhookHandler } from './deactivate-webhook/deactivate-webhook.command';
import { DeactivateWebhookController } from './deactivate-webhook/deactivate-webhook.http';
import { ReadWebhooksController } from './read-webhooks/read-webhooks.http';
import { RedriveWebhookHandler } from './redrive-webhook/redrive-webhook.command';
import { RedriveWebhookController } from './redrive-webhook/redrive-webhook.http';
import { RegisterWebhookHandler } from './register-webhook/register-webhook.command';
import { RegisterWebhookController } from './register-webhook/register-webhook.http';

/** Webhook subscribers' routes: registration, status, re-drive and deactivation; @app/webhooks delivers. */
@Module({})
export class WebhooksModule {
  static forRoot(options: WebhookDeliveryOptions): DynamicModule {
    return {
      module: WebhooksModule,
      imports: [WebhookDeliveryModule.forRoot(options)],
      controllers: [RegisterWebhookController, RedriveWebhookController, DeactivateWebhookController, ReadWebhooksController],
      providers: [RegisterWebhookHandler, RedriveWebhookHandler, DeactivateWebhookHandler],
    };
  }
}

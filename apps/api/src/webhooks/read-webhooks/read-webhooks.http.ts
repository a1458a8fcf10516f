import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiQuery, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { type Actor, DomainError } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { CurrentActor, Roles } from '../../http/auth';
import { entityIdParam } from '../../http/command-http';
import { invalidField } from '../../http/validators';
import { DeliveryStates, mayReadWebhook, unknownWebhook, Webhooks } from '@app/webhooks';
import { webhookView, WebhookView } from './webhook.view';

const WAIT_MS = 5000;

/** Integrators read their own webhooks; managers and directors every one. */
@ApiTags('webhooks')
@ApiBearerAuth()
@ApiExtraModels(WebhookView)
@Controller('webhooks')
export class ReadWebhooksController {
  constructor(
    private readonly webhooks: Webhooks,
    private readonly deliveries: DeliveryStates,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @Roles('integrator', 'manager', 'director')
  @ApiQuery({ name: 'minPosition', required: false })
  @ApiOkResponse({ schema: { type: 'object', properties: { items: { type: 'array', items: { $ref: getSchemaPath(WebhookView) } } } } })
  async list(@CurrentActor() actor: Actor, @Query('minPosition') minPosition?: string): Promise<{ items: WebhookView[] }> {
    await this.reached(minPosition);
    const visible = (await this.webhooks.all()).filter((w) => mayReadWebhook(w, actor));
    const deliveries = await this.deliveries.readMany(visible.map((w) => w.webhookId));
    return { items: visible.map((w) => webhookView(w, deliveries.get(w.webhookId))) };
  }

  @Get(':webhookId')
  @Roles('integrator', 'manager', 'director')
  @ApiOkResponse({ type: WebhookView })
  async one(@Param('webhookId', entityIdParam('webhookId')) webhookId: string, @CurrentActor() actor: Actor): Promise<WebhookView> {
    // The stream itself: always as current as the last write.
    const webhook = await this.webhooks.load(webhookId);
    if (!mayReadWebhook(webhook, actor)) throw unknownWebhook(webhookId);
    return webhookView(webhook, await this.deliveries.read(webhookId));
  }

  /** The list folds the global log: it waits (≤ 5 s) until the log shows `minPosition`. */
  private async reached(minPosition: string | undefined): Promise<void> {
    if (minPosition === undefined || minPosition === '') return;
    if (!/^\d{1,19}$/.test(minPosition)) throw invalidField('minPosition', 'minPosition must be a position as returned by a command');
    const deadline = Date.now() + WAIT_MS;
    while ((await this.store.headPosition()) < BigInt(minPosition)) {
      if (Date.now() > deadline) {
        throw new DomainError('STORE.BEHIND', 'unavailable', `the event log does not show position ${minPosition} within ${WAIT_MS / 1000} s; retry`, {
          minPosition,
          retryAfterSeconds: 1,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

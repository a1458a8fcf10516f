import { Inject, Injectable } from '@nestjs/common';
import { webhookStream } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { type CommandContext, CommandExecutor, EventReader, type WriteResult } from '@app/application';
import { evolveWebhook, initialWebhookState, type RegisteredWebhook, WEBHOOK_EVENT_TYPES, type WebhookEvent, type WebhookState } from './webhook';

const PAGE = 1000;

/** Glue shared by the webhook commands, queries and the dispatcher: each webhook's stream, and all of them. */
@Injectable()
export class Webhooks {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly reader: EventReader,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** Read the webhook's stream, fold, decide, append (with the executor's retries and idempotency). */
  run(webhookId: string, decide: (state: WebhookState) => WebhookEvent[], ctx: CommandContext): Promise<WriteResult> {
    return this.executor.execute({ streamId: webhookStream(webhookId), initial: initialWebhookState, evolve: evolveWebhook, decide }, ctx);
  }

  async load(webhookId: string): Promise<WebhookState> {
    return this.reader.fold(webhookStream(webhookId), initialWebhookState, evolveWebhook);
  }

  /**
   * Every webhook, folded from the webhook events of the global log (a handful per subscriber, read
   * through the store's type index), so a list is never behind the streams it is made of.
   */
  async all(): Promise<RegisteredWebhook[]> {
    const states = new Map<string, WebhookState>();
    await this.follow(0n, (event) => {
      const id = event.data.webhookId;
      states.set(id, evolveWebhook(states.get(id) ?? initialWebhookState, event));
    });
    return [...states.values()].filter((s): s is RegisteredWebhook => s.registered);
  }

  /** Hands every webhook event after `fromPosition` to `see`, in order; answers the position of the last one. */
  async follow(fromPosition: bigint, see: (event: WebhookEvent, position: bigint) => void): Promise<bigint> {
    let position = fromPosition;
    for (;;) {
      const page = await this.store.readAll({ fromPosition: position, types: WEBHOOK_EVENT_TYPES, limit: PAGE });
      for (const e of page) {
        see({ type: e.type, data: e.data } as WebhookEvent, e.position);
        position = e.position;
      }
      if (page.length < PAGE) return position;
    }
  }
}

import { type DynamicModule, Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { domainUpcasters } from '@app/domain';
import {
  createEventStoreDbEventStore,
  createPgliteEventStore,
  createPostgresEventStore,
  EVENT_STORE,
  type EventStore,
  UpcasterRegistry,
  upcastingEventStore,
} from '@app/event-store';
import type { StoreConfig } from './config';

/**
 * The configured adapter, read through the domain's upcasters: the one place old event shapes are
 * lifted, for commands, projections, the feed, webhooks and the CLIs alike.
 */
export async function openEventStore(config: StoreConfig): Promise<EventStore> {
  return upcastingEventStore(await openAdapter(config), new UpcasterRegistry(domainUpcasters));
}

function openAdapter(config: StoreConfig): Promise<EventStore> {
  switch (config.kind) {
    case 'eventstoredb':
      return createEventStoreDbEventStore({ connectionString: config.connectionString });
    case 'postgres':
      return createPostgresEventStore({ connectionString: config.connectionString, schema: config.schema });
    case 'pglite':
      return createPgliteEventStore({ dataDir: config.dataDir });
  }
}

/** Chooses the one adapter behind the EVENT_STORE token, once, from configuration. */
@Global()
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  static forRootAsync(config: StoreConfig): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        {
          provide: EVENT_STORE,
          useFactory: async () => {
            const store = await openEventStore(config);
            new Logger('EventStore').log(`event store: ${store.kind}${config.kind === 'pglite' ? ` in ${config.dataDir ?? 'memory'}` : ''}`);
            return store;
          },
        },
      ],
      exports: [EVENT_STORE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

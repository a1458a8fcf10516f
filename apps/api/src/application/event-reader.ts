import { Inject, Injectable } from '@nestjs/common';
import { domainUpcasters } from '@app/domain';
import { EVENT_STORE, type EventStore, type RecordedEvent, UpcasterRegistry } from '@app/event-store';

/** Reads streams through the upcaster registry, so that code only ever sees current event shapes. */
@Injectable()
export class EventReader {
  private readonly upcasters = new UpcasterRegistry(domainUpcasters);

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    return (await this.store.readStream(streamId)).map((e) => this.upcasters.upcast(e));
  }

  /** Folds a stream into state; `evolve` sees events as the domain types them. */
  async fold<S, E>(streamId: string, initial: S, evolve: (state: S, event: E) => S): Promise<S> {
    return (await this.readStream(streamId)).reduce((s, e) => evolve(s, e as unknown as E), initial);
  }
}

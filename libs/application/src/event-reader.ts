import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@app/event-store';

/** Reads and folds streams; the store behind EVENT_STORE already yields current event shapes. */
@Injectable()
export class EventReader {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  readStream(streamId: string): Promise<RecordedEvent[]> {
    return this.store.readStream(streamId);
  }

  /** Folds a stream into state; `evolve` sees events as the domain types them. */
  async fold<S, E>(streamId: string, initial: S, evolve: (state: S, event: E) => S): Promise<S> {
    return (await this.readStream(streamId)).reduce((s, e) => evolve(s, e as unknown as E), initial);
  }
}

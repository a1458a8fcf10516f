import type { RecordedEvent } from './event-store.port';

/** Turns the data of `type` at `fromVersion` into the data at `fromVersion + 1`. */
export interface Upcaster {
  type: string;
  fromVersion: number;
  upcast(data: Record<string, unknown>): Record<string, unknown>;
}

/**
 * Old events are never rewritten; they are read through this registry, which lifts each to the
 * current schema version one step at a time.
 */
export class UpcasterRegistry {
  private readonly byKey = new Map<string, Upcaster>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const u of upcasters) this.byKey.set(`${u.type}@${u.fromVersion}`, u);
  }

  upcast<E extends RecordedEvent>(event: E): E {
    let version = Number(event.metadata.schemaVersion ?? 1);
    let data = event.data as Record<string, unknown>;
    let step = this.byKey.get(`${event.type}@${version}`);
    if (!step) return event;
    while (step) {
      data = step.upcast(data);
      version += 1;
      step = this.byKey.get(`${event.type}@${version}`);
    }
    return { ...event, data, metadata: { ...event.metadata, schemaVersion: version } };
  }
}

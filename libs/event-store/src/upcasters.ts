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
  /** Steps by type, then by the version they lift from: most types have none, and pass untouched. */
  private readonly byType = new Map<string, Map<number, Upcaster>>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const u of upcasters) {
      const steps = this.byType.get(u.type) ?? new Map<number, Upcaster>();
      this.byType.set(u.type, steps.set(u.fromVersion, u));
    }
  }

  upcast<E extends RecordedEvent>(event: E): E {
    const steps = this.byType.get(event.type);
    if (!steps) return event;
    let version = Number(event.metadata.schemaVersion ?? 1);
    let data = event.data as Record<string, unknown>;
    let step = steps.get(version);
    if (!step) return event;
    while (step) {
      data = step.upcast(data);
      version += 1;
      step = steps.get(version);
    }
    return { ...event, data, metadata: { ...event.metadata, schemaVersion: version } };
  }
}

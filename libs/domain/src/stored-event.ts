/**
 * A stored event as the domain reads it (pay's fold, the integration mapping): the store's
 * RecordedEvent without its stream, so that the domain does not depend on the store.
 */
export interface StoredEvent {
  eventId: string;
  position: bigint;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  recordedAt: Date;
}

/** What the caller expects of the stream before an append. */
export type ExpectedState = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface EventToAppend {
  eventId: string;
  type: string;
  data: unknown;
  /** Everything of the envelope but `recordedAt`, which the store sets. */
  metadata: Record<string, unknown>;
}

export interface RecordedEvent<Data = unknown, Type extends string = string> {
  streamId: string;
  /** 0-based revision of the event within its stream. */
  revision: bigint;
  /** Global position: strictly increasing in the order subscribers see events. */
  position: bigint;
  eventId: string;
  type: Type;
  data: Data;
  metadata: Record<string, unknown>;
  /** When the store accepted the event. */
  recordedAt: Date;
}

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  nextRevision: bigint;
  /** Global position of the last event appended (or found, for an idempotent re-append). */
  position: bigint;
}

export interface ReadAllOptions {
  /** Exclusive: only events after this position. Omit to start at the beginning. */
  fromPosition?: bigint;
  types?: readonly string[];
  limit?: number;
}

export interface SubscribeOptions {
  fromPosition?: bigint;
  types?: readonly string[];
  signal?: AbortSignal;
}

export interface EventStore {
  readonly kind: 'postgres' | 'pglite' | 'eventstoredb';
  /** Appends atomically; throws WrongExpectedStateError. Re-appending stored event ids is a no-op. */
  append(streamId: string, events: readonly EventToAppend[], expected: ExpectedState): Promise<AppendResult>;
  /** The stream in revision order; an unknown stream reads as empty. */
  readStream(streamId: string): Promise<RecordedEvent[]>;
  /** A page of the global log in position order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catches up from the position, then follows live appends until the signal aborts. */
  subscribe(options?: SubscribeOptions): AsyncIterable<RecordedEvent>;
  /** Position of the newest event a subscriber could see now (0n when empty). */
  headPosition(): Promise<bigint>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');

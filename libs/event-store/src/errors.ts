import type { ExpectedState } from './event-store.port';

/** The stream was not in the state the writer expected. */
export class WrongExpectedStateError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedState,
    /** The stream's current revision, or 'no_stream'. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(`stream ${streamId}: expected ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedStateError';
  }
}

/** Some of the event ids are already stored, but not as this exact append. */
export class EventIdConflictError extends Error {
  constructor(
    readonly streamId: string,
    readonly eventIds: readonly string[],
  ) {
    super(`stream ${streamId}: event ids already stored elsewhere or partially: ${eventIds.join(', ')}`);
    this.name = 'EventIdConflictError';
  }
}

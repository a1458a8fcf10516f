import { Inject, Injectable } from '@nestjs/common';
import { conflict, type IdentifierReserved, type ReservationKind, schemaVersionOf } from '@app/domain';
import {
  EVENT_STORE,
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  eventIdFor,
  type RecordedEvent,
  WrongExpectedStateError,
} from '@app/event-store';
import type { CommandContext } from './command-context';
import { EventReader } from './event-reader';
import type { WriteResult } from './write-result';

export interface DomainEvent {
  type: string;
  data: unknown;
}

/** An identifier that must be unique across streams, claimed before the command's own events land. */
export interface Reservation {
  streamId: string;
  kind: ReservationKind;
  leadId: string;
  /** The refusal when another command holds it. */
  taken: (holderLeadId: string) => Error;
}

export interface CommandPlan<S, E extends DomainEvent> {
  streamId: string;
  initial: S;
  evolve: (state: S, event: E) => S;
  decide: (state: S) => E[];
  reservations?: Reservation[];
  /** Business time of an event, e.g. the call's start; defaults to when the command arrived. */
  occurredAt?: (event: E) => string;
}

const MAX_ATTEMPTS = 10;

/**
 * The glue every command handler shares: read the stream, answer a retry with the first result,
 * decide, claim unique identifiers, append with the revision that was read, and try again when
 * another writer got there first. Nothing is appended unless the decision succeeds.
 */
@Injectable()
export class CommandExecutor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly reader: EventReader,
  ) {}

  async execute<S, E extends DomainEvent>(plan: CommandPlan<S, E>, ctx: CommandContext): Promise<WriteResult> {
    for (let attempt = 1; ; attempt++) {
      const history = await this.reader.readStream(plan.streamId);
      const earlier = this.earlierResult(plan.streamId, history, ctx);
      if (earlier) return earlier;
      const state = history.reduce((s, e) => plan.evolve(s, e as unknown as E), plan.initial);
      const events = plan.decide(state);
      for (const reservation of plan.reservations ?? []) await this.reserve(reservation, ctx);
      const expected = history.length ? history[history.length - 1].revision : 'no_stream';
      try {
        const appended = await this.store.append(plan.streamId, this.envelope(events, ctx, plan.occurredAt), expected);
        return { streamId: plan.streamId, revision: appended.nextRevision, position: appended.position, created: true };
      } catch (error) {
        if (error instanceof WrongExpectedStateError && attempt < MAX_ATTEMPTS) continue;
        if (error instanceof WrongExpectedStateError) {
          throw conflict('STREAM.CONCURRENCY', `${plan.streamId} kept changing; try again`, { streamId: plan.streamId });
        }
        throw error;
      }
    }
  }

  private earlierResult(streamId: string, history: RecordedEvent[], ctx: CommandContext): WriteResult | undefined {
    const mine = history.filter((e) => e.metadata.commandId === ctx.commandId);
    if (mine.length === 0) return undefined;
    if (mine[0].metadata.commandHash !== ctx.commandHash) throw idConflict(ctx.commandId);
    const last = mine[mine.length - 1];
    return { streamId, revision: last.revision, position: last.position, created: false };
  }

  private async reserve(r: Reservation, ctx: CommandContext): Promise<void> {
    const claim: IdentifierReserved = { type: 'IdentifierReserved', data: { kind: r.kind, leadId: r.leadId } };
    const [event] = this.envelope([claim], ctx, undefined, `reserve-${r.kind}`);
    try {
      await this.store.append(r.streamId, [event], 'no_stream');
    } catch (error) {
      if (!(error instanceof WrongExpectedStateError)) throw error;
      const [holder] = await this.store.readStream(r.streamId);
      if (holder.metadata.commandId !== ctx.commandId) throw r.taken((holder.data as IdentifierReserved['data']).leadId);
      // This command claimed it on an earlier attempt that did not finish.
      if (holder.metadata.commandHash !== ctx.commandHash) throw idConflict(ctx.commandId);
    }
  }

  private envelope(events: DomainEvent[], ctx: CommandContext, occurredAt?: (e: never) => string, salt = ''): EventToAppend[] {
    return events.map((event, index) => {
      const eventId = eventIdFor(`${ctx.commandId}${salt}`, index);
      const metadata: EventMetadata = {
        eventId,
        commandId: ctx.commandId,
        commandHash: ctx.commandHash,
        correlationId: ctx.correlationId,
        causationId: ctx.causationId,
        actor: { sub: ctx.actor.sub, roles: [...ctx.actor.roles] },
        occurredAt: occurredAt?.(event as never) ?? ctx.now.toISOString(),
        schemaVersion: schemaVersionOf(event.type),
      };
      return { eventId, type: event.type, data: event.data, metadata: { ...metadata } };
    });
  }
}

function idConflict(commandId: string) {
  return conflict('COMMAND.ID_REUSED', `command ${commandId} was already sent with a different payload`, { commandId });
}

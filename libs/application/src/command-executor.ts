import { Inject, Injectable } from '@nestjs/common';
import { conflict, DomainError, type ReservationEvent, type ReservationKind, schemaVersionOf } from '@app/domain';
import {
  EVENT_STORE,
  type EventMetadata,
  type EventStore,
  EventIdConflictError,
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

interface Claimed {
  streamId: string;
  /** Revision of the IdentifierReserved this command appended. */
  revision: bigint;
  kind: ReservationKind;
  leadId: string;
}

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
    const claimed: Claimed[] = [];
    try {
      return await this.attempt(plan, ctx, claimed);
    } catch (error) {
      // A refused command leaves nothing behind, not even the identifiers it claimed on the way.
      for (const claim of claimed) await this.release(claim, ctx, error);
      if (error instanceof EventIdConflictError) throw idConflict(ctx.commandId);
      throw error;
    }
  }

  private async attempt<S, E extends DomainEvent>(plan: CommandPlan<S, E>, ctx: CommandContext, claimed: Claimed[]): Promise<WriteResult> {
    for (let attempt = 1; ; attempt++) {
      const history = await this.reader.readStream(plan.streamId);
      const state = history.reduce((s, e) => plan.evolve(s, e as unknown as E), plan.initial);
      const earlier = this.earlierResult(plan, state, history, ctx);
      if (earlier) return earlier;
      const events = plan.decide(state);
      for (const reservation of plan.reservations ?? []) {
        const claim = await this.reserve(reservation, ctx);
        if (claim && !claimed.some((c) => c.streamId === claim.streamId)) claimed.push(claim);
      }
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

  /**
   * The first result of a command sent again — after its sender's rights are decided on the
   * stream as it is now: the decision is run again, and a refusal of who is asking (401, 403, or
   * the 404 that stands for "not yours") is the answer, whether or not the id was used. Any other
   * refusal is the command's own effect (it was applied), so the first result stands.
   */
  private earlierResult<S, E extends DomainEvent>(plan: CommandPlan<S, E>, state: S, history: RecordedEvent[], ctx: CommandContext): WriteResult | undefined {
    const streamId = plan.streamId;
    const mine = history.filter((e) => e.metadata.commandId === ctx.commandId);
    if (mine.length === 0) return undefined;
    try {
      plan.decide(state);
    } catch (error) {
      if (error instanceof DomainError && CALLER_REFUSALS.has(error.category)) throw error;
    }
    if (mine[0].metadata.commandHash !== ctx.commandHash) throw idConflict(ctx.commandId);
    // Only its sender learns the first result; anyone else hears that the id is taken.
    if ((mine[0].metadata.actor as { sub?: string } | undefined)?.sub !== ctx.actor.sub) throw idConflict(ctx.commandId);
    const last = mine[mine.length - 1];
    return { streamId, revision: last.revision, position: last.position, created: false };
  }

  /**
   * Claims the identifier for this command; returns the claim when this call made it, undefined
   * when the command already held it (an earlier attempt). Refuses when someone else holds it.
   * An earlier attempt's first claim comes back as made by this call (the store takes the same
   * event id as a retry), so a refusal now releases it: which is what a refused command owes.
   */
  private async reserve(r: Reservation, ctx: CommandContext): Promise<Claimed | undefined> {
    // Most identifiers are new: claim without reading first, and read only when the stream exists.
    const fresh = await this.claim(r, ctx, undefined);
    if (fresh) return fresh;
    for (;;) {
      const history = await this.store.readStream(r.streamId);
      const last = history[history.length - 1];
      if (last?.type === 'IdentifierReserved') {
        if (last.metadata.commandId !== ctx.commandId) throw r.taken((last.data as ReservationEvent['data']).leadId);
        if (last.metadata.commandHash !== ctx.commandHash) throw idConflict(ctx.commandId);
        return undefined;
      }
      const claimed = await this.claim(r, ctx, last?.revision);
      if (claimed) return claimed;
    }
  }

  /** Appends the claim after `after` (undefined: as the stream's first event); undefined when another writer moved first. */
  private async claim(r: Reservation, ctx: CommandContext, after: bigint | undefined): Promise<Claimed | undefined> {
    const claim: ReservationEvent = { type: 'IdentifierReserved', data: { kind: r.kind, leadId: r.leadId } };
    const revision = after === undefined ? 0n : after + 1n;
    try {
      await this.store.append(r.streamId, [this.reservationEvent(claim, r.streamId, revision, ctx)], after ?? 'no_stream');
      return { streamId: r.streamId, revision, kind: r.kind, leadId: r.leadId };
    } catch (error) {
      if (error instanceof WrongExpectedStateError) return undefined;
      throw error;
    }
  }

  private async release(claim: Claimed, ctx: CommandContext, cause: unknown): Promise<void> {
    const reason = cause instanceof DomainError ? cause.code : 'command failed';
    const event: ReservationEvent = { type: 'IdentifierReleased', data: { kind: claim.kind, leadId: claim.leadId, reason } };
    // Only if the claim is still the last word; best effort, since the refusal itself must reach the caller.
    await this.store.append(claim.streamId, [this.reservationEvent(event, claim.streamId, claim.revision + 1n, ctx)], claim.revision).catch(() => undefined);
  }

  /** Reservation events get ids of their own stream and place, so a claim after a release is a new event. */
  private reservationEvent(event: ReservationEvent, streamId: string, revision: bigint, ctx: CommandContext): EventToAppend {
    const [envelope] = this.envelope([event], ctx);
    const eventId = eventIdFor(`${ctx.commandId}#${ctx.commandHash}@${streamId}`, Number(revision));
    return { ...envelope, eventId, metadata: { ...envelope.metadata, eventId } };
  }

  private envelope(events: DomainEvent[], ctx: CommandContext, occurredAt?: (e: never) => string): EventToAppend[] {
    return events.map((event, index) => {
      // The payload's hash is part of the name: another payload under the same command id gets
      // other event ids, so the store's de-duplication can never pass it off as a retry.
      const eventId = eventIdFor(`${ctx.commandId}#${ctx.commandHash}`, index);
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

/** The refusals that are about who is asking rather than about the command. */
const CALLER_REFUSALS = new Set<DomainError['category']>(['unauthorized', 'forbidden', 'not_found']);

function idConflict(commandId: string) {
  return conflict('COMMAND.ID_REUSED', `command ${commandId} was already sent with a different payload`, { commandId });
}

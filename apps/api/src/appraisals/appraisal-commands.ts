import { Injectable } from '@nestjs/common';
import { Command } from '@nestjs/cqrs';
import {
  type AppraisalEvent,
  type AppraisalState,
  type ArchiveAccessEvent,
  type ArchiveAccessState,
  conflict,
  evolveAppraisal,
  evolveArchiveAccess,
  initialAppraisalState,
  initialArchiveAccessState,
  notFound,
  type OpenedAppraisal,
  requireOpenedAppraisal,
  type ReservationEvent,
  streams,
} from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { type CommandContext, CommandExecutor, EventReader, type Reservation, type WriteResult } from '@app/application';

/** An appraisal command on the bus: its data and who sent it. */
export abstract class AppraisalCommand<D> extends Command<WriteResult> {
  constructor(
    readonly data: D,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

/** What every appraisal decision needs from the command's context. */
export const decisionContext = (ctx: CommandContext, appraisalId: string) => ({ now: ctx.now, actor: ctx.actor, appraisalId });

/** Glue shared by the appraisal handlers: the appraisal's stream, its appeals' claims, the archive access streams. */
@Injectable()
export class Appraisals {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly reader: EventReader,
  ) {}

  /** Read the appraisal's stream, fold, decide, append (with the executor's retries and idempotency). */
  run(appraisalId: string, decide: (state: AppraisalState) => AppraisalEvent[], ctx: CommandContext, reservations?: Reservation[]): Promise<WriteResult> {
    return this.executor.execute(
      { streamId: streams.appraisal(appraisalId), initial: initialAppraisalState, evolve: evolveAppraisal, decide, reservations },
      ctx,
    );
  }

  /** The same on an archive access request's stream. */
  runAccess(requestId: string, decide: (state: ArchiveAccessState) => ArchiveAccessEvent[], ctx: CommandContext): Promise<WriteResult> {
    return this.executor.execute({ streamId: streams.archiveAccess(requestId), initial: initialArchiveAccessState, evolve: evolveArchiveAccess, decide }, ctx);
  }

  /** The appraisal's events as stored and what they fold to; APPRAISAL.NOT_FOUND when there is none. */
  async load(appraisalId: string): Promise<{ events: RecordedEvent[]; appraisal: OpenedAppraisal }> {
    const events = await this.reader.readStream(streams.appraisal(appraisalId));
    const state = events.reduce((s, e) => evolveAppraisal(s, e as unknown as AppraisalEvent), initialAppraisalState);
    return { events, appraisal: requireOpenedAppraisal(state, appraisalId) };
  }

  /** Claims an appeal id for its appraisal: appeal ids are unique across appraisals. */
  appealClaim(appealId: string, appraisalId: string): Reservation {
    return {
      streamId: streams.reservation.appeal(appealId),
      kind: 'appeal',
      leadId: appraisalId,
      taken: (holder) => conflict('APPEAL.ID_TAKEN', `appeal id ${appealId} is already used on appraisal ${holder}`, { appraisalId: holder }),
    };
  }

  /** The appraisal an appeal belongs to, from its claim; APPEAL.UNKNOWN when no appeal has that id. */
  async appraisalOfAppeal(appealId: string): Promise<string> {
    const claim = (await this.reader.readStream(streams.reservation.appeal(appealId))).at(-1);
    if (claim?.type !== 'IdentifierReserved') throw notFound('APPEAL.UNKNOWN', `appeal ${appealId} does not exist`, { appealId });
    return (claim.data as ReservationEvent['data']).leadId;
  }
}

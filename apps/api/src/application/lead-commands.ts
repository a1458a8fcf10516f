import { Injectable } from '@nestjs/common';
import {
  type AgentEvent,
  decideLead,
  evolveLead,
  evolveAgent,
  initialAgentState,
  initialLeadState,
  type IdentifierReserved,
  type LeadCommand,
  type LeadEvent,
  notFound,
  type ReservationKind,
  streams,
} from '@app/domain';
import type { CommandContext } from './command-context';
import { CommandExecutor, type Reservation } from './command-executor';
import { EventReader } from './event-reader';
import type { WriteResult } from './write-result';

/** Business time of each lead event: when the call started, the visit is due, the deal closed. */
function occurredAt(event: LeadEvent): string | undefined {
  switch (event.type) {
    case 'CallLogged':
      return event.data.startedAt;
    case 'DealClosed':
      return event.data.closedAt;
    case 'DealCancelled':
      return event.data.cancelledAt;
    default:
      return undefined;
  }
}

/** Glue shared by every command on a lead's stream. */
@Injectable()
export class LeadCommands {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly reader: EventReader,
  ) {}

  async run(
    command: LeadCommand,
    ctx: CommandContext,
    target: { leadId: string; personId?: string | null; reservations?: Reservation[] },
  ): Promise<WriteResult> {
    const person = target.personId
      ? await this.reader.fold(streams.agent(target.personId), initialAgentState, (s, e: AgentEvent) => evolveAgent(s, e))
      : undefined;
    return this.executor.execute(
      {
        streamId: streams.lead(target.leadId),
        initial: initialLeadState,
        evolve: evolveLead,
        decide: (state) => decideLead(command, state, { now: ctx.now, actor: ctx.actor, person }),
        reservations: target.reservations,
        occurredAt: (e: LeadEvent) => occurredAt(e) ?? ctx.now.toISOString(),
      },
      ctx,
    );
  }

  /** The lead a call, visit or deal belongs to, from its reservation; 404 when there is none. */
  async leadOf(kind: Exclude<ReservationKind, 'phone'>, id: string): Promise<string> {
    const [claim] = await this.reader.readStream(streams.reservation[kind](id));
    if (!claim) throw notFound(`${kind.toUpperCase()}.NOT_FOUND`, `${kind} ${id} does not exist`, { [`${kind}Id`]: id });
    return (claim.data as IdentifierReserved['data']).leadId;
  }
}

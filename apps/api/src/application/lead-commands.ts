import { Injectable } from '@nestjs/common';
import {
  type AgentEvent,
  authorizeLeadCommand,
  decideLead,
  evolveLead,
  evolveAgent,
  initialAgentState,
  initialLeadState,
  type LeadCategories,
  type LeadCommand,
  type LeadEvent,
  conflict,
  notFound,
  type RegisteredLead,
  type ReservationEvent,
  type ReservationKind,
  type SalesErrorCode,
  streams,
} from '@app/domain';
import { type CommandContext, CommandExecutor, EventReader, type Reservation, type WriteResult } from '@app/application';

/** The ids a lead claims across all leads (appeal ids are an appraisal's), and the codes that refuse them. */
type LeadIdKind = Exclude<ReservationKind, 'phone' | 'appeal'>;
const ID_REFUSALS: Record<LeadIdKind, { taken: SalesErrorCode; notFound: SalesErrorCode }> = {
  call: { taken: 'CALL.ID_TAKEN', notFound: 'CALL.NOT_FOUND' },
  visit: { taken: 'VISIT.ID_TAKEN', notFound: 'VISIT.NOT_FOUND' },
  deal: { taken: 'DEAL.ID_TAKEN', notFound: 'DEAL.NOT_FOUND' },
};

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
    target: {
      leadId: string;
      /** The person the command names, or how to find them on the lead (the call's agent, the deal's closer). */
      personId?: string | null | ((lead: RegisteredLead) => string | null | undefined);
      reservations?: Reservation[];
      /** The categories a lead may be given (GradeLead). */
      categories?: LeadCategories;
      /** Read the lead's current owner too (AssignLead: a supervisor takes leads only from their own team). */
      withOwner?: boolean;
    },
  ): Promise<WriteResult> {
    authorizeLeadCommand(command, ctx.actor);
    const personId = typeof target.personId === 'function' ? await this.personOnLead(target.leadId, target.personId) : target.personId;
    const person = personId ? await this.agent(personId) : undefined;
    const ownerId = target.withOwner ? (await this.lead(target.leadId))?.ownerId : undefined;
    const owner = ownerId ? await this.agent(ownerId) : undefined;
    return this.executor.execute(
      {
        streamId: streams.lead(target.leadId),
        initial: initialLeadState,
        evolve: evolveLead,
        decide: (state) => decideLead(command, state, { now: ctx.now, actor: ctx.actor, person, owner, leadId: target.leadId, categories: target.categories }),
        reservations: target.reservations,
        occurredAt: (e: LeadEvent) => occurredAt(e) ?? ctx.now.toISOString(),
      },
      ctx,
    );
  }

  private agent(agentId: string) {
    return this.reader.fold(streams.agent(agentId), initialAgentState, (s, e: AgentEvent) => evolveAgent(s, e));
  }

  /** The lead as its stream folds, or undefined when it is not registered. */
  async lead(leadId: string): Promise<RegisteredLead | undefined> {
    const lead = await this.reader.fold(streams.lead(leadId), initialLeadState, evolveLead);
    return lead.registered ? lead : undefined;
  }

  private async personOnLead(leadId: string, find: (lead: RegisteredLead) => string | null | undefined) {
    const lead = await this.reader.fold(streams.lead(leadId), initialLeadState, evolveLead);
    return lead.registered ? find(lead) : undefined;
  }

  /** A claim on a call, visit or deal id for this lead; another lead holding it is a 409. */
  idClaim(kind: LeadIdKind, id: string, leadId: string): Reservation {
    return {
      streamId: streams.reservation[kind](id),
      kind,
      leadId,
      taken: (holder) => conflict(ID_REFUSALS[kind].taken, `${kind} id ${id} is already used on lead ${holder}`, { leadId: holder }),
    };
  }

  /** The lead a call, visit or deal belongs to, from its reservation; 404 when there is none. */
  async leadOf(kind: LeadIdKind, id: string): Promise<string> {
    const claim = (await this.reader.readStream(streams.reservation[kind](id))).at(-1);
    if (claim?.type !== 'IdentifierReserved') throw notFound(ID_REFUSALS[kind].notFound, `${kind} ${id} does not exist`, { [`${kind}Id`]: id });
    return (claim.data as ReservationEvent['data']).leadId;
  }
}

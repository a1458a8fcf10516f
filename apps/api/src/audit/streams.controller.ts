import { Controller, Get, Param, ParseIntPipe, Query, DefaultValuePipe } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  type Actor,
  type AgentEvent,
  type AppraisalEvent,
  type ArchiveAccessEvent,
  type DisciplineEvent,
  evolveAgent,
  forbidden,
  initialAgentState,
  type LeadEvent,
  maskPhone,
  notFound,
  streams,
} from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { EventReader } from '@app/application';
import { CurrentActor, Roles } from '../http/auth';

/** Roles that work leads see customers' phones; everyone else sees them masked. */
const WORKS_LEADS = new Set(['agent', 'specialist', 'supervisor', 'manager', 'director']);
const READS_EVERY_STREAM = new Set(['manager', 'director', 'hr']);
/** Once an appraisal is archived its results are read through GET /api/appraisals/:id, where each read is approved and recorded. */
const ARCHIVED_RESULTS = new Set(['AppraisalScored', 'AppraisalFinalized', 'AppraisalFeedbackGiven', 'AppealFiled', 'AppealResolved', 'AppraisalRevised']);

type StreamEvent = LeadEvent | AgentEvent | AppraisalEvent | ArchiveAccessEvent | DisciplineEvent;

/** Whom a stream is about: the people it names and the teams it belongs to. */
function subjectsOf(events: RecordedEvent[]): { people: Set<string>; teams: Set<string>; personal: boolean } {
  const people = new Set<string>();
  const teams = new Set<string>();
  let personal = false;
  for (const e of events as unknown as StreamEvent[]) {
    switch (e.type) {
      case 'AgentHired':
        people.add(e.data.agentId);
        teams.add(e.data.teamId);
        break;
      case 'LeadRegistered':
        if (e.data.providedBy) people.add(e.data.providedBy);
        break;
      case 'LeadAssigned':
        people.add(e.data.agentId);
        break;
      case 'AppraisalOpened':
        people.add(e.data.agentId);
        teams.add(e.data.teamId);
        personal = true;
        break;
      case 'ArchiveAccessRequested':
        people.add(e.data.requestedBy);
        personal = true;
        break;
      // A work log or plan is the agent's report to their supervisor (「给部门负责人」), not pay's business.
      case 'WorkLogSubmitted':
      case 'WorkPlanSubmitted':
        people.add(e.data.agentId);
        personal = true;
        break;
    }
  }
  return { people, teams, personal };
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('streams')
export class StreamsController {
  constructor(private readonly reader: EventReader) {}

  @Get(':streamId')
  @Roles('agent', 'specialist', 'supervisor', 'manager', 'director', 'hr', 'payroll')
  @ApiQuery({ name: 'fromRevision', required: false })
  @ApiQuery({ name: 'limit', required: false })
  async read(
    @Param('streamId') streamId: string,
    @CurrentActor() actor: Actor,
    @Query('fromRevision', new DefaultValuePipe(0), ParseIntPipe) fromRevision: number,
    @Query('limit', new DefaultValuePipe(500), ParseIntPipe) limit: number,
  ) {
    const events = await this.reader.readStream(streamId);
    if (events.length === 0) throw notFound('STREAM.NOT_FOUND', `stream ${streamId} does not exist`, { streamId });
    if (!(await this.mayRead(actor, events))) throw forbidden('AUTH.STREAM_NOT_YOURS', `you may not read ${streamId}`);
    const page = events.slice(fromRevision, fromRevision + Math.min(Math.max(limit, 1), 1000));
    const seesPhones = actor.roles.some((r) => WORKS_LEADS.has(r));
    const archived = events.some((e) => e.type === 'AppraisalArchived');
    const next = fromRevision + page.length;
    return {
      streamId,
      items: page.map((e) => this.present(e, seesPhones, archived)),
      nextCursor: next < events.length ? String(next) : undefined,
    };
  }

  /**
   * Managers, directors and hr read every stream; payroll every one but appraisals and archive
   * access requests; an agent or specialist the streams about them (their own, the leads they own
   * or brought in, their appraisals, their requests); a supervisor also those of their team's
   * agents, the leads those agents own or brought in, and their team's appraisals.
   */
  private async mayRead(actor: Actor, events: RecordedEvent[]): Promise<boolean> {
    if (actor.roles.some((r) => READS_EVERY_STREAM.has(r))) return true;
    const { people, teams, personal } = subjectsOf(events);
    if (actor.roles.includes('payroll') && !personal) return true;
    if (people.has(actor.sub)) return true;
    if (!actor.roles.includes('supervisor') || !actor.team) return false;
    if (teams.has(actor.team)) return true;
    for (const person of people) {
      const agent = await this.reader.fold(streams.agent(person), initialAgentState, evolveAgent);
      if (agent.hired && agent.teamId === actor.team) return true;
    }
    return false;
  }

  private present(e: RecordedEvent, seesPhones: boolean, archived: boolean) {
    const withheld = archived && ARCHIVED_RESULTS.has(e.type);
    const data = withheld
      ? null
      : e.type === 'LeadRegistered' && !seesPhones
        ? { ...(e.data as object), phone: maskPhone((e.data as { phone: string }).phone) }
        : e.data;
    return {
      eventId: e.eventId,
      type: e.type,
      revision: Number(e.revision),
      position: e.position.toString(),
      data,
      ...(withheld ? { withheld: 'archived: read it through GET /api/appraisals/:id with approved access' } : {}),
      metadata: { ...e.metadata, recordedAt: e.recordedAt.toISOString() },
    };
  }
}

import { Controller, Get, Param, ParseIntPipe, Query, DefaultValuePipe } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type Actor, forbidden, type LeadEvent, maskPhone, notFound } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { EventReader } from '../application/event-reader';
import { CurrentActor, Roles } from '../http/auth';

/** Roles that work leads see customers' phones; everyone else sees them masked. */
const WORKS_LEADS = new Set(['agent', 'specialist', 'supervisor', 'manager', 'director']);
const READS_EVERY_STREAM = new Set(['supervisor', 'manager', 'director', 'hr', 'payroll']);

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
    if (!this.mayRead(actor, streamId, events)) throw forbidden('AUTH.STREAM_NOT_YOURS', `you may not read ${streamId}`);
    const page = events.slice(fromRevision, fromRevision + Math.min(Math.max(limit, 1), 1000));
    const seesPhones = actor.roles.some((r) => WORKS_LEADS.has(r));
    const next = fromRevision + page.length;
    return {
      streamId,
      items: page.map((e) => this.present(e, seesPhones)),
      nextCursor: next < events.length ? String(next) : undefined,
    };
  }

  /** Front-line staff read their own agent stream and the leads they own or brought in. */
  private mayRead(actor: Actor, streamId: string, events: RecordedEvent[]): boolean {
    if (actor.roles.some((r) => READS_EVERY_STREAM.has(r))) return true;
    if (streamId === `agent-${actor.sub}`) return true;
    return events.some((e) => {
      const event = e as unknown as LeadEvent;
      return (
        (event.type === 'LeadRegistered' && event.data.providedBy === actor.sub) ||
        (event.type === 'LeadAssigned' && event.data.agentId === actor.sub)
      );
    });
  }

  private present(e: RecordedEvent, seesPhones: boolean) {
    const data = e.type === 'LeadRegistered' && !seesPhones
      ? { ...(e.data as object), phone: maskPhone((e.data as { phone: string }).phone) }
      : e.data;
    return {
      eventId: e.eventId,
      type: e.type,
      revision: Number(e.revision),
      position: e.position.toString(),
      data,
      metadata: { ...e.metadata, recordedAt: e.recordedAt.toISOString() },
    };
  }
}

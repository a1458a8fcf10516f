import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, INTEGRATION_EVENT_TYPES, internalTypesFor } from '@app/domain';
import { CurrentActor, Roles } from '../http/auth';
import { invalidField } from '../http/validators';
import { type FeedPage, IntegrationFeed } from './integration-feed';

const MAX_LIMIT = 1000;
const TYPES_HELP = `Comma-separated public types (every one when absent): ${INTEGRATION_EVENT_TYPES.join(', ')}`;

/** API.md "Queries": the integrators' global feed, paged and live. */
@ApiTags('integration')
@ApiBearerAuth()
@Controller('events')
export class IntegrationController {
  constructor(private readonly feed: IntegrationFeed) {}

  @Get()
  @Roles('integrator', 'manager', 'director')
  @ApiQuery({ name: 'fromPosition', required: false, description: "Events after this global position (exclusive); a page's nextCursor" })
  @ApiQuery({ name: 'types', required: false, description: TYPES_HELP })
  @ApiQuery({ name: 'limit', required: false, description: '1..1000, default 100' })
  page(@Query('fromPosition') fromPosition?: string, @Query('types') types?: string | string[], @Query('limit') limit?: string): Promise<FeedPage> {
    return this.feed.page(position('fromPosition', fromPosition), typeList(types), pageSize(limit));
  }

  /** Server-Sent Events; `Last-Event-ID` (sent back by every SSE client on reconnect) wins over `fromPosition`. */
  @Get('stream')
  @Roles('integrator', 'manager', 'director')
  @ApiProduces('text/event-stream')
  @ApiQuery({ name: 'fromPosition', required: false, description: 'Events after this global position (exclusive)' })
  @ApiQuery({ name: 'types', required: false, description: TYPES_HELP })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The id of the last event received: resumes right after it' })
  async stream(
    @Res() res: Response,
    @CurrentActor() actor: Actor,
    @Headers('last-event-id') lastEventId?: string,
    @Query('fromPosition') fromPosition?: string,
    @Query('types') types?: string | string[],
  ): Promise<void> {
    const from = lastEventId !== undefined && lastEventId !== '' ? position('Last-Event-ID', lastEventId) : position('fromPosition', fromPosition);
    const publicTypes = typeList(types);
    // Refusals (400, 429) are thrown before the first byte, so they answer as JSON like every other.
    internalTypesFor(publicTypes);
    const release = this.feed.openStream(actor.sub);
    res.once('close', release);
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    try {
      await this.feed.stream(res, { sub: actor.sub }, from, publicTypes);
    } finally {
      release();
      if (!res.writableEnded) res.end();
    }
  }
}

function position(field: string, value: string | undefined): bigint {
  if (value === undefined || value === '') return 0n;
  if (!/^\d{1,19}$/.test(value)) throw invalidField(field, `${field} must be a global position (digits), as an event's id`);
  return BigInt(value);
}

function typeList(value: string | string[] | undefined): string[] {
  const parts = (Array.isArray(value) ? value : [value ?? '']).flatMap((v) => v.split(','));
  return [...new Set(parts.map((t) => t.trim()).filter((t) => t !== ''))];
}

function pageSize(value: string | undefined): number {
  if (value === undefined || value === '') return 100;
  if (!/^\d{1,4}$/.test(value) || Number(value) < 1 || Number(value) > MAX_LIMIT) {
    throw invalidField('limit', `limit must be an integer from 1 to ${MAX_LIMIT}`);
  }
  return Number(value);
}

import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { Public } from '../http/auth';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Live when it answers; ready when the store answers too. Projections join this list as they arrive. */
  @Get()
  @Public()
  async health(@Res({ passthrough: true }) res: Response) {
    const started = Date.now();
    try {
      const head = await this.store.headPosition();
      return { status: 'ok', store: { kind: this.store.kind, status: 'up', headPosition: head.toString(), latencyMs: Date.now() - started }, projections: [] };
    } catch (error) {
      res.status(503);
      return { status: 'degraded', store: { kind: this.store.kind, status: 'down', error: (error as Error).message }, projections: [] };
    }
  }
}

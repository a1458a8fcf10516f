import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { type Lag, ProjectionRunner, type ProjectionStatus } from '@app/projections';
import { Public } from '../http/auth';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
  ) {}

  /** Live when it answers; ready when the store answers and no projection has stopped on an event. */
  @Get()
  @Public()
  async health(@Res({ passthrough: true }) res: Response) {
    const started = Date.now();
    let head: bigint;
    try {
      head = await this.store.headPosition();
    } catch (error) {
      res.status(503);
      const projections = this.runner.status().map((p) => this.describe(p));
      return { status: 'degraded', store: { kind: this.store.kind, status: 'down', error: (error as Error).message }, projections };
    }
    const latencyMs = Date.now() - started;
    const projections = (await this.runner.report()).map((p) => this.describe(p));
    const failed = projections.some((p) => p.state === 'failed');
    if (failed) res.status(503);
    return {
      status: failed ? 'degraded' : 'ok',
      store: { kind: this.store.kind, status: 'up', headPosition: head.toString(), latencyMs },
      projections,
    };
  }

  private describe(p: ProjectionStatus & { lag?: Lag }) {
    return {
      name: p.name,
      version: p.version,
      state: p.state,
      checkpoint: p.checkpoint.toString(),
      // The lag: events of its types the store holds beyond the checkpoint, and the age of the oldest.
      caughtUp: p.lag && p.lag.events === 0,
      lagEvents: p.lag?.events,
      lagEventsAtLeast: p.lag?.capped || undefined,
      lagSeconds: p.lag?.seconds,
      failure: p.failure,
      lastError: p.lastError,
    };
  }
}

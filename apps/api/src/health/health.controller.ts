import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { ProjectionRunner, type ProjectionStatus } from '@app/projections';
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
      return { status: 'degraded', store: { kind: this.store.kind, status: 'down', error: (error as Error).message }, projections: this.projections(undefined) };
    }
    const projections = this.projections(head);
    const failed = projections.some((p) => p.state === 'failed');
    if (failed) res.status(503);
    return {
      status: failed ? 'degraded' : 'ok',
      store: { kind: this.store.kind, status: 'up', headPosition: head.toString(), latencyMs: Date.now() - started },
      projections,
    };
  }

  private projections(head: bigint | undefined) {
    return this.runner.status().map((p: ProjectionStatus) => ({
      name: p.name,
      version: p.version,
      state: p.state,
      checkpoint: p.checkpoint.toString(),
      caughtUp: head === undefined ? undefined : p.checkpoint >= head,
      // How old the newest event it has applied is, when it is behind: the lag in time.
      lagSeconds: head !== undefined && p.checkpoint < head && p.checkpointRecordedAt ? (Date.now() - p.checkpointRecordedAt.getTime()) / 1000 : 0,
      failure: p.failure,
      lastError: p.lastError,
    }));
  }
}

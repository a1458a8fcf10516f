import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Actor } from '@app/domain';
import { ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { type Lag, ProjectionRunner, type ProjectionStatus } from '@app/projections';
import { Public } from '../http/auth';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { WorkCalendarCoverage } from '../appraisals/work-calendar';

/** Who sees more than up or down: the store's head, each projection's lag and failure, the calendar. */
export const HEALTH_DETAIL_ROLES = ['director', 'manager'] as const;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
    @InjectDataSource() private readonly readModels: DataSource,
    private readonly calendar: WorkCalendarCoverage,
  ) {}

  /**
   * Live when it answers; ready when the store answers and no projection has stopped on an event.
   * Anyone is told `{ status }` (with 200 or 503); a director or manager's token adds the details,
   * which would tell a stranger what the service runs on and how far behind it is.
   * `calendar` is degraded when the holiday data does not cover today: the service still serves
   * (so the answer stays 200), but working days are then Monday–Friday guesses, said here.
   */
  @Get()
  @Public()
  async health(@Req() req: Request & { actor?: Actor }, @Res({ passthrough: true }) res: Response) {
    const entitled = req.actor?.roles.some((r) => (HEALTH_DETAIL_ROLES as readonly string[]).includes(r)) ?? false;
    const answer = await this.details(res, entitled);
    return entitled ? answer : { status: answer.status };
  }

  /** `withLag`: read each projection's lag from the store, which only the details show (a bare up/down needs only their states). */
  private async details(res: Response, withLag: boolean) {
    const started = Date.now();
    let head: bigint;
    try {
      head = await this.store.headPosition();
    } catch (error) {
      res.status(503);
      const projections = this.runner.status().map((p) => this.describe(p));
      return {
        status: 'degraded',
        store: { kind: this.store.kind, status: 'down', error: (error as Error).message },
        projections,
        calendar: this.calendar.report(),
      };
    }
    const latencyMs = Date.now() - started;
    const readModels = await this.pingReadModels();
    const projections = (withLag ? await this.runner.report() : this.runner.status()).map((p) => this.describe(p));
    const failed = projections.some((p) => p.state === 'failed') || readModels.status === 'down';
    if (failed) res.status(503);
    return {
      status: failed ? 'degraded' : 'ok',
      store: { kind: this.store.kind, status: 'up', headPosition: head.toString(), latencyMs },
      readModels,
      projections,
      calendar: this.calendar.report(),
    };
  }

  /** The read-model database (TypeORM's DataSource) answers a query, and how fast. */
  private async pingReadModels() {
    const started = Date.now();
    try {
      await this.readModels.query('SELECT 1');
      return { status: 'up' as const, latencyMs: Date.now() - started };
    } catch (error) {
      return { status: 'down' as const, error: (error as Error).message };
    }
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

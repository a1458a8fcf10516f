import { Inject, Injectable } from '@nestjs/common';
import {
  type AgentHired,
  DomainError,
  type MonthReplay,
  notFound,
  type PayHistory,
  type PayMonthClosed,
  planInForce,
  type ReplayOptions,
  ruleBroken,
  type Statement,
  statementsFor,
  streams,
} from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { ProjectionRunner } from '@app/projections';
import { commissionLedgerProjection, loadPayHistory } from '@app/read-models';
import { replayFromStore } from '@app/pay-replay';

const CATCH_UP_WAIT_MS = 5000;

export interface Ledger {
  month: string;
  state: 'open' | 'closed';
  statements: Statement[];
  history: PayHistory;
}

/** The commission ledger as the read model holds it, priced by the pay engine, and payroll's replay of the store. */
@Injectable()
export class Payroll {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
  ) {}

  /** A month's statements from the ledger read model, as of `upTo` (default: all it has applied). */
  async ledger(month: string, upTo?: bigint): Promise<Ledger> {
    const history = await this.runner.read(commissionLedgerProjection, (em) => loadPayHistory(em, month, upTo));
    return { month, state: history.closures.has(month) ? 'closed' : 'open', statements: statementsFor(history, month), history };
  }

  /**
   * The store's head, once the ledger has applied every pay event up to it (waiting up to 5 s):
   * what a close may freeze. Otherwise a 503 to retry, since the statements would miss events
   * already recorded.
   */
  async caughtUpHead(atLeast = 0n): Promise<bigint> {
    const deadline = Date.now() + CATCH_UP_WAIT_MS;
    for (;;) {
      // The head shows only what every older transaction has settled: a caller's own last write
      // (`atLeast`) may take a moment to appear behind someone else's open transaction.
      const head = await this.store.headPosition();
      const lag = head >= atLeast ? await this.runner.lag(commissionLedgerProjection.name, head) : undefined;
      if (lag?.events === 0) return head;
      if (Date.now() >= deadline) {
        const behind = lag ? `has ${lag.events}${lag.capped ? '+' : ''} events to apply` : `has not reached position ${atLeast}`;
        throw new DomainError('PAY.LEDGER_BEHIND', 'unavailable', `the commission ledger ${behind}; retry`, {
          lagEvents: lag?.events,
          retryAfterSeconds: 1,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  replay(month: string, options: ReplayOptions): Promise<MonthReplay> {
    return replayFromStore(this.store, month, options);
  }

  /**
   * The close of a month as the store holds it, with its manifest: 422 while the month is open,
   * 404 when it was closed before manifests were recorded.
   */
  async manifest(month: string): Promise<PayMonthClosed['data'] & Required<Pick<PayMonthClosed['data'], 'manifest' | 'manifestSha256' | 'signature'>>> {
    const events = await this.store.readStream(streams.payMonth(month));
    const close = events.find((e) => e.type === 'PayMonthClosed')?.data as PayMonthClosed['data'] | undefined;
    if (!close) throw ruleBroken('PAY.MONTH_NOT_CLOSED', `pay month ${month} is open: a manifest is recorded when it closes`, { month });
    const { manifest, manifestSha256, signature } = close;
    if (!manifest || !manifestSha256 || !signature) {
      throw notFound('PAY.NO_MANIFEST', `pay month ${month} was closed before manifests were recorded: it has no manifest`, { month });
    }
    return { ...close, manifest, manifestSha256, signature };
  }

  /** The names the people were hired under, by agent id (from the store: no read model keeps names). */
  async names(agentIds: readonly string[]): Promise<Map<string, string>> {
    const hired = await Promise.all(agentIds.map((agentId) => this.store.readStream(streams.agent(agentId))));
    const names = new Map<string, string>();
    for (const events of hired) {
      for (const event of events) {
        if (event.type === 'AgentHired') {
          const { agentId, name } = (event as unknown as AgentHired).data;
          names.set(agentId, name);
        }
      }
    }
    return names;
  }
}

/** The time zones a month is worked in: those of each plan's version in force for it. */
export function timeZonesOf(history: PayHistory, month: string): string[] {
  const zones = new Set<string>();
  for (const versions of history.planVersions.values()) {
    const plan = planInForce(versions, month);
    if (plan) zones.add(plan.timezone);
  }
  return [...zones];
}

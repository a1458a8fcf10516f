import { Injectable } from '@nestjs/common';
import {
  type AppraisalFigures as Figures,
  type MonthInput,
  monthAfter,
  evolveCallQuality,
  initialCallQualityState,
  monthInput,
  monthlyTargets,
  type PayCall,
  type PayDeal,
  type PayHistory,
  qualityFigure,
  streams,
  type WorkResults,
} from '@app/domain';
import { EventReader } from '@app/application';
import { ProjectionRunner } from '@app/projections';
import { commissionLedgerProjection, type LedgerEventRecord, loadLedgerEvents } from '@app/read-models';
import { Payroll } from '../pay/payroll/payroll';

/** The agent and dates an appraisal covers. */
export interface AppraisalPeriod {
  agentId: string;
  /** Local dates, both inclusive, on whole months. */
  from: string;
  to: string;
  /** The appraisal's period (`2026-10`, …): with it, the figures carry the period's call-quality draw and scores. */
  period?: string;
}

/** The work results of a period and the calls and deals they were counted from. */
export interface PeriodFigures extends WorkResults {
  /** The agent's calls in the period, with their effectiveness after the reclassifications known. */
  calls: PayCall[];
  /** Deals in the period on leads the agent owns, cancelled ones included (and flagged). */
  deals: PayDeal[];
}

/** The ledger's months of a period, read once; `asOf` gives the figures as known at any position up to `upTo`. */
export interface FiguresSnapshot {
  upTo: bigint;
  asOf(position: bigint): PeriodFigures;
}

export function monthsOf({ from, to }: Pick<AppraisalPeriod, 'from' | 'to'>): string[] {
  const months: string[] = [];
  for (let month = from.slice(0, 7); month <= to.slice(0, 7); month = monthAfter(month)) months.push(month);
  return months;
}

/**
 * An appraisal's work figures, from pay's own month inputs (`monthInput`) so that they cannot
 * disagree with pay: dials and effective calls are the agent's calls, after reclassification;
 * the targets are pay's monthly targets (`monthlyTargets`) summed over the months; deals are
 * counted as pay's "most deals" award counts them (deals on leads the agent owns, not
 * cancelled), and `mostDealsInPeriod` is the most any agent has over the whole period.
 */
export function periodFigures(inputs: readonly MonthInput[], agentId: string, upTo: bigint): PeriodFigures {
  const figures: Figures = { dials: 0, effectiveCalls: 0, deals: 0, targets: { dials: 0, effectiveCalls: 0 } };
  const dealsByAgent = new Map<string, number>();
  const calls: PayCall[] = [];
  const deals: PayDeal[] = [];
  for (const input of inputs) {
    const person = input.people.find((p) => p.agentId === agentId);
    if (person) {
      const targets = monthlyTargets(person.plan, person.hiredOn, input.month);
      figures.targets.dials += targets.dials;
      figures.targets.effectiveCalls += targets.effectiveCalls;
    }
    calls.push(...input.calls.filter((c) => c.agentId === agentId));
    deals.push(...input.deals.filter((d) => d.ownerId === agentId));
    const agents = new Set(input.people.filter((p) => p.role === 'agent').map((p) => p.agentId));
    for (const deal of input.deals) {
      if (deal.cancelled || deal.ownerId === null || !agents.has(deal.ownerId)) continue;
      dealsByAgent.set(deal.ownerId, (dealsByAgent.get(deal.ownerId) ?? 0) + 1);
    }
  }
  figures.dials = calls.length;
  figures.effectiveCalls = calls.filter((c) => c.effective).length;
  figures.deals = dealsByAgent.get(agentId) ?? 0;
  return { figures, mostDealsInPeriod: Math.max(0, ...dealsByAgent.values()), upToPosition: upTo.toString(), calls, deals };
}

/** Where appraisals get their work figures: the commission ledger, read and folded exactly as pay reads it. */
@Injectable()
export class AppraisalFigures {
  constructor(
    private readonly payroll: Payroll,
    private readonly runner: ProjectionRunner,
    private readonly reader: EventReader,
  ) {}

  /** The figures up to the store's head, once the ledger has applied it (else a 503 to retry): what finalizing and revising freeze. */
  async current(period: AppraisalPeriod, atLeast?: bigint): Promise<PeriodFigures> {
    const snapshot = await this.snapshot(period, atLeast);
    const results = snapshot.asOf(snapshot.upTo);
    if (period.period === undefined) return results;
    const draws = await this.reader.fold(streams.callQuality(period.agentId), initialCallQualityState, evolveCallQuality);
    const quality = qualityFigure(draws, period.period);
    return quality ? { ...results, quality } : results;
  }

  /** `atLeast`: a position the figures must include, e.g. the caller's own last write. */
  async snapshot(period: AppraisalPeriod, atLeast?: bigint): Promise<FiguresSnapshot> {
    const upTo = await this.payroll.caughtUpHead(atLeast);
    const ledgers: { month: string; history: PayHistory }[] = [];
    for (const month of monthsOf(period)) ledgers.push({ month, history: (await this.payroll.ledger(month, upTo)).history });
    return {
      upTo,
      asOf: (position) =>
        periodFigures(
          ledgers.map(({ month, history }) => monthInput(history, month, { asOfPosition: position })),
          period.agentId,
          position,
        ),
    };
  }

  /** The ledger's record of these events: who recorded each and when. */
  async records(eventIds: readonly string[]): Promise<LedgerEventRecord[]> {
    return this.runner.read(commissionLedgerProjection, (em) => loadLedgerEvents(em, eventIds));
  }
}

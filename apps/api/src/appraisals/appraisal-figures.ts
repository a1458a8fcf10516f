import { Injectable } from '@nestjs/common';
import {
  type AppraisalFigures as Figures,
  DomainError,
  specialistNumbersTarget,
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
import { commissionLedgerProjection, type LedgerEventRecord, loadLedgerEvents, registrationsOf, specialistWeeklyProjection } from '@app/read-models';
import { Payroll } from '../pay/payroll/payroll';

const CATCH_UP_WAIT_MS = 5000;

/** The agent and dates an appraisal covers. */
export interface AppraisalPeriod {
  agentId: string;
  /** Local dates, both inclusive, on whole months. */
  from: string;
  to: string;
  /** The appraisal's period (`2026-10`, …): with it, the figures carry the period's call-quality draw and scores. */
  period?: string;
  /** A specialist is scored on their own figures (`specialistFigures`). */
  role?: 'specialist';
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

/** A specialist's counted number: the lead and the position of its registration. */
export interface CountedNumber {
  leadId: string;
  position: bigint;
}

/**
 * A specialist's figures (DOMAIN.md "Monthly pay of a specialist"): the new, non-duplicate numbers
 * they registered in the period against 100 a week (`specialistNumbersTarget`), and the deals they
 * closed themselves, not cancelled, against the most any specialist closed in the period. No dials:
 * a specialist has no dial quota, so those figures and targets are 0 (and weigh 0, `specialistRules`).
 */
export function specialistFigures(inputs: readonly MonthInput[], period: AppraisalPeriod, numbers: readonly CountedNumber[], upTo: bigint): PeriodFigures {
  const specialistId = period.agentId;
  const person = inputs.flatMap((i) => i.people).find((p) => p.agentId === specialistId);
  const dealsBySpecialist = new Map<string, number>();
  const deals: PayDeal[] = [];
  for (const input of inputs) {
    const ownDeals = input.deals.filter((d) => d.closedByRole === 'specialist');
    deals.push(...ownDeals.filter((d) => d.closedBy === specialistId));
    for (const deal of ownDeals) if (!deal.cancelled) dealsBySpecialist.set(deal.closedBy, (dealsBySpecialist.get(deal.closedBy) ?? 0) + 1);
  }
  const registeredNumbers = numbers.filter((n) => n.position <= upTo).length;
  const figures: Figures = {
    dials: 0,
    effectiveCalls: 0,
    deals: dealsBySpecialist.get(specialistId) ?? 0,
    registeredNumbers,
    targets: { dials: 0, effectiveCalls: 0, registeredNumbers: specialistNumbersTarget(period.from, period.to, person?.hiredOn ?? period.from) },
  };
  return { figures, mostDealsInPeriod: Math.max(0, ...dealsBySpecialist.values()), upToPosition: upTo.toString(), calls: [], deals };
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
    const inputsAsOf = (position: bigint) => ledgers.map(({ month, history }) => monthInput(history, month, { asOfPosition: position }));
    if (period.role === 'specialist') {
      const numbers = await this.registeredNumbers(period, upTo);
      return { upTo, asOf: (position) => specialistFigures(inputsAsOf(position), period, numbers, position) };
    }
    return { upTo, asOf: (position) => periodFigures(inputsAsOf(position), period.agentId, position) };
  }

  /** The specialist's numbers counted in the period, once the specialists' read model has applied `upTo` (else a 503 to retry). */
  private async registeredNumbers(period: AppraisalPeriod, upTo: bigint): Promise<CountedNumber[]> {
    if (!(await this.runner.waitFor(upTo, CATCH_UP_WAIT_MS))) {
      throw new DomainError('READ_MODEL.BEHIND', 'unavailable', `the read models have not reached position ${upTo}; retry`, { retryAfterSeconds: 1 });
    }
    const rows = await this.runner.read(specialistWeeklyProjection, (em) => registrationsOf(em, period.agentId, period.from, period.to));
    return rows.filter((r) => r.position <= upTo);
  }

  /** The ledger's record of these events: who recorded each and when. */
  async records(eventIds: readonly string[]): Promise<LedgerEventRecord[]> {
    return this.runner.read(commissionLedgerProjection, (em) => loadLedgerEvents(em, eventIds));
  }
}

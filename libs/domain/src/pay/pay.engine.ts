import { monthlyTargets, probationEnds } from '../plan/calendar';
import type { CompensationPlan } from '../plan/plan';
import type { StaffRole } from '../roles';
import { type Fraction, compare, formatBasisPoints, formatCount, formatYuan, fraction, minus, roundHalfUp, smaller, times } from './money';

/** Every kind of ledger line, in the order a statement lists them. */
export const LINE_KINDS = [
  'base',
  'shortfall_deduction',
  'effective_call_bonus',
  'deal_commission',
  'specialist_commission',
  'lead_fee_received',
  'lead_fee_paid',
  'award_top_effective_calls',
  'award_top_deals',
  'allowance_transport',
  'allowance_communication',
  'prior_period_adjustment',
] as const;
export type LineKind = (typeof LINE_KINDS)[number];

/** One line of a statement: what was paid, which events produced it and which plan version priced it. */
export interface PayLine {
  lineId: string;
  kind: LineKind;
  amountFen: number;
  planId: string;
  planVersion: number;
  sourceEventIds: string[];
  explanation: string;
  /** On a prior-period adjustment: the line of the closed month it corrects. */
  correctsLineId?: string;
}

export interface Statement {
  agentId: string;
  month: string;
  lines: PayLine[];
  totalFen: number;
}

/** A person employed in the month, with the plan version that prices their lines. */
export interface PayPerson {
  agentId: string;
  role: StaffRole;
  teamId: string;
  hiredOn: string;
  planId: string;
  hireEventId: string;
  plan: CompensationPlan;
  /** The CompensationPlanPublished event of `plan`. */
  planEventId: string;
  /** The last working day, when the person leaves within the month: nothing is earned after it. */
  leftOn?: string;
  /** The AgentLeft event, when `leftOn` is set. */
  leftEventId?: string;
  /** In a month split by a plan change: the days this plan prices (the person has a part per plan). */
  part?: { from: string; to: string };
  /** The AgentPlanChanged and AgentRoleChanged that put the person on `planId` and in `role`, if any. */
  changeEventIds?: string[];
}

/** The key a person's calls are counted under: the agent, or in a month split by a plan change, the part. */
const callsKey = (person: PayPerson): string => (person.part ? `${person.agentId}@${person.part.from}` : person.agentId);

/** Which part of a person a dated thing belongs to: the one whose days hold the date (the only one, unsplit). */
function partOn(parts: readonly PayPerson[] | undefined, date: string): PayPerson | undefined {
  if (!parts) return undefined;
  if (parts.length === 1) return parts[0];
  return parts.find((p) => p.part !== undefined && p.part.from <= date && date <= p.part.to) ?? parts[parts.length - 1];
}

/** The key `computeMonth` counts a call under, for the month's people (a month without plan changes: the agent). */
export function callsKeyOf(people: readonly PayPerson[]): (agentId: string, date: string) => string {
  const split = new Map<string, PayPerson[]>();
  for (const p of people) if (p.part) split.set(p.agentId, [...(split.get(p.agentId) ?? []), p]);
  if (split.size === 0) return (agentId) => agentId;
  return (agentId, date) => {
    const parts = split.get(agentId);
    return parts ? callsKey(partOn(parts, date)!) : agentId;
  };
}

/**
 * Not yet gone on a date of the month: only a leaving says no. (Days before the hire date are left
 * as they always were priced, so that months issued before leavings existed replay unchanged.)
 */
const employedOn = (person: PayPerson | undefined, date: string): person is PayPerson =>
  person !== undefined && (person.leftOn === undefined || date <= person.leftOn);

/** A call whose business day falls in the month. */
export interface PayCall {
  callId: string;
  agentId: string;
  date: string;
  /** After every reclassification known. */
  effective: boolean;
  loggedEventId: string;
  reclassifiedEventIds: string[];
}

/** A deal whose business day of closing falls in the month. */
export interface PayDeal {
  dealId: string;
  closedBy: string;
  closedByRole: 'agent' | 'specialist';
  ownerId: string | null;
  providedBy: string | null;
  commissionBaseFen: number;
  date: string;
  closedEventId: string;
  cancelled: boolean;
  cancelledEventId: string | null;
}

/** Everything one month's pay depends on; `monthInput` builds it from the event history. */
export interface MonthInput {
  month: string;
  people: PayPerson[];
  calls: PayCall[];
  deals: PayDeal[];
}

/**
 * What pay reads of one agent's calls in a month: how many, and the events behind each count. The
 * events are asked for only by a line that is kept: a month of calls is hundreds of thousands of
 * ids, and a target met leaves no shortfall line to list them.
 */
export interface AgentCalls {
  dials: number;
  /** Calls effective after the reclassifications known. */
  effective: number;
  /** The CallLogged of every call. */
  loggedEventIds(): Iterable<string>;
  /** The CallLogged of every effective call. */
  effectiveEventIds(): Iterable<string>;
  /** The reclassifications known of every call. */
  reclassifiedEventIds(): Iterable<string>;
  /** The reclassifications known of the effective calls. */
  effectiveReclassifiedEventIds(): Iterable<string>;
}

/**
 * A month's input with its calls counted by agent (`countCalls`): what a replay builds straight
 * from the history, without an object for each of hundreds of thousands of calls.
 */
export interface CountedMonthInput {
  month: string;
  people: PayPerson[];
  callsByAgent: ReadonlyMap<string, AgentCalls>;
  deals: PayDeal[];
}

const NO_CALLS: AgentCalls = {
  dials: 0,
  effective: 0,
  loggedEventIds: () => [],
  effectiveEventIds: () => [],
  reclassifiedEventIds: () => [],
  effectiveReclassifiedEventIds: () => [],
};

/** The calls of a month by agent, as the engine counts them. */
export function countCalls(calls: readonly PayCall[], keyOf: (agentId: string, date: string) => string = (agentId) => agentId): Map<string, AgentCalls> {
  const byAgent = new Map<string, PayCall[]>();
  for (const call of calls) {
    const key = keyOf(call.agentId, call.date);
    const list = byAgent.get(key);
    if (list) list.push(call);
    else byAgent.set(key, [call]);
  }
  const counted = new Map<string, AgentCalls>();
  for (const [agentId, all] of byAgent) {
    const effective = all.filter((c) => c.effective);
    counted.set(agentId, {
      dials: all.length,
      effective: effective.length,
      loggedEventIds: () => all.map((c) => c.loggedEventId),
      effectiveEventIds: () => effective.map((c) => c.loggedEventId),
      reclassifiedEventIds: () => all.flatMap((c) => c.reclassifiedEventIds),
      effectiveReclassifiedEventIds: () => effective.flatMap((c) => c.reclassifiedEventIds),
    });
  }
  return counted;
}

const KIND_ORDER = new Map<LineKind, number>(LINE_KINDS.map((kind, i) => [kind, i]));
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export const lineIdOf = (month: string, agentId: string, kind: LineKind, dealId?: string): string =>
  dealId === undefined ? `${month}:${agentId}:${kind}` : `${month}:${agentId}:${kind}:${dealId}`;

/** Lines in kind order then by lineId, the total, and nothing that depends on the order they were made in. */
export function toStatement(agentId: string, month: string, lines: readonly PayLine[]): Statement {
  const sorted = [...lines].sort((a, b) => (KIND_ORDER.get(a.kind) ?? 99) - (KIND_ORDER.get(b.kind) ?? 99) || byString(a.lineId, b.lineId));
  return { agentId, month, lines: sorted, totalFen: sorted.reduce((sum, line) => sum + line.amountFen, 0) };
}

/**
 * A statement as read back from storage (a JSONB column reorders keys) in the field order the
 * engine writes, so that an issued statement and its replay serialize to the same bytes.
 */
export function canonicalStatement(s: Statement): Statement {
  const lines = s.lines.map((l): PayLine => {
    const line: PayLine = {
      lineId: l.lineId,
      kind: l.kind,
      amountFen: l.amountFen,
      planId: l.planId,
      planVersion: l.planVersion,
      sourceEventIds: l.sourceEventIds,
      explanation: l.explanation,
    };
    if (l.correctsLineId !== undefined) line.correctsLineId = l.correctsLineId;
    return line;
  });
  return { agentId: s.agentId, month: s.month, lines, totalFen: s.totalFen };
}

type Sources = Iterable<string> | (() => Iterable<string>);

// Sort's default order is byString's (UTF-16 code units), and a third faster than a comparator on a month of ids.
const sortedIds = (ids: Iterable<string>): string[] => [...new Set(ids)].sort();

/**
 * One month's statements, one per person employed in it, from the month's facts alone (no
 * adjustments: see `statementsFor`). Pure and order-independent: the same input always gives
 * deep-equal, JSON-identical statements. Each earner's lines are priced by their own plan version.
 */
export function computeMonth(input: MonthInput | CountedMonthInput, options: { keepZeroLines?: boolean } = {}): Statement[] {
  const { month } = input;
  const callsOf = 'calls' in input ? countCalls(input.calls, callsKeyOf(input.people)) : input.callsByAgent;
  // Adjustments keep the lines that came to nothing, so that what made a paid line vanish has a source.
  const keepZero = options.keepZeroLines ?? false;
  // A person's parts (one, unless a plan change splits the month), in date order.
  const partsOf = new Map<string, PayPerson[]>();
  for (const p of input.people) partsOf.set(p.agentId, [...(partsOf.get(p.agentId) ?? []), p]);
  const personOn = (id: string | null, date: string) => (id === null ? undefined : partOn(partsOf.get(id), date));
  const lines = new Map<string, PayLine[]>(input.people.map((p) => [p.agentId, []]));

  /** `sources`: the events behind the line, or a function that lists them, called only if the line is kept. */
  const add = (person: PayPerson, kind: LineKind, amount: Fraction | number, sources: Sources, explanation: string, dealId?: string) => {
    const amountFen = roundHalfUp(amount);
    if (amountFen === 0 && kind !== 'base' && !keepZero) return;
    // In a split month each part's own lines name the part's first day; deals and awards are one line each.
    const lineId =
      lineIdOf(month, person.agentId, kind, dealId) + (person.part && dealId === undefined && !kind.startsWith('award') ? `:from-${person.part.from}` : '');
    lines.get(person.agentId)!.push({
      lineId,
      kind,
      amountFen,
      planId: person.planId,
      planVersion: person.plan.version,
      sourceEventIds: sortedIds(typeof sources === 'function' ? sources() : sources),
      explanation,
    });
  };

  // A cancelled deal earns nothing and counts for nothing.
  const deals = input.deals.filter((d) => !d.cancelled);
  /** An agent who was employed on the deal's day: one who has left earns nothing on deals closed after. */
  const agentOnDay = (id: string | null, date: string): id is string => personOn(id, date)?.role === 'agent' && employedOn(personOn(id, date), date);

  for (const person of input.people) {
    const { plan } = person;
    const { part } = person;
    const targets = monthlyTargets(plan, person.hiredOn, month, undefined, person.leftOn, part && ((date) => part.from <= date && date <= part.to));
    const base = exactBase(person, month, targets.daysInMonth, targets.employedDays, targets.probationDays);
    const leaving = [person.leftEventId, ...(person.changeEventIds ?? [])].filter((id): id is string => id !== undefined);
    add(person, 'base', base.amount, [person.hireEventId, person.planEventId, ...leaving], base.explanation);

    if (person.role === 'agent') {
      const calls = callsOf.get(callsKey(person)) ?? NO_CALLS;
      const shortfall = shortfallDeduction(plan, base.amount, calls.dials, targets.dials);
      add(person, 'shortfall_deduction', shortfall.amount, () => calls.loggedEventIds(), shortfall.explanation);

      const { effective } = calls;
      const above = Math.max(0, effective - targets.effectiveCalls);
      add(
        person,
        'effective_call_bonus',
        above * plan.effectiveCallBonusFen,
        () => [...calls.effectiveEventIds(), ...calls.reclassifiedEventIds()],
        `${formatCount(effective)} effective calls − ${formatCount(targets.effectiveCalls)} target = ` +
          `${formatCount(above)} × ${formatYuan(plan.effectiveCallBonusFen)}`,
      );
    }

    const transport = allowance(person, 'transport', targets.daysInMonth, targets.employedDays);
    add(person, 'allowance_transport', transport.amount, [person.planEventId, ...leaving], transport.explanation);
    const communication = allowance(person, 'communication', targets.daysInMonth, targets.employedDays);
    add(person, 'allowance_communication', communication.amount, [person.planEventId, ...leaving], communication.explanation);
  }

  for (const deal of deals) {
    const base = formatYuan(deal.commissionBaseFen);
    if (agentOnDay(deal.ownerId, deal.date)) {
      const owner = personOn(deal.ownerId, deal.date)!;
      const rate = owner.plan.dealCommissionBasisPoints.agent;
      add(
        owner,
        'deal_commission',
        times(deal.commissionBaseFen, fraction(rate, 10000)),
        [deal.closedEventId],
        `deal ${deal.dealId} on your lead, closed ${deal.date}: ${formatBasisPoints(rate)} of ${base}`,
        deal.dealId,
      );
    }
    // The closer's role on the deal's day decides: a promotion takes effect from its date.
    const closer = personOn(deal.closedBy, deal.date);
    if (closer?.role !== 'specialist' || !employedOn(closer, deal.date)) continue;
    const rate = closer.plan.dealCommissionBasisPoints.specialist;
    add(
      closer,
      'specialist_commission',
      times(deal.commissionBaseFen, fraction(rate, 10000)),
      [deal.closedEventId],
      `deal ${deal.dealId} you closed ${deal.date}: ${formatBasisPoints(rate)} of ${base}`,
      deal.dealId,
    );
    // 「电话交3元/个,以便给予该营销员2元」: the specialist pays for an agent's number, the agent is paid for it.
    if (agentOnDay(deal.providedBy, deal.date)) {
      const provider = personOn(deal.providedBy, deal.date)!;
      add(
        closer,
        'lead_fee_paid',
        -closer.plan.leadFeeFen.specialistPays,
        [deal.closedEventId],
        `deal ${deal.dealId}: fee for the number provided by ${provider.agentId}, ${formatYuan(closer.plan.leadFeeFen.specialistPays)}`,
        deal.dealId,
      );
      add(
        provider,
        'lead_fee_received',
        provider.plan.leadFeeFen.agentReceives,
        [deal.closedEventId],
        `deal ${deal.dealId} closed by ${closer.agentId} on the number you provided: ${formatYuan(provider.plan.leadFeeFen.agentReceives)}`,
        deal.dealId,
      );
    }
  }

  // Awards are among agents only; ties all receive the award.
  // One entry per agent with days as an agent: the last such part (its plan prices the award), counting those parts' calls.
  const agentParts = (agentId: string) => partsOf.get(agentId)!.filter((p) => p.role === 'agent');
  const agents = [...partsOf.keys()].map((id) => agentParts(id).at(-1)).filter((p): p is PayPerson => p !== undefined);
  award(
    agents,
    (agent) => {
      const all = agentParts(agent.agentId).map((p) => callsOf.get(callsKey(p)) ?? NO_CALLS);
      return {
        count: all.reduce((sum, calls) => sum + calls.effective, 0),
        sources: () => all.flatMap((calls) => [...calls.effectiveEventIds(), ...calls.effectiveReclassifiedEventIds()]),
      };
    },
    (agent) => agent.plan.awardsFen.topEffectiveCalls,
    'award_top_effective_calls',
    (count) => `most effective calls in ${month}: ${formatCount(count)}`,
    add,
  );
  award(
    agents,
    (agent) => {
      const owned = deals.filter((d) => d.ownerId === agent.agentId && agentOnDay(d.ownerId, d.date));
      return { count: owned.length, sources: () => owned.map((d) => d.closedEventId) };
    },
    (agent) => agent.plan.awardsFen.topDeals,
    'award_top_deals',
    (count) => `most deals in ${month}: ${formatCount(count)}`,
    add,
  );

  return [...lines.entries()].sort(([a], [b]) => byString(a, b)).map(([agentId, personLines]) => toStatement(agentId, month, personLines));
}

/** (probation days × probation base + regular days × regular base) / days in the month, exactly. */
function exactBase(person: PayPerson, month: string, daysInMonth: number, employedDays: number, probationDays: number) {
  const { probation, regular } = person.plan.baseFen;
  const regularDays = employedDays - probationDays;
  const amount = fraction(probationDays * probation + regularDays * regular, daysInMonth);
  let explanation: string;
  if (employedDays === daysInMonth && (probationDays === 0 || regularDays === 0)) {
    explanation = probationDays > 0 ? `full month on probation at ${formatYuan(probation)}` : `full month at ${formatYuan(regular)}`;
  } else {
    const parts: string[] = [];
    if (probationDays > 0) parts.push(`${probationDays} of ${daysInMonth} days on probation at ${formatYuan(probation)}`);
    if (regularDays > 0)
      parts.push(probationDays > 0 ? `${regularDays} at ${formatYuan(regular)}` : `${regularDays} of ${daysInMonth} days at ${formatYuan(regular)}`);
    explanation = parts.join(' + ');
    const ends = probationEnds(person.plan, person.hiredOn);
    if (probationDays > 0 && regularDays > 0) explanation += ` (probation ended ${ends})`;
    else if (person.hiredOn.startsWith(month)) explanation += ` (hired ${person.hiredOn})`;
  }
  if (person.part) explanation += ` (plan ${person.planId} v${person.plan.version} ${person.part.from}–${person.part.to})`;
  if (person.leftOn !== undefined) explanation += ` (left after ${person.leftOn})`;
  return { amount, explanation };
}

/**
 * A monthly allowance: whole, but in a month in which the person leaves, prorated to the calendar
 * days employed in it (hire date or the 1st, through the last working day), as the base is; in a
 * month split by a plan change, each plan's part pays its own allowance for its own days.
 */
function allowance(person: PayPerson, kind: 'transport' | 'communication', daysInMonth: number, employedDays: number) {
  const monthly = person.plan.allowancesFen[kind];
  if (person.leftOn === undefined && person.part === undefined)
    return { amount: fraction(monthly), explanation: `monthly ${kind} allowance ${formatYuan(monthly)}` };
  return {
    amount: fraction(monthly * employedDays, daysInMonth),
    explanation:
      `${employedDays} of ${daysInMonth} days of the monthly ${kind} allowance ${formatYuan(monthly)}` +
      (person.part ? ` (plan ${person.planId} v${person.plan.version} ${person.part.from}–${person.part.to})` : '') +
      (person.leftOn !== undefined ? ` (left after ${person.leftOn})` : ''),
  };
}

/** −(base × (target − dials) / target), capped at base × maxRatioBasisPoints / 10000; 0 when the target is met. */
function shortfallDeduction(plan: CompensationPlan, base: Fraction, dials: number, target: number) {
  if (target <= 0 || dials >= target) {
    return { amount: fraction(0), explanation: `${formatCount(dials)} dials of ${formatCount(target)} target: met` };
  }
  const short = target - dials;
  const proportional = times(base, fraction(short, target));
  const cap = times(base, fraction(plan.shortfallDeduction.maxRatioBasisPoints, 10000));
  const capped = compare(proportional, cap) > 0;
  const amount = minus(0, smaller(proportional, cap));
  let explanation =
    `${formatCount(dials)} dials of ${formatCount(target)} target: ` + `${formatCount(short)}/${formatCount(target)} of ${formatYuan(roundHalfUp(base))}`;
  if (capped) explanation += `, capped at ${formatBasisPoints(plan.shortfallDeduction.maxRatioBasisPoints)} of the base`;
  return { amount, explanation };
}

/** `counted`: how many the agent has, and the events behind them. */
function award(
  agents: readonly PayPerson[],
  counted: (agent: PayPerson) => { count: number; sources: () => Iterable<string> },
  amountOf: (agent: PayPerson) => number,
  kind: LineKind,
  describe: (count: number) => string,
  add: (person: PayPerson, kind: LineKind, amount: number, sources: Sources, explanation: string) => void,
): void {
  const counts = agents.map((agent) => ({ agent, ...counted(agent) }));
  const best = Math.max(0, ...counts.map((c) => c.count));
  if (best === 0) return;
  const winners = counts.filter((c) => c.count === best);
  const shared = winners.length > 1 ? `, shared by ${winners.length} agents` : '';
  for (const { agent, sources } of winners) {
    add(agent, kind, amountOf(agent), sources, `${describe(best)}${shared}`);
  }
}

import type { AgentHired, AgentLeft, AgentPlanChanged, AgentRehired, AgentRoleChanged } from '../agent/agent';
import { ruleBroken } from '../errors';
import type { CallLogged, CallReclassified, DealCancelled, DealClosed } from '../lead/lead.events';
import { isEffective } from '../lead/lead.events';
import { businessDay, planInForce } from '../plan/calendar';
import { addDays } from '../time';
import type { CompensationPlan, CompensationPlanPublished } from '../plan/plan';
import type { StaffRole } from '../roles';
import type { StoredEvent } from '../stored-event';
import { businessDate } from './business-date';
import { CallLog } from './call-log';
import { assertMonth, lastDayOfMonth, monthAfter } from './month';
import {
  type AgentCalls,
  callsKeyOf,
  canonicalStatement,
  type CountedMonthInput,
  type MonthInput,
  type PayCall,
  type PayDeal,
  type PayPerson,
  type Statement,
} from './pay.engine';
import type { PayMonthClosed, PayStatementIssued } from './pay-month';

/** The event types pay folds; every other type is skipped. */
export const PAY_EVENT_TYPES = [
  'CompensationPlanPublished',
  'AgentHired',
  'AgentLeft',
  'AgentRehired',
  'AgentPlanChanged',
  'AgentRoleChanged',
  'CallLogged',
  'CallReclassified',
  'DealClosed',
  'DealCancelled',
  'PayStatementIssued',
  'PayMonthClosed',
] as const;
export type PayEventType = (typeof PAY_EVENT_TYPES)[number];
const PAY_TYPES: ReadonlySet<string> = new Set(PAY_EVENT_TYPES);

export interface PlanVersionFact {
  plan: CompensationPlan;
  eventId: string;
  position: bigint;
}

export interface PersonFact {
  agentId: string;
  role: StaffRole;
  teamId: string;
  hiredOn: string;
  planId: string;
  eventId: string;
  position: bigint;
  /** The recorded leaving, if any: nothing is earned after its last working day. */
  leaving?: LeavingFact;
  /** Later employment periods (re-hires), in order; the fields above are the first period's. */
  rehires?: EmploymentFact[];
  /** Moves to another plan within the period, in order. */
  planChanges?: PlanChangeFact[];
  /** Promotions (and moves back) within the period, in order. */
  roleChanges?: RoleChangeFact[];
}

export interface RoleChangeFact {
  role: StaffRole;
  /** The first day in the role. */
  from: string;
  eventId: string;
  position: bigint;
}

export interface PlanChangeFact {
  planId: string;
  /** The first day on the plan. */
  from: string;
  eventId: string;
  position: bigint;
}

/** One employment period after the first: from a re-hire to its leaving, if any. */
export interface EmploymentFact {
  role: StaffRole;
  teamId: string;
  hiredOn: string;
  planId: string;
  eventId: string;
  position: bigint;
  leaving?: LeavingFact;
  planChanges?: PlanChangeFact[];
  roleChanges?: RoleChangeFact[];
}

/** The person's periods, the first one (the hire) first. */
const periodsOf = (person: PersonFact): (PersonFact | EmploymentFact)[] => (person.rehires ? [person, ...person.rehires] : [person]);

/** The employment period a leaving, plan change or role change of `agentId` belongs to: their latest; undefined for someone never hired. */
const currentPeriodOf = (history: PayHistory, agentId: string): PersonFact | EmploymentFact | undefined => {
  const person = history.people.get(agentId);
  return person && periodsOf(person).at(-1);
};

export interface LeavingFact {
  lastWorkingDay: string;
  eventId: string;
  position: bigint;
}

export interface CorrectionFact {
  eventId: string;
  position: bigint;
}

export interface DealFact {
  dealId: string;
  closedBy: string;
  closedByRole: 'agent' | 'specialist';
  ownerId: string | null;
  providedBy: string | null;
  commissionBaseFen: number;
  /** The business day of `closedAt`, by the plan of the owner (else the closer). */
  date: string;
  closedEventId: string;
  closedPosition: bigint;
  cancellation: CorrectionFact | null;
}

export interface ClosureFact {
  month: string;
  upToPosition: bigint;
  eventId: string;
  position: bigint;
  closedAt: string;
  statementCount: number;
  totalFen: number;
}

/**
 * What pay knows from the event history. Folding mutates it in place (a replay folds hundreds of
 * thousands of events); the result depends only on the events and their order.
 */
export interface PayHistory {
  plans: Map<string, PlanVersionFact[]>;
  /** The same versions as plain plans, kept alongside so that dating a call allocates nothing. */
  planVersions: Map<string, CompensationPlan[]>;
  people: Map<string, PersonFact>;
  /** Every call, with its month, its reclassifications and the position of its CallLogged. */
  calls: CallLog;
  deals: Map<string, DealFact>;
  dealsByMonth: Map<string, DealFact[]>;
  /** The global position of every event folded but a CallLogged (`calls` has those). */
  positions: Map<string, bigint>;
  /** month → agentId → the statement issued when the month closed. */
  issued: Map<string, Map<string, Statement>>;
  closures: Map<string, ClosureFact>;
  latestClosedMonth: string | null;
  /** The highest position folded, -1 before any. */
  lastPosition: bigint;
}

export function emptyPayHistory(): PayHistory {
  return {
    plans: new Map(),
    planVersions: new Map(),
    people: new Map(),
    calls: new CallLog(),
    deals: new Map(),
    dealsByMonth: new Map(),
    positions: new Map(),
    issued: new Map(),
    closures: new Map(),
    latestClosedMonth: null,
    lastPosition: -1n,
  };
}

const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

/**
 * Folds one stored event into the history (in place) and returns it. An event seen before is
 * skipped. Calls are not kept by event id (a month has hundreds of thousands): a store gives each
 * event one position, so an event past the highest position folded cannot be a call already
 * logged, and only one at or below it (folded again, or out of order) is looked up among them.
 */
export function foldPayEvent(history: PayHistory, event: StoredEvent): PayHistory {
  if (!PAY_TYPES.has(event.type)) return history;
  const { eventId, position } = event;
  const later = position > history.lastPosition;
  if (history.positions.has(eventId) || (!later && history.calls.hasLoggedEvent(eventId))) return history;
  if (later) history.lastPosition = position;

  const type = event.type as PayEventType;
  if (type !== 'CallLogged') history.positions.set(eventId, position);
  switch (type) {
    case 'CompensationPlanPublished': {
      const plan = event.data as CompensationPlanPublished['data'];
      const versions = history.plans.get(plan.planId) ?? [];
      if (versions.some((v) => v.plan.version === plan.version)) break;
      versions.push({ plan, eventId, position });
      history.plans.set(plan.planId, versions);
      history.planVersions.set(
        plan.planId,
        versions.map((v) => v.plan),
      );
      break;
    }
    case 'AgentHired': {
      const data = event.data as AgentHired['data'];
      if (history.people.has(data.agentId)) break;
      const { agentId, role, teamId, hiredOn, planId } = data;
      history.people.set(agentId, { agentId, role, teamId, hiredOn, planId, eventId, position });
      break;
    }
    case 'AgentLeft': {
      const data = event.data as AgentLeft['data'];
      const period = currentPeriodOf(history, data.agentId);
      // The first leaving of a period wins: the command refuses a second one of the same employment.
      if (period && !period.leaving) period.leaving = { lastWorkingDay: data.lastWorkingDay, eventId, position };
      break;
    }
    case 'AgentPlanChanged': {
      const data = event.data as AgentPlanChanged['data'];
      const period = currentPeriodOf(history, data.agentId);
      if (period) (period.planChanges ??= []).push({ planId: data.toPlanId, from: data.effectiveOn, eventId, position });
      break;
    }
    case 'AgentRoleChanged': {
      const data = event.data as AgentRoleChanged['data'];
      const period = currentPeriodOf(history, data.agentId);
      if (period) (period.roleChanges ??= []).push({ role: data.toRole, from: data.effectiveOn, eventId, position });
      break;
    }
    case 'AgentRehired': {
      const data = event.data as AgentRehired['data'];
      const person = history.people.get(data.agentId);
      if (!person) break;
      const { role, teamId, hiredOn, planId } = data;
      (person.rehires ??= []).push({ role, teamId, hiredOn, planId, eventId, position });
      break;
    }
    case 'CallLogged': {
      const data = event.data as CallLogged['data'];
      if (history.calls.has(data.callId)) break;
      history.calls.add(
        data.callId,
        data.agentId,
        businessDate(data.startedAt, versionsOf(history, data.agentId)),
        // CallLogged v1 left effectiveness to the reader.
        data.effective ?? isEffective(data.outcome),
        eventId,
        position,
      );
      break;
    }
    case 'CallReclassified': {
      const data = event.data as CallReclassified['data'];
      history.calls.reclassify(data.callId, { eventId, position, effective: data.effective, outcome: data.outcome });
      break;
    }
    case 'DealClosed': {
      const data = event.data as DealClosed['data'];
      if (history.deals.has(data.dealId)) break;
      const deal: DealFact = {
        dealId: data.dealId,
        closedBy: data.closedBy,
        closedByRole: data.closedByRole,
        ownerId: data.ownerId ?? null,
        providedBy: data.providedBy ?? null,
        commissionBaseFen: data.commissionBaseFen ?? data.amountFen,
        date: businessDay(data.closedAt, versionsOf(history, data.ownerId ?? data.closedBy)).date,
        closedEventId: eventId,
        closedPosition: position,
        cancellation: null,
      };
      history.deals.set(deal.dealId, deal);
      push(history.dealsByMonth, deal.date.slice(0, 7), deal);
      break;
    }
    case 'DealCancelled': {
      const deal = history.deals.get((event.data as DealCancelled['data']).dealId);
      if (deal && !deal.cancellation) deal.cancellation = { eventId, position };
      break;
    }
    case 'PayStatementIssued': {
      const { month, statement } = event.data as PayStatementIssued['data'];
      let statements = history.issued.get(month);
      if (!statements) history.issued.set(month, (statements = new Map()));
      statements.set(statement.agentId, canonicalStatement(statement));
      break;
    }
    case 'PayMonthClosed': {
      const data = event.data as PayMonthClosed['data'];
      if (history.closures.has(data.month)) break;
      history.closures.set(data.month, { ...data, upToPosition: BigInt(data.upToPosition), eventId, position });
      if (history.latestClosedMonth === null || data.month > history.latestClosedMonth) history.latestClosedMonth = data.month;
      break;
    }
    default: {
      const unknown: never = type;
      return unknown;
    }
  }
  return history;
}

export function foldPayEvents(events: Iterable<StoredEvent>, history: PayHistory = emptyPayHistory()): PayHistory {
  for (const event of events) foldPayEvent(history, event);
  return history;
}

const NO_VERSIONS: CompensationPlan[] = [];
function versionsOf(history: PayHistory, personId: string | null): CompensationPlan[] {
  const person = personId === null ? undefined : history.people.get(personId);
  const period = person && periodsOf(person).at(-1)!;
  return (period && history.planVersions.get(period.planChanges?.at(-1)?.planId ?? period.planId)) || NO_VERSIONS;
}

export interface MonthInputOptions {
  /** What-if: price every person by this version of their plan instead of the one in force. */
  planVersion?: number;
  /** Only what was known at this global position: events after it are left out (a replay "as issued"). */
  asOfPosition?: bigint;
}

/**
 * One month's input to `computeMonth`: the people hired by the month's last day, each with the
 * version of their plan in force for the month (or `planVersion`), and the calls and deals whose
 * business day is in the month, with their latest reclassification and cancellation.
 */
export function monthInput(history: PayHistory, month: string, options: MonthInputOptions = {}): MonthInput {
  const { people, deals } = peopleAndDeals(history, month, options);
  const calls: PayCall[] = [];
  const log = history.calls;
  const employed = employmentTest(people);
  forEachCall(history, month, options.asOfPosition, (n, effective, reclassifiedEventIds) => {
    if (!employed(log.agentId(n), log.date(n))) return;
    calls.push({
      callId: log.callId(n),
      agentId: log.agentId(n),
      date: log.date(n),
      effective,
      loggedEventId: log.loggedEventId(n),
      reclassifiedEventIds: [...reclassifiedEventIds],
    });
  });
  return { month, people, calls, deals };
}

/** `monthInput` with the calls counted by agent, as `countCalls` would count them, but without an object per call. */
export function countedMonthInput(history: PayHistory, month: string, options: MonthInputOptions = {}): CountedMonthInput {
  const { people, deals } = peopleAndDeals(history, month, options);
  const callsByAgent = new Map<string, LoggedCalls>();
  const log = history.calls;
  const employed = employmentTest(people);
  const keyOf = callsKeyOf(people);
  forEachCall(history, month, options.asOfPosition, (n, effective, reclassifiedEventIds) => {
    const agentId = log.agentId(n);
    if (!employed(agentId, log.date(n))) return;
    const key = keyOf(agentId, log.date(n));
    let calls = callsByAgent.get(key);
    if (!calls) callsByAgent.set(key, (calls = new LoggedCalls(log)));
    calls.add(n, effective, reclassifiedEventIds);
  });
  return { month, people, callsByAgent, deals };
}

/**
 * Whether a call of the month counts: nothing is earned after a last working day, so a call dated
 * after it is left out (a month without leavers tests nothing).
 */
function employmentTest(people: readonly PayPerson[]): (agentId: string, date: string) => boolean {
  const leftOn = new Map<string, string>();
  for (const p of people) if (p.leftOn !== undefined) leftOn.set(p.agentId, p.leftOn);
  if (leftOn.size === 0) return () => true;
  return (agentId, date) => {
    const last = leftOn.get(agentId);
    return last === undefined || date <= last;
  };
}

/** An agent's calls by their numbers in the call log: their ids are read only if a line lists them. */
class LoggedCalls implements AgentCalls {
  dials = 0;
  effective = 0;
  private readonly all: number[] = [];
  private readonly effectiveOnes: number[] = [];
  private readonly reclassified: string[] = [];
  private readonly effectiveReclassified: string[] = [];

  constructor(private readonly log: CallLog) {}

  add(n: number, effective: boolean, reclassifiedEventIds: readonly string[]): void {
    this.dials++;
    this.all.push(n);
    if (reclassifiedEventIds.length > 0) this.reclassified.push(...reclassifiedEventIds);
    if (!effective) return;
    this.effective++;
    this.effectiveOnes.push(n);
    if (reclassifiedEventIds.length > 0) this.effectiveReclassified.push(...reclassifiedEventIds);
  }

  loggedEventIds(): string[] {
    return this.all.map((n) => this.log.loggedEventId(n));
  }

  effectiveEventIds(): string[] {
    return this.effectiveOnes.map((n) => this.log.loggedEventId(n));
  }

  reclassifiedEventIds(): string[] {
    return this.reclassified;
  }

  effectiveReclassifiedEventIds(): string[] {
    return this.effectiveReclassified;
  }
}

const NO_IDS: readonly string[] = Object.freeze([]);

/** Each call of the month known at `asOfPosition`: its number, effectiveness and reclassifications then. */
function forEachCall(
  history: PayHistory,
  month: string,
  asOfPosition: bigint | undefined,
  each: (n: number, effective: boolean, reclassifiedEventIds: readonly string[]) => void,
): void {
  const log = history.calls;
  for (const n of log.numbersIn(month)) {
    if (asOfPosition !== undefined && log.loggedPosition(n) > asOfPosition) continue;
    let effective = log.effectiveWhenLogged(n);
    const reclassifications = log.reclassifications(n);
    if (reclassifications.length === 0) {
      each(n, effective, NO_IDS);
      continue;
    }
    const reclassifiedEventIds: string[] = [];
    for (const r of reclassifications) {
      if (asOfPosition !== undefined && r.position > asOfPosition) continue;
      effective = r.effective;
      reclassifiedEventIds.push(r.eventId);
    }
    each(n, effective, reclassifiedEventIds);
  }
}

function peopleAndDeals(history: PayHistory, month: string, options: MonthInputOptions): { people: PayPerson[]; deals: PayDeal[] } {
  assertMonth(month);
  const { planVersion, asOfPosition } = options;
  const known = (position: bigint) => asOfPosition === undefined || position <= asOfPosition;
  const lastDay = lastDayOfMonth(month);
  const firstDay = `${month}-01`;

  const people: PayPerson[] = [];
  for (const first of history.people.values()) {
    // The period that covers the month: the latest begun by its last day (a re-hire starts in a later month than the leaving).
    const person = periodsOf(first)
      .filter((p) => known(p.position) && p.hiredOn <= lastDay)
      .at(-1);
    if (!person) continue;
    const leaving = person.leaving && known(person.leaving.position) ? person.leaving : undefined;
    if (leaving && leaving.lastWorkingDay < firstDay) continue; // gone before the month began
    const versionOf = (planId: string): PlanVersionFact | undefined => {
      const versions = (history.plans.get(planId) ?? []).filter((v) => known(v.position));
      if (planVersion !== undefined) {
        const chosen = versions.find((v) => v.plan.version === planVersion);
        if (!chosen) {
          throw ruleBroken('PAY.UNKNOWN_PLAN_VERSION', `plan ${planId} has no version ${planVersion} (it prices ${first.agentId})`, {
            planId,
            planVersion,
            agentId: first.agentId,
          });
        }
        return chosen;
      }
      // A month before the plan's first effectiveFrom is priced by its first version, as its targets are.
      const plan = planInForce(
        versions.map((v) => v.plan),
        month,
      );
      return versions.find((v) => v.plan === plan);
    };
    const { agentId } = first;
    const { teamId, hiredOn, eventId } = person;
    for (const segment of planSegments(person, month, known)) {
      const { role } = segment;
      const chosen = versionOf(segment.planId);
      if (!chosen) continue; // no version of the plan known: nothing to price by
      const payPerson: PayPerson = {
        agentId,
        role,
        teamId,
        hiredOn,
        planId: segment.planId,
        hireEventId: eventId,
        plan: chosen.plan,
        planEventId: chosen.eventId,
      };
      if (segment.part) Object.assign(payPerson, { part: segment.part });
      if (segment.changeEventIds.length > 0) Object.assign(payPerson, { changeEventIds: segment.changeEventIds });
      // Only a leaving within the month or before it changes the month; a later one leaves it as it was.
      if (leaving && leaving.lastWorkingDay <= lastDay) Object.assign(payPerson, { leftOn: leaving.lastWorkingDay, leftEventId: leaving.eventId });
      people.push(payPerson);
    }
  }
  people.sort((a, b) => (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0));

  const deals: PayDeal[] = [];
  for (const deal of history.dealsByMonth.get(month) ?? []) {
    if (!known(deal.closedPosition)) continue;
    const cancellation = deal.cancellation && known(deal.cancellation.position) ? deal.cancellation : null;
    deals.push({
      dealId: deal.dealId,
      closedBy: deal.closedBy,
      closedByRole: deal.closedByRole,
      ownerId: deal.ownerId,
      providedBy: deal.providedBy,
      commissionBaseFen: deal.commissionBaseFen,
      date: deal.date,
      closedEventId: deal.closedEventId,
      cancelled: cancellation !== null,
      cancelledEventId: cancellation?.eventId ?? null,
    });
  }
  return { people, deals };
}

/**
 * The plans and roles that price a period's month: those of its first day, and each plan or role
 * moved to within it. One of each: no `part` (the month as ever). Several: a part per change, each
 * with its own days, plan and role.
 */
function planSegments(
  period: PersonFact | EmploymentFact,
  month: string,
  known: (position: bigint) => boolean,
): { planId: string; role: StaffRole; changeEventIds: string[]; part?: { from: string; to: string } }[] {
  const firstDay = `${month}-01`;
  const lastDay = lastDayOfMonth(month);
  const plans = (period.planChanges ?? []).filter((c) => known(c.position) && c.from <= lastDay);
  const roles = (period.roleChanges ?? []).filter((c) => known(c.position) && c.from <= lastDay);
  const on = (date: string) => {
    const plan = plans.filter((c) => c.from <= date).at(-1);
    const role = roles.filter((c) => c.from <= date).at(-1);
    return {
      planId: plan?.planId ?? period.planId,
      role: role?.role ?? period.role,
      changeEventIds: [plan?.eventId, role?.eventId].filter((id): id is string => id !== undefined),
    };
  };
  const starts = [...new Set([...plans, ...roles].map((c) => c.from).filter((d) => d > firstDay))].sort();
  if (starts.length === 0) return [on(firstDay)];
  const froms = [firstDay, ...starts];
  return froms.map((from, i) => ({ ...on(from), part: { from, to: i + 1 < froms.length ? addDays(froms[i + 1], -1) : lastDay } }));
}

/** The month after the latest closed one: the only month that carries prior-period adjustments. */
export const firstOpenMonth = (history: PayHistory): string | null => (history.latestClosedMonth === null ? null : monthAfter(history.latestClosedMonth));

/** The statements frozen when the month closed, by agentId; empty for a month not closed. */
export function issuedStatements(history: PayHistory, month: string): Statement[] {
  return [...(history.issued.get(month)?.values() ?? [])].sort((a, b) => (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0));
}

/** The closed months in order. */
export const closedMonths = (history: PayHistory): string[] => [...history.closures.keys()].sort();

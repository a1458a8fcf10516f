import { randomBytes, randomUUID } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import { CALL_OUTCOMES, GRADES, streams } from '@app/domain';
import { HANDBOOK_PLAN } from '../support/handbook-plan';
import { type Answer, HttpClient } from './http';

export const SECRET = 'durability-secret';
const HOUR_MS = 3_600_000;

export const bearer = (sub: string, roles: string[], team?: string) =>
  `Bearer ${sign({ sub, roles, ...(team ? { team } : {}) }, SECRET, { algorithm: 'HS256', expiresIn: '1h' })}`;

/** Asia/Shanghai notation (+08:00), as the department's clients send instants. */
const hoursAgo = (hours: number) => new Date(Date.now() - hours * HOUR_MS + 8 * HOUR_MS).toISOString().replace(/\.\d{3}Z$/, '+08:00');
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

export type Kind = 'PublishPlan' | 'HireAgent' | 'RegisterLead' | 'AssignLead' | 'LogCall' | 'GradeLead' | 'CloseDeal';

/** One command as it was sent, and what became of it. */
export interface Sent {
  seq: number;
  /** Which of the traffic's clients sent it (none for the setup). */
  client?: number;
  kind: Kind;
  path: string;
  body: Record<string, unknown>;
  auth: string;
  headers: Record<string, string>;
  /** The stream the command writes its own event to. */
  streamId: string;
  /**
   * The command id the service files the event under (apps/api/src/http/command-http.ts): the
   * command's own id, or its scope and Idempotency-Key. Checked against every acknowledged write.
   */
  commandId: string;
  /** The reservation stream it claims, if any; the claim must be there once with the event, or not at all. */
  reservationStreamId?: string;
  /** Undefined while in flight and when no answer came: then the write may or may not have landed. */
  answer?: Answer;
  error?: string;
}

export const acknowledged = (s: Sent) => s.answer?.status === 201;
/** The global position a write was answered with. */
export const positionOf = (s: Sent) => BigInt((s.answer!.body as { position: string }).position);
export const unanswered = (s: Sent) => s.answer === undefined;

/** The people of the department, each with their token, and the leads they start with. */
export interface Department {
  run: string;
  payroll: string;
  hr: string;
  manager: string;
  director: string;
  agents: { agentId: string; auth: string }[];
  specialists: { agentId: string; auth: string }[];
  leads: string[];
}

export function department(agents: number, specialists: number, leads: number): Department {
  const run = randomBytes(3).toString('hex');
  const person = (prefix: string, role: string, i: number) => {
    const agentId = `${prefix}-${run}-${i}`;
    return { agentId, auth: bearer(agentId, [role], 't1') };
  };
  return {
    run,
    payroll: bearer('pay-1', ['payroll']),
    hr: bearer('hr-1', ['hr']),
    manager: bearer('mgr-1', ['manager']),
    director: bearer('dir-1', ['director']),
    agents: Array.from({ length: agents }, (_, i) => person('a', 'agent', i)),
    specialists: Array.from({ length: specialists }, (_, i) => person('s', 'specialist', i)),
    leads: Array.from({ length: leads }, (_, i) => `L-${run}-${i}`),
  };
}

/** Builds the commands; every id it hands out is fresh, so every command is a new write. */
export class Commands {
  private next = 0;

  constructor(private readonly dept: Department) {}

  publishPlan(): Sent {
    return this.sent(
      'PublishPlan',
      '/plans',
      structuredClone(HANDBOOK_PLAN) as unknown as Record<string, unknown>,
      this.dept.payroll,
      streams.plan(HANDBOOK_PLAN.planId),
      `PublishCompensationPlan:${HANDBOOK_PLAN.planId}@${HANDBOOK_PLAN.version}`,
    );
  }

  hire(agentId: string, role: 'agent' | 'specialist'): Sent {
    const body = { agentId, name: role === 'agent' ? '王芳' : '李强', role, teamId: 't1', hiredOn: '2026-01-05', planId: HANDBOOK_PLAN.planId };
    return this.sent('HireAgent', '/agents', body, this.dept.hr, streams.agent(agentId), `HireAgent:${agentId}`);
  }

  /** A lead of the setup (named) or a new one of the traffic (named after the command). */
  registerLead(leadId: string | null, auth: string, providedBy: string | null): Sent {
    leadId ??= `L-${this.dept.run}-n${this.next + 1}`;
    const body = { leadId, phone: this.phone(), name: '张先生', source: providedBy ? 'agent' : 'list', ...(providedBy ? { providedBy } : {}) };
    return {
      ...this.sent('RegisterLead', '/leads', body, auth, streams.lead(leadId), `RegisterLead:${leadId}`),
      reservationStreamId: streams.reservation.phone(body.phone),
    };
  }

  assign(leadId: string, agentId: string): Sent {
    const key = randomUUID();
    const sent = this.sent('AssignLead', `/leads/${leadId}/assign`, { agentId }, this.dept.manager, streams.lead(leadId), `AssignLead:${leadId}:${key}`);
    return { ...sent, headers: { 'idempotency-key': key } };
  }

  logCall(agent: { agentId: string; auth: string }, leadId: string): Sent {
    const callId = `c-${this.dept.run}-${this.next + 1}`;
    const body = {
      callId,
      leadId,
      agentId: agent.agentId,
      startedAt: hoursAgo(1 + Math.random() * 20),
      durationSeconds: Math.floor(Math.random() * 600),
      outcome: pick(CALL_OUTCOMES),
    };
    return {
      ...this.sent('LogCall', '/calls', body, agent.auth, streams.lead(leadId), `LogCall:${callId}`),
      reservationStreamId: streams.reservation.call(callId),
    };
  }

  grade(auth: string, leadId: string): Sent {
    const key = randomUUID();
    const sent = this.sent(
      'GradeLead',
      `/leads/${leadId}/grade`,
      { grade: pick(GRADES), reason: `durability ${key}` },
      auth,
      streams.lead(leadId),
      `GradeLead:${leadId}:${key}`,
    );
    return { ...sent, headers: { 'idempotency-key': key } };
  }

  closeDeal(closer: { agentId: string; auth: string }, leadId: string): Sent {
    const dealId = `d-${this.dept.run}-${this.next + 1}`;
    const body = { dealId, leadId, closedBy: closer.agentId, amountFen: 100_000 + Math.floor(Math.random() * 10_000_000), closedAt: hoursAgo(3) };
    return {
      ...this.sent('CloseDeal', '/deals', body, closer.auth, streams.lead(leadId), `CloseDeal:${dealId}`),
      reservationStreamId: streams.reservation.deal(dealId),
    };
  }

  /** A mobile number no other lead of this run has (the phone is unique across leads), already in its normal form. */
  private phone(): string {
    return `13${String(this.next + 1).padStart(9, '0')}`;
  }

  private sent(kind: Kind, path: string, body: Record<string, unknown>, auth: string, streamId: string, commandId: string): Sent {
    return { seq: ++this.next, kind, path, body, auth, headers: {}, streamId, commandId };
  }
}

/** Sends a command and files the answer (or the lack of one) on it. */
export async function send(http: HttpClient, sent: Sent): Promise<Sent> {
  try {
    sent.answer = await http.send('POST', `/api${sent.path}`, sent.auth, sent.body, sent.headers);
  } catch (error) {
    sent.error = (error as Error).message;
  }
  return sent;
}

/** Sends the setup and insists on a 201 for each: the traffic needs all of it. */
export async function setUp(baseUrl: string, dept: Department, commands: Commands): Promise<Sent[]> {
  const http = new HttpClient(baseUrl);
  const ledger: Sent[] = [];
  const must = async (sent: Sent) => {
    ledger.push(await send(http, sent));
    if (!acknowledged(sent))
      throw new Error(`setup ${sent.kind} ${sent.path} was not accepted: ${sent.answer?.status ?? sent.error} ${JSON.stringify(sent.answer?.body)}`);
  };
  try {
    await must(commands.publishPlan());
    for (const a of dept.agents) await must(commands.hire(a.agentId, 'agent'));
    for (const s of dept.specialists) await must(commands.hire(s.agentId, 'specialist'));
    for (const [i, leadId] of dept.leads.entries()) {
      await must(commands.registerLead(leadId, dept.manager, null));
      await must(commands.assign(leadId, dept.agents[i % dept.agents.length].agentId));
    }
    return ledger;
  } finally {
    http.close();
  }
}

export interface TrafficOptions {
  clients: number;
  /** Kill once this many writes of the traffic were acknowledged … */
  killAfterAcks: number;
  /** … and at least this long after the traffic began. */
  killNoSoonerThanMs: number;
  /** Past this, kill anyway (the test then reports too few acknowledgements). */
  killNoLaterThanMs: number;
}

/**
 * The traffic's mix for client `i` (an agent): mostly LogCall, with leads registered, graded and
 * deals closed among them, on the shared `leads`.
 */
export function mixedCommand(commands: Commands, dept: Department, leads: readonly string[], i: number): Sent {
  const agent = dept.agents[i % dept.agents.length];
  const specialist = dept.specialists[i % dept.specialists.length];
  const roll = Math.random();
  const lead = pick(leads);
  const command =
    roll < 0.65
      ? commands.logCall(agent, lead)
      : roll < 0.8
        ? commands.grade(pick([agent.auth, dept.manager]), lead)
        : // An agent who brings a number in names themself as its source.
          roll < 0.86
          ? commands.registerLead(null, agent.auth, agent.agentId)
          : roll < 0.92
            ? commands.registerLead(null, dept.manager, null)
            : commands.closeDeal(specialist, lead);
  command.client = i;
  return command;
}

/**
 * The same traffic as `runUntilKilled`, until `stopped()` says so: each client finishes the
 * request it has in flight, calls `afterEach` (e.g. a read on the same connection), and stops.
 * Every command, with its answer, goes to `onSent` rather than a list, so that a long run can keep
 * only what it needs of each.
 */
export async function runUntilStopped(
  baseUrl: string,
  dept: Department,
  commands: Commands,
  options: {
    clients: number;
    stopped: () => boolean;
    onSent: (sent: Sent) => void;
    afterEach?: (http: HttpClient, sent: Sent, client: number) => Promise<void>;
  },
): Promise<void> {
  const leads = [...dept.leads];
  const client = async (i: number) => {
    const http = new HttpClient(baseUrl);
    try {
      while (!options.stopped()) {
        const command = await send(http, mixedCommand(commands, dept, leads, i));
        if (acknowledged(command) && command.kind === 'RegisterLead') leads.push(command.body.leadId as string);
        options.onSent(command);
        await options.afterEach?.(http, command, i);
      }
    } finally {
      http.close();
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, i) => client(i)));
}

/**
 * `clients` clients, each an agent on a connection of its own, send commands in a loop — mostly
 * LogCall, with leads registered, graded and deals closed among them — on leads they all share.
 * Once enough writes were acknowledged, `kill` is called mid-traffic; the clients stop sending
 * and every request still in flight ends with no answer. Resolves with every request and the
 * moment of the kill relative to the start.
 */
export async function runUntilKilled(
  baseUrl: string,
  dept: Department,
  commands: Commands,
  options: TrafficOptions,
  kill: () => Promise<void>,
): Promise<{ sent: Sent[]; killedAfterMs: number; inFlightAtKill: number }> {
  const sent: Sent[] = [];
  const leads = [...dept.leads];
  const started = Date.now();
  let acks = 0;
  let inFlight = 0;
  let killing: Promise<void> | undefined;
  let killedAfterMs = 0;
  let inFlightAtKill = 0;

  const maybeKill = () => {
    const elapsed = Date.now() - started;
    if (killing || !((acks >= options.killAfterAcks && elapsed >= options.killNoSoonerThanMs) || elapsed >= options.killNoLaterThanMs)) return;
    killedAfterMs = elapsed;
    inFlightAtKill = inFlight;
    killing = kill();
  };

  const client = async (i: number) => {
    const http = new HttpClient(baseUrl);
    try {
      while (!killing) {
        const command = mixedCommand(commands, dept, leads, i);
        sent.push(command);
        inFlight++;
        await send(http, command);
        inFlight--;
        if (acknowledged(command)) {
          acks++;
          if (command.kind === 'RegisterLead') leads.push(command.body.leadId as string);
        }
      }
    } finally {
      http.close();
    }
  };

  // The kill comes from a timer, not from the end of an answer, so that it strikes the service at
  // any point of its work rather than just after it has written a response.
  const clock = setInterval(maybeKill, 7);
  try {
    await Promise.all(Array.from({ length: options.clients }, (_, i) => client(i)));
  } finally {
    clearInterval(clock);
  }
  await killing;
  return { sent, killedAfterMs, inFlightAtKill };
}

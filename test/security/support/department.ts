import type { RecordedEvent } from '@app/event-store';
import { testNow } from '../../support/clock';
import { appraisalAt, type Desk, expectCreated, type Person, uniqueId } from '../../support/telesales';

// The department's webhook points at loopback (below), which a webhook may call only when allowed.
process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';

/**
 * A department with something of everyone's, for the security suites: team `mine` (agents
 * `owner` and `colleague`, specialists `closer` and `otherCloser`) and team `other` (agent
 * `stranger`). `owner` owns a lead with a call, a booked visit and a deal closed by `closer`, and
 * two appraisals (opened; under appeal); an integrator owns a webhook.
 */
export interface Department {
  teams: { mine: string; other: string };
  owner: Person;
  colleague: Person;
  closer: Person;
  otherCloser: Person;
  stranger: Person;
  leadId: string;
  callId: string;
  visitId: string;
  dealId: string;
  /** Opened, not yet scored. */
  appraisalId: string;
  /** Feedback given and an appeal open: `appealId`. */
  appealedAppraisalId: string;
  appealId: string;
  /** A period that has ended, for new appraisals. */
  period: string;
  integratorSub: string;
  webhookId: string;
  /** Supervisors of each team. */
  supervisorOfMine: string;
  supervisorOfOther: string;
}

/** The YYYY-MM `back` months before this one (Asia/Shanghai is ahead of UTC; a month back is ended either way). */
export function monthsAgo(back: number): string {
  const now = testNow();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
  return d.toISOString().slice(0, 7);
}

export async function buildDepartment(desk: Desk): Promise<Department> {
  const teams = { mine: uniqueId('t'), other: uniqueId('t') };
  const owner = await desk.hire({ teamId: teams.mine });
  const colleague = await desk.hire({ teamId: teams.mine });
  const closer = await desk.hire({ role: 'specialist', teamId: teams.mine });
  const otherCloser = await desk.hire({ role: 'specialist', teamId: teams.mine });
  const stranger = await desk.hire({ teamId: teams.other });
  const { leadId } = await desk.registerLead();
  await desk.assign(leadId, owner);
  const call = await desk.logCall(owner, leadId, { outcome: 'connected' });
  const visit = await desk.bookVisit(owner, leadId);
  const deal = await desk.closeDeal(closer, leadId);
  const opened = await appraisalAt(desk, owner, 'opened', { period: monthsAgo(2) });
  const appealed = await appraisalAt(desk, owner, 'under_appeal', { period: monthsAgo(1) });
  const webhookId = uniqueId('wh');
  const hook = await desk.post(
    '/webhooks',
    // Nothing listens on the discard port: deliveries fail at once and never leave the machine
    // (loopback is a webhook target only because the suite's setup allows it: WEBHOOK_ALLOWED_HOSTS).
    { webhookId, url: 'http://127.0.0.1:9/hook', types: ['telesales.call.logged.v1'], secret: 'whsec-security-suite-0001' },
    desk.integrator,
  );
  expectCreated(hook, `webhook-${webhookId}`);
  return {
    teams,
    owner,
    colleague,
    closer,
    otherCloser,
    stranger,
    leadId,
    callId: call.callId as string,
    visitId: visit.visitId as string,
    dealId: deal.dealId as string,
    appraisalId: opened.appraisalId,
    appealedAppraisalId: appealed.appraisalId,
    appealId: appealed.appealId,
    period: monthsAgo(3),
    // Desk.integrator's subject.
    integratorSub: 'int-1',
    webhookId,
    supervisorOfMine: desk.supervisorOf(teams.mine),
    supervisorOfOther: desk.supervisorOf(teams.other),
  };
}

/** The actor the service itself acts as when it parks a failing webhook (a background write, not a request's). */
const BACKGROUND_ACTORS = new Set(['webhook-dispatcher']);

export interface Sent {
  /** What was sent, for the failure message. */
  label: string;
  status: number;
}

/**
 * The events of `appended` that a refused request wrote, found by the `X-Correlation-Id` each
 * request carried (the service copies it into every event's metadata); and those that no request
 * of `sent` and no background job of the service accounts for.
 */
export function appendedByRefusals(appended: RecordedEvent[], sent: Map<string, Sent>): string[] {
  const problems: string[] = [];
  for (const e of appended) {
    const correlationId = String(e.metadata.correlationId ?? '');
    const by = sent.get(correlationId);
    const actor = (e.metadata.actor as { sub?: string } | undefined)?.sub ?? '';
    if (by && by.status >= 400) problems.push(`${by.label} answered ${by.status} but appended ${e.type} to ${e.streamId} (position ${e.position})`);
    else if (!by && !BACKGROUND_ACTORS.has(actor))
      problems.push(`${e.type} on ${e.streamId} (position ${e.position}, correlation ${correlationId}) was appended by no request of this batch`);
  }
  return problems;
}

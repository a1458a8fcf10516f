import type { AgentHired, CallOutcome, CompensationPlan, CompensationPlanPublished, Grade, LeadEvent } from '@app/domain';
import { encodeCursor } from '@app/projections';
import { projectionHarness, recorded } from '../../test/support/projection';
import { leadPipelineProjection } from './lead-pipeline.projection';
import { PipelineLead } from './lead-pipeline.entities';
import { followUps, pipelineCounts, pipelineRows } from './lead-pipeline.queries';
import { HANDBOOK_PLAN } from '../../test/support/handbook-plan';

type Harness = Awaited<ReturnType<typeof projectionHarness>>;
type Event = LeadEvent | AgentHired | CompensationPlanPublished;

// The handbook plan: A every 3 days, B weekly, C monthly, D quarterly.
const standard = HANDBOOK_PLAN;
/** The service's clock for the follow-ups read: a cadence due on 03-13 by 18:00 is overdue by then. */
const MARCH_15_NOON = new Date('2026-03-15T12:00:00+08:00');

// Events as the lead's decide writes them.
const published = (overrides: Partial<CompensationPlan> = {}): Event => ({ type: 'CompensationPlanPublished', data: { ...standard, ...overrides } });
const hired = (agentId: string, teamId = 't1', planId = 'standard'): Event => ({
  type: 'AgentHired',
  data: { agentId, name: agentId, role: 'agent', teamId, hiredOn: '2026-01-05', planId },
});
const registered = (leadId: string, providedBy: string | null = null): Event => ({
  type: 'LeadRegistered',
  data: { leadId, phone: '13800000000', name: null, source: 'list', providedBy },
});
/** Assigned on 1 March, before every call of these tests: a new lead's duty is done by its first call. */
const assigned = (leadId: string, agentId: string, previousOwnerId: string | null = null, via: 'assignment' | 'visit_booked' = 'assignment'): Event =>
  Object.assign({ type: 'LeadAssigned' as const, data: { leadId, agentId, previousOwnerId, via } }, { recordedAt: new Date('2026-03-01T01:00:00Z') });
let calls = 0;
const called = (leadId: string, agentId: string, startedAt: string, outcome: CallOutcome = 'connected', callId = `c${++calls}`): Event => ({
  type: 'CallLogged',
  data: { callId, leadId, agentId, startedAt, durationSeconds: 60, outcome, effective: outcome === 'appointment_set' },
});
const reclassified = (leadId: string, callId: string, agentId: string, startedAt: string, previousOutcome: CallOutcome, outcome: CallOutcome): Event => ({
  type: 'CallReclassified',
  data: {
    callId,
    leadId,
    agentId,
    startedAt,
    previousOutcome,
    outcome,
    previousEffective: false,
    effective: outcome === 'appointment_set',
    reason: 'QA review',
  },
});
const graded = (leadId: string, grade: Grade, previousGrade: Grade | null = null): Event => ({
  type: 'LeadGraded',
  data: { leadId, grade, previousGrade, reason: null, gradedBy: 'a1' },
});
const visitBooked = (leadId: string, visitId: string, agentId = 'a1'): Event => ({
  type: 'VisitBooked',
  data: {
    visitId,
    leadId,
    agentId,
    scheduledAt: '2026-03-20T10:00:00+08:00',
    partySize: 2,
    origin: null,
    transport: null,
    project: null,
    budgetFen: null,
    concerns: null,
  },
});
const visitCompleted = (leadId: string, visitId: string, agentId = 'a1'): Event => ({
  type: 'VisitCompleted',
  data: { visitId, leadId, agentId, notes: null },
});
const visitMissed = (leadId: string, visitId: string, agentId = 'a1'): Event => ({ type: 'VisitMissed', data: { visitId, leadId, agentId, notes: null } });
const dealClosed = (leadId: string, dealId: string, ownerId: string | null = 'a1'): Event => ({
  type: 'DealClosed',
  data: {
    dealId,
    leadId,
    closedBy: 's1',
    closedByRole: 'specialist',
    amountFen: 10_000_00,
    commissionBaseFen: 10_000_00,
    closedAt: '2026-03-21T10:00:00+08:00',
    ownerId,
    providedBy: null,
  },
});
const dealCancelled = (leadId: string, dealId: string): Event => ({
  type: 'DealCancelled',
  data: { dealId, leadId, reason: 'refund', cancelledAt: '2026-03-25T10:00:00+08:00' },
});

interface LeadView {
  stage: string;
  grade: string | null;
  owner_id: string | null;
  team_id: string | null;
  last_contact_at: string | null;
  last_contact_date: string | null;
  next_follow_up_due: string | null;
}

async function lead(h: Harness, leadId: string): Promise<LeadView> {
  const [row] = await h.rows<LeadView & { last_contact_at: Date | null }>(
    `SELECT stage, grade, owner_id, team_id, last_contact_at,
       to_char(last_contact_date, 'YYYY-MM-DD') AS last_contact_date, to_char(next_follow_up_due, 'YYYY-MM-DD') AS next_follow_up_due
     FROM ${h.tables.leads} WHERE lead_id = $1`,
    [leadId],
  );
  expect(row).toBeDefined();
  return { ...row, last_contact_at: row.last_contact_at && new Date(row.last_contact_at).toISOString() };
}
const stage = async (h: Harness, leadId: string) => (await lead(h, leadId)).stage;
const department: Event[] = [published(), hired('a1', 't1'), hired('a2', 't2')];

describe('the lead pipeline projection', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await projectionHarness(leadPipelineProjection);
  });
  afterEach(async () => {
    await h.close();
  });

  describe('stage: the furthest point of the flow the lead holds', () => {
    it('moves from new through contacted, graded, visit booked and visited to won', async () => {
      await h.given([...department, registered('L1')]);
      expect(await stage(h, 'L1')).toBe('new');
      await h.given([called('L1', 'a1', '2026-03-10T10:00:00+08:00', 'no_answer')]);
      expect(await stage(h, 'L1')).toBe('contacted');
      await h.given([graded('L1', 'B')]);
      expect(await stage(h, 'L1')).toBe('graded');
      await h.given([visitBooked('L1', 'v1')]);
      expect(await stage(h, 'L1')).toBe('visit_booked');
      await h.given([visitCompleted('L1', 'v1')]);
      expect(await stage(h, 'L1')).toBe('visited');
      // Calls after a visit do not pull the lead back.
      await h.given([called('L1', 'a1', '2026-03-21T09:00:00+08:00'), graded('L1', 'A', 'B')]);
      expect(await stage(h, 'L1')).toBe('visited');
      await h.given([dealClosed('L1', 'd1')]);
      expect(await stage(h, 'L1')).toBe('won');
    });

    it('is lost when every deal is cancelled, and won again with a new deal', async () => {
      await h.given([...department, registered('L1'), called('L1', 'a1', '2026-03-10T10:00:00+08:00'), dealClosed('L1', 'd1'), dealClosed('L1', 'd2')]);
      await h.given([dealCancelled('L1', 'd1')]);
      expect(await stage(h, 'L1')).toBe('won');
      await h.given([dealCancelled('L1', 'd2')]);
      expect(await stage(h, 'L1')).toBe('lost');
      await h.given([dealClosed('L1', 'd3')]);
      expect(await stage(h, 'L1')).toBe('won');
    });

    it('is lost while its latest call found the number dead (空号), until a reclassification or a later call says otherwise', async () => {
      await h.given([...department, registered('L1'), registered('L2')]);
      await h.given([called('L1', 'a1', '2026-03-10T10:00:00+08:00', 'invalid_number', 'dead')]);
      expect(await stage(h, 'L1')).toBe('lost');
      await h.given([reclassified('L1', 'dead', 'a1', '2026-03-10T10:00:00+08:00', 'invalid_number', 'no_answer')]);
      expect(await stage(h, 'L1')).toBe('contacted');

      await h.given([called('L2', 'a1', '2026-03-10T10:00:00+08:00', 'invalid_number'), graded('L2', 'D')]);
      expect(await stage(h, 'L2')).toBe('lost');
      // A dead-number call logged late, from before the latest call, is not the lead's latest word.
      await h.given([called('L2', 'a1', '2026-03-11T10:00:00+08:00', 'connected'), called('L2', 'a1', '2026-03-09T10:00:00+08:00', 'invalid_number')]);
      expect(await stage(h, 'L2')).toBe('graded');
    });

    it('falls back from a missed visit to graded, or to contacted for an ungraded lead', async () => {
      await h.given([...department, registered('L1'), called('L1', 'a1', '2026-03-10T10:00:00+08:00'), graded('L1', 'C'), visitBooked('L1', 'v1')]);
      await h.given([registered('L2'), called('L2', 'a1', '2026-03-10T11:00:00+08:00'), visitBooked('L2', 'v2')]);
      expect([await stage(h, 'L1'), await stage(h, 'L2')]).toEqual(['visit_booked', 'visit_booked']);
      await h.given([visitMissed('L1', 'v1'), visitMissed('L2', 'v2')]);
      expect([await stage(h, 'L1'), await stage(h, 'L2')]).toEqual(['graded', 'contacted']);
    });

    it('keeps visited after a later visit is missed, and visit_booked while another visit is pending', async () => {
      await h.given([...department, registered('L1'), visitBooked('L1', 'v1'), visitCompleted('L1', 'v1'), visitBooked('L1', 'v2'), visitMissed('L1', 'v2')]);
      expect(await stage(h, 'L1')).toBe('visited');
      await h.given([
        registered('L2'),
        called('L2', 'a1', '2026-03-10T10:00:00+08:00'),
        visitBooked('L2', 'v3'),
        visitBooked('L2', 'v4'),
        visitMissed('L2', 'v3'),
      ]);
      expect(await stage(h, 'L2')).toBe('visit_booked');
    });
  });

  describe('ownership', () => {
    const history = (leadId: string) =>
      h.rows(`SELECT seq, agent_id, previous_owner_id, via FROM ${h.tables.owners} WHERE lead_id = $1 ORDER BY seq`, [leadId]);

    it('goes to the first agent who books a visit on an unassigned lead, then changes by reassignment, and keeps its history', async () => {
      await h.given([...department, registered('L1'), called('L1', 'a2', '2026-03-10T10:00:00+08:00')]);
      expect(await lead(h, 'L1')).toMatchObject({ owner_id: null, team_id: null });
      await h.given([visitBooked('L1', 'v1', 'a1'), assigned('L1', 'a1', null, 'visit_booked')]);
      expect(await lead(h, 'L1')).toMatchObject({ owner_id: 'a1', team_id: 't1' });
      await h.given([assigned('L1', 'a2', 'a1', 'assignment')]);
      expect(await lead(h, 'L1')).toMatchObject({ owner_id: 'a2', team_id: 't2' });
      expect(await history('L1')).toEqual([
        { seq: 1, agent_id: 'a1', previous_owner_id: null, via: 'visit_booked' },
        { seq: 2, agent_id: 'a2', previous_owner_id: 'a1', via: 'assignment' },
      ]);
    });

    it('is not taken by booking a visit on a lead someone already owns', async () => {
      await h.given([...department, registered('L1'), assigned('L1', 'a1'), visitBooked('L1', 'v1', 'a2')]);
      expect(await lead(h, 'L1')).toMatchObject({ owner_id: 'a1', team_id: 't1' });
      expect(await history('L1')).toEqual([{ seq: 1, agent_id: 'a1', previous_owner_id: null, via: 'assignment' }]);
    });
  });

  describe('last contact and the next follow-up', () => {
    it("is due the grade's cadence after the last contact, and moves when the grade changes or a new call is made", async () => {
      await h.given([...department, registered('L1'), called('L1', 'a1', '2026-03-10T10:00:00+08:00')]);
      expect(await lead(h, 'L1')).toMatchObject({ last_contact_date: '2026-03-10', next_follow_up_due: null });
      await h.given([graded('L1', 'B')]);
      expect((await lead(h, 'L1')).next_follow_up_due).toBe('2026-03-17');
      await h.given([graded('L1', 'A', 'B')]);
      expect((await lead(h, 'L1')).next_follow_up_due).toBe('2026-03-13');
      await h.given([graded('L1', 'C', 'A')]);
      expect((await lead(h, 'L1')).next_follow_up_due).toBe('2026-04-09');
      await h.given([graded('L1', 'D', 'C')]);
      expect((await lead(h, 'L1')).next_follow_up_due).toBe('2026-06-08');
      await h.given([graded('L1', 'A', 'D'), called('L1', 'a1', '2026-03-12T15:00:00+08:00')]);
      expect(await lead(h, 'L1')).toMatchObject({ last_contact_date: '2026-03-12', next_follow_up_due: '2026-03-15' });
    });

    it('does not move the last contact back for a call logged days late', async () => {
      await h.given([...department, registered('L1'), graded('L1', 'A'), called('L1', 'a1', '2026-03-12T09:00:00+08:00')]);
      await h.given([called('L1', 'a1', '2026-03-08T09:00:00+08:00')]);
      expect(await lead(h, 'L1')).toMatchObject({
        last_contact_at: '2026-03-12T01:00:00.000Z',
        last_contact_date: '2026-03-12',
        next_follow_up_due: '2026-03-15',
      });
    });

    it('puts a call at 23:30 and one at 00:30 local time on different dates, though both are the same UTC day', async () => {
      await h.given([...department, registered('L1'), registered('L2'), graded('L1', 'A'), graded('L2', 'A')]);
      await h.given([called('L1', 'a1', '2026-03-10T23:30:00+08:00'), called('L2', 'a1', '2026-03-11T00:30:00+08:00')]);
      expect(await lead(h, 'L1')).toMatchObject({ last_contact_date: '2026-03-10', next_follow_up_due: '2026-03-13' });
      expect(await lead(h, 'L2')).toMatchObject({ last_contact_date: '2026-03-11', next_follow_up_due: '2026-03-14' });
    });

    it("uses the time zone and cadence of the owner's plan, else of the last caller's, else Asia/Shanghai and no due date", async () => {
      await h.given([
        ...department,
        published({ planId: 'berlin', timezone: 'Europe/Berlin', followUpDays: { A: 1, B: 2, C: 3, D: 4 } }),
        hired('b1', 't3', 'berlin'),
      ]);
      // 23:30 in Berlin is 06:30 the next morning in Shanghai.
      const lateInBerlin = '2026-03-10T23:30:00+01:00';
      await h.given([
        registered('owned'),
        assigned('owned', 'a1'),
        graded('owned', 'A'),
        called('owned', 'b1', lateInBerlin),
        registered('unowned'),
        graded('unowned', 'A'),
        called('unowned', 'b1', lateInBerlin),
        registered('stranger'),
        graded('stranger', 'A'),
        called('stranger', 'nobody', lateInBerlin),
      ]);
      expect(await lead(h, 'owned')).toMatchObject({ last_contact_date: '2026-03-11', next_follow_up_due: '2026-03-14' });
      expect(await lead(h, 'unowned')).toMatchObject({ last_contact_date: '2026-03-10', next_follow_up_due: '2026-03-11' });
      expect(await lead(h, 'stranger')).toMatchObject({ last_contact_date: '2026-03-11', next_follow_up_due: null });
    });

    it('takes the cadence of the plan version in force for the month of the last contact, even one published later', async () => {
      await h.given([...department, published({ version: 2, effectiveFrom: '2026-04-01', followUpDays: { A: 3, B: 14, C: 30, D: 90 } })]);
      await h.given([
        registered('march'),
        graded('march', 'B'),
        called('march', 'a1', '2026-03-31T23:00:00+08:00'),
        registered('april'),
        graded('april', 'B'),
        called('april', 'a1', '2026-04-01T00:30:00+08:00'),
      ]);
      expect((await lead(h, 'march')).next_follow_up_due).toBe('2026-04-07');
      expect((await lead(h, 'april')).next_follow_up_due).toBe('2026-04-15');
      // A later version in force from March, published afterwards, re-derives the leads contacted since.
      await h.given([published({ version: 3, effectiveFrom: '2026-03-01', followUpDays: { A: 3, B: 10, C: 30, D: 90 } })]);
      expect((await lead(h, 'march')).next_follow_up_due).toBe('2026-04-10');
      expect((await lead(h, 'april')).next_follow_up_due).toBe('2026-04-11');
    });
  });

  describe('queries', () => {
    it("lists an agent's follow-ups due on a date and those overdue, until a call is made", async () => {
      await h.given([
        ...department,
        registered('L1'),
        assigned('L1', 'a1'),
        graded('L1', 'A'),
        called('L1', 'a1', '2026-03-10T10:00:00+08:00'), // due 03-13
        registered('L2'),
        assigned('L2', 'a1'),
        graded('L2', 'A'),
        called('L2', 'a1', '2026-03-12T10:00:00+08:00'), // due 03-15
        registered('L3'),
        assigned('L3', 'a1'),
        graded('L3', 'B'),
        called('L3', 'a1', '2026-03-13T10:00:00+08:00'), // due 03-20
        registered('L4'),
        graded('L4', 'A'),
        called('L4', 'a1', '2026-03-12T11:00:00+08:00'), // unowned, a1 called last: due 03-15
        registered('L5'),
        assigned('L5', 'a2'),
        graded('L5', 'A'),
        called('L5', 'a1', '2026-03-12T10:00:00+08:00'), // a2's
        registered('L6'),
        assigned('L6', 'a1'),
        graded('L6', 'A'),
        called('L6', 'a1', '2026-03-01T10:00:00+08:00'),
        dealClosed('L6', 'd6'), // won
        registered('L7'),
        assigned('L7', 'a1'),
        called('L7', 'a1', '2026-03-01T10:00:00+08:00'), // ungraded: no due date
      ]);
      const ids = (list: { leadId: string }[]) => list.map((i) => i.leadId);
      const on15 = await h.read((em) => followUps(em, { now: MARCH_15_NOON, agentId: 'a1', date: '2026-03-15' }));
      expect({ due: ids(on15.due), overdue: ids(on15.overdue) }).toEqual({ due: ['L2', 'L4'], overdue: ['L1'] });
      expect(on15.overdue[0]).toEqual({
        leadId: 'L1',
        stage: 'graded',
        grade: 'A',
        ownerId: 'a1',
        lastContactAt: '2026-03-10T02:00:00.000Z',
        nextFollowUpDue: '2026-03-13',
        kind: 'cadence',
        dueOn: '2026-03-13',
        dueAt: '2026-03-13T18:00:00+08:00',
        overdue: true,
      });
      expect(ids((await h.read((em) => followUps(em, { now: MARCH_15_NOON, agentId: 'a2', date: '2026-03-15' }))).due)).toEqual(['L5']);

      await h.given([called('L1', 'a1', '2026-03-14T10:00:00+08:00')]); // due 03-17
      const after = await h.read((em) => followUps(em, { now: MARCH_15_NOON, agentId: 'a1', date: '2026-03-15' }));
      expect({ due: ids(after.due), overdue: ids(after.overdue) }).toEqual({ due: ['L2', 'L4'], overdue: [] });
      const on21 = await h.read((em) => followUps(em, { now: MARCH_15_NOON, agentId: 'a1', date: '2026-03-21' }));
      // Won L6 has no cadence, but its deal of the 21st wants a congratulation call that day.
      expect({ due: ids(on21.due), overdue: ids(on21.overdue) }).toEqual({ due: ['L6'], overdue: ['L2', 'L4', 'L1', 'L3'] });
      expect(on21.due[0]).toMatchObject({ kind: 'congratulate', dueOn: '2026-03-21', dueAt: '2026-03-21T21:00:00+08:00', overdue: false });
    });

    it('keeps a visit’s evening call only for a completed visit and a deal’s congratulation only while it stands; a call after them does both', async () => {
      const duties = (leadId: string) => h.read(async (em) => (await em.findOneByOrFail(PipelineLead, { leadId })).duties);
      await h.given([
        ...department,
        registered('L1'),
        assigned('L1', 'a1'),
        called('L1', 'a1', '2026-03-18T10:00:00+08:00'),
        visitBooked('L1', 'v1'), // 03-20 10:00
        visitMissed('L1', 'v1'),
        registered('L2'),
        assigned('L2', 'a1'),
        called('L2', 'a1', '2026-03-18T10:00:00+08:00'),
        visitBooked('L2', 'v2'),
        visitCompleted('L2', 'v2'),
        dealClosed('L2', 'd2'), // 03-21 10:00
      ]);
      // L1's new-lead duty was done by its call; a missed visit wants no evening call.
      expect(await duties('L1')).toEqual([]);
      expect(await duties('L2')).toEqual([
        { kind: 'after_visit', dueOn: '2026-03-20', dueAt: '2026-03-20T21:00:00+08:00', askWhyNotBought: false },
        { kind: 'congratulate', dueOn: '2026-03-21', dueAt: '2026-03-21T21:00:00+08:00' },
      ]);
      await h.given([dealCancelled('L2', 'd2')]);
      expect(await duties('L2')).toEqual([{ kind: 'after_visit', dueOn: '2026-03-20', dueAt: '2026-03-20T21:00:00+08:00', askWhyNotBought: true }]);
      await h.given([called('L2', 'a1', '2026-03-20T19:00:00+08:00')]);
      expect(await duties('L2')).toEqual([]);
    });

    it('pages follow-ups by due date then lead id, each page split into overdue and due', async () => {
      const lead = (leadId: string, grade: Grade, calledAt: string) => [
        registered(leadId),
        assigned(leadId, 'a1'),
        graded(leadId, grade),
        called(leadId, 'a1', `${calledAt}T10:00:00+08:00`),
      ];
      await h.given([
        ...department,
        ...lead('L5', 'A', '2026-03-12'),
        ...lead('L1', 'A', '2026-03-10'),
        ...lead('L3', 'A', '2026-03-11'), // due 03-15, 03-13, 03-14
        ...lead('L2', 'A', '2026-03-10'),
        ...lead('L6', 'B', '2026-03-08'),
        ...lead('L4', 'A', '2026-03-12'), // 03-13, 03-15, 03-15
      ]);
      const query = { agentId: 'a1', date: '2026-03-15' };
      const ids = (list: { leadId: string }[]) => list.map((i) => i.leadId);

      const pages = [await h.read((em) => followUps(em, { now: MARCH_15_NOON, ...query, limit: 2 }))];
      while (pages[pages.length - 1].nextCursor !== undefined) {
        pages.push(await h.read((em) => followUps(em, { now: MARCH_15_NOON, ...query, limit: 2, cursor: pages[pages.length - 1].nextCursor })));
      }
      expect(pages.map((p) => ({ overdue: ids(p.overdue), due: ids(p.due) }))).toEqual([
        { overdue: ['L1', 'L2'], due: [] },
        { overdue: ['L3'], due: ['L4'] },
        { overdue: [], due: ['L5', 'L6'] },
      ]);
      const whole = await h.read((em) => followUps(em, { now: MARCH_15_NOON, ...query }));
      expect(whole.nextCursor).toBeUndefined();
      expect(pages.flatMap((p) => p.overdue)).toEqual(whole.overdue);
      expect(pages.flatMap((p) => p.due)).toEqual(whole.due);

      const refused = { code: 'VALIDATION.FAILED', details: { fields: [{ field: 'cursor', problems: [expect.any(String)] }] } };
      await expect(h.read((em) => followUps(em, { now: MARCH_15_NOON, ...query, limit: 2, cursor: 'L2' }))).rejects.toMatchObject(refused);
      // Well formed but no date: refused before it reaches SQL.
      await expect(h.read((em) => followUps(em, { now: MARCH_15_NOON, ...query, limit: 2, cursor: encodeCursor(['2026-02-30', 'L2']) }))).rejects.toMatchObject(
        refused,
      );
    });

    it('pages the pipeline by lead id under a filter, and counts it by stage and grade', async () => {
      await h.given([
        ...department,
        ...['L01', 'L02', 'L03', 'L04', 'L05', 'L06', 'L07'].map((id) => registered(id)),
        assigned('L01', 'a1'),
        assigned('L02', 'a1'),
        assigned('L03', 'a1'),
        assigned('L04', 'a1'),
        assigned('L05', 'a1'),
        assigned('L06', 'a2'),
        called('L01', 'a1', '2026-03-10T10:00:00+08:00'),
        graded('L01', 'A'),
        called('L02', 'a1', '2026-03-10T10:00:00+08:00'),
        graded('L02', 'A'),
        visitBooked('L02', 'v2'),
        called('L03', 'a1', '2026-03-10T10:00:00+08:00'),
        graded('L03', 'B'),
        called('L04', 'a1', '2026-03-10T10:00:00+08:00'),
        called('L06', 'a2', '2026-03-10T10:00:00+08:00'),
        graded('L06', 'A'),
        dealClosed('L06', 'd6', 'a2'),
      ]);
      const first = await h.read((em) => pipelineRows(em, { ownerId: 'a1', limit: 2 }));
      expect(first.items.map((i) => i.leadId)).toEqual(['L01', 'L02']);
      const second = await h.read((em) => pipelineRows(em, { ownerId: 'a1', limit: 2, after: first.nextCursor }));
      expect(second.items.map((i) => i.leadId)).toEqual(['L03', 'L04']);
      const last = await h.read((em) => pipelineRows(em, { ownerId: 'a1', limit: 2, after: second.nextCursor }));
      expect(last).toEqual({ items: [{ leadId: 'L05', stage: 'new', grade: null, ownerId: 'a1', lastContactAt: null, nextFollowUpDue: null }] });

      expect((await h.read((em) => pipelineRows(em, { grade: 'A', limit: 10 }))).items.map((i) => i.leadId)).toEqual(['L01', 'L02', 'L06']);
      expect((await h.read((em) => pipelineRows(em, { grade: 'A', stage: 'graded', limit: 10 }))).items.map((i) => i.leadId)).toEqual(['L01']);
      expect((await h.read((em) => pipelineRows(em, { teamId: 't2', limit: 10 }))).items.map((i) => i.leadId)).toEqual(['L06']);
      expect((await h.read((em) => pipelineRows(em, { limit: 10 }))).nextCursor).toBeUndefined();

      expect(await h.read((em) => pipelineCounts(em))).toEqual({
        total: 7,
        byStage: { new: 2, contacted: 1, graded: 2, visit_booked: 1, visited: 0, won: 1, lost: 0 },
        byGrade: { A: 3, B: 1, C: 0, D: 0, ungraded: 3 },
      });
      expect(await h.read((em) => pipelineCounts(em, { ownerId: 'a1' }))).toMatchObject({
        total: 5,
        byStage: { new: 1, contacted: 1, graded: 2, visit_booked: 1, won: 0 },
        byGrade: { A: 2, B: 1, ungraded: 2 },
      });
    });
  });

  describe('batching', () => {
    // A department's history in which facts arrive in awkward order: a caller hired after their
    // calls, a plan version published after the month it covers, two owners in one stretch.
    const history: Event[] = [
      published(),
      hired('a1', 't1'),
      registered('L1'),
      registered('L2', 'a1'),
      registered('L3'),
      called('L1', 'a1', '2026-03-10T23:30:00+08:00'),
      graded('L1', 'B'),
      visitBooked('L1', 'v1'),
      assigned('L1', 'a1', null, 'visit_booked'),
      called('L2', 'late', '2026-03-11T00:30:00+08:00', 'interested'),
      graded('L2', 'A'),
      hired('late', 't2'),
      called('L1', 'a1', '2026-03-12T10:00:00+08:00', 'appointment_set', 'c-L1'),
      called('L1', 'a1', '2026-03-05T10:00:00+08:00'),
      visitMissed('L1', 'v1'),
      assigned('L1', 'late', 'a1'),
      assigned('L1', 'a1', 'late'),
      published({ version: 2, effectiveFrom: '2026-03-01', followUpDays: { A: 2, B: 5, C: 20, D: 60 } }),
      called('L3', 'a1', '2026-03-13T10:00:00+08:00', 'invalid_number', 'c-L3'),
      graded('L3', 'D'),
      reclassified('L3', 'c-L3', 'a1', '2026-03-13T10:00:00+08:00', 'invalid_number', 'busy'),
      visitBooked('L2', 'v2', 'late'),
      assigned('L2', 'late', null, 'visit_booked'),
      visitCompleted('L2', 'v2', 'late'),
      dealClosed('L2', 'd2', 'late'),
      dealCancelled('L2', 'd2'),
    ];
    const stamped = history.map((e) => recorded(e, 'history', new Date('2026-03-20T00:00:00Z')));
    const snapshot = async (x: Harness) => ({
      leads: await x.rows(`SELECT * FROM ${x.tables.leads} ORDER BY lead_id`),
      owners: await x.rows(`SELECT * FROM ${x.tables.owners} ORDER BY lead_id, seq`),
    });

    it('gives the same rows whether the events come in one batch or one at a time', async () => {
      await h.given(stamped, 1000);
      const whole = await snapshot(h);
      expect(whole.leads.map((r) => [r.lead_id, r.stage, r.owner_id, r.team_id])).toEqual([
        ['L1', 'graded', 'a1', 't1'],
        ['L2', 'lost', 'late', 't2'],
        ['L3', 'graded', null, null],
      ]);
      // Version 2 covers March, the late-hired caller's plan gives L2 a due date, and the late-logged call is not the last contact.
      expect(whole.leads.map((r) => r.next_follow_up_due && (r.next_follow_up_due as Date).toISOString().slice(0, 10))).toEqual([
        '2026-03-17',
        '2026-03-13',
        '2026-05-12',
      ]);
      for (const size of [1, 3, 7]) {
        const other = await projectionHarness(leadPipelineProjection);
        try {
          await other.given(stamped, size);
          expect(await snapshot(other)).toEqual(whole);
        } finally {
          await other.close();
        }
      }
    });
  });
});

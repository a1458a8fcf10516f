import {
  appraisalAt,
  type AppraisalStep,
  type Desk,
  expectRefused,
  type HttpAnswer,
  minutesFromNow,
  type Person,
  readAppraisal,
  startDesk,
  uniqueId,
} from '../support/telesales';

/**
 * Every appraisal command and query with every kind of caller, allowed and refused, from one
 * table. "agent" is the appraised agent; the supervisors are of the agent's team and of another.
 * A refusal is a 403 with its code and writes nothing; an allowed caller acts on an appraisal of
 * its own in the state the operation needs.
 */
const CALLERS = [
  'agent',
  'another agent',
  'specialist',
  'supervisor of the team',
  'supervisor of another team',
  'manager',
  'director',
  'hr',
  'payroll',
  'assistant',
  'integrator',
] as const;
type Caller = (typeof CALLERS)[number];

interface Target {
  appraisalId: string;
  appealId: string;
  requestId: string;
}

interface Operation {
  name: string;
  /** The state the operation needs. */
  given: AppraisalStep | 'nothing' | 'an access request';
  send: (desk: Desk, agent: Person, target: Target, auth: string) => Promise<HttpAnswer>;
  allowed: Caller[];
  /** Refusals by the rules of the appraisal itself; anyone else not allowed is refused at the door (AUTH.ROLE_NOT_ALLOWED). */
  refused?: Partial<Record<Caller, string>>;
  /** Reads change nothing: allowed callers share one appraisal. */
  read?: boolean;
}

const OTHER_TEAM = { 'supervisor of another team': 'AUTH.OTHER_TEAM' };
const MANAGING = ['supervisor of the team', 'manager', 'director', 'hr'] as Caller[];
const READERS = ['agent', ...MANAGING] as Caller[];

const OPERATIONS: Operation[] = [
  {
    name: 'OpenAppraisal',
    given: 'nothing',
    send: (desk, agent, t, auth) => desk.post('/appraisals', { appraisalId: t.appraisalId, agentId: agent.agentId, period: '2026-10' }, auth),
    allowed: MANAGING,
    refused: OTHER_TEAM,
  },
  {
    name: 'ScoreAppraisal',
    given: 'opened',
    send: (desk, _, t, auth) => desk.post(`/appraisals/${t.appraisalId}/score`, { ability: 70, attitude: 75 }, auth),
    allowed: ['supervisor of the team', 'manager', 'director'],
    refused: OTHER_TEAM,
  },
  {
    name: 'FinalizeAppraisal',
    given: 'scored',
    send: (desk, _, t, auth) => desk.post(`/appraisals/${t.appraisalId}/finalize`, undefined, auth),
    allowed: MANAGING,
    refused: OTHER_TEAM,
  },
  {
    name: 'GiveFeedback',
    given: 'finalized',
    send: (desk, _, t, auth) => desk.post(`/appraisals/${t.appraisalId}/feedback`, { givenAt: minutesFromNow(1) }, auth),
    allowed: MANAGING,
    refused: OTHER_TEAM,
  },
  {
    name: 'FileAppeal',
    given: 'feedback_given',
    send: (desk, _, t, auth) =>
      desk.post(`/appraisals/${t.appraisalId}/appeals`, { appealId: t.appealId, claims: [{ text: 'miscounted', eventIds: [] }] }, auth),
    allowed: ['agent'],
    // Specialists are appraised too (issue 12): one who is not the appraised person is refused as another agent is.
    refused: { 'another agent': 'APPEAL.NOT_APPRAISED_AGENT', specialist: 'APPEAL.NOT_APPRAISED_AGENT' },
  },
  {
    name: 'ResolveAppeal',
    given: 'under_appeal',
    send: (desk, _, t, auth) => desk.post(`/appeals/${t.appealId}/resolve`, { decision: 'rejected', reason: 'the record is right' }, auth),
    allowed: MANAGING,
    refused: OTHER_TEAM,
  },
  {
    name: 'ArchiveAppraisal',
    given: 'resolved',
    send: (desk, _, t, auth) => desk.post(`/appraisals/${t.appraisalId}/archive`, undefined, auth),
    allowed: ['manager', 'director', 'hr'],
  },
  {
    name: 'RequestArchiveAccess',
    given: 'archived',
    send: (desk, _, t, auth) => desk.post('/archive-access', { requestId: t.requestId, appraisalId: t.appraisalId, reason: 'promotion review' }, auth),
    allowed: MANAGING,
    refused: OTHER_TEAM,
  },
  {
    name: 'ApproveArchiveAccess',
    given: 'an access request',
    send: (desk, _, t, auth) => desk.post(`/archive-access/${t.requestId}/approve`, undefined, auth),
    allowed: ['assistant'],
  },
  {
    name: 'GET /api/appraisals/:id',
    given: 'finalized',
    send: (desk, _, t, auth) => readAppraisal(desk, t.appraisalId, auth),
    allowed: READERS,
    refused: { ...OTHER_TEAM, 'another agent': 'AUTH.NOT_SELF', specialist: 'AUTH.NOT_SELF' },
    read: true,
  },
  {
    name: 'GET /api/appraisals/:id/evidence',
    given: 'finalized',
    send: (desk, _, t, auth) => readAppraisal(desk, t.appraisalId, auth, {}, '/evidence'),
    allowed: READERS,
    refused: { ...OTHER_TEAM, 'another agent': 'AUTH.NOT_SELF', specialist: 'AUTH.NOT_SELF' },
    read: true,
  },
];

describe('who may run each appraisal command and query', () => {
  let desk: Desk;
  let agent: Person;
  let auth: Record<Caller, string>;
  const shared = new Map<string, Promise<Target>>();

  beforeAll(async () => {
    desk = await startDesk();
    agent = await desk.hire({ teamId: 't-roles' });
    const colleague = await desk.hire({ teamId: 't-roles' });
    auth = {
      agent: agent.auth,
      'another agent': colleague.auth,
      specialist: desk.bearer('s-roles', ['specialist'], 't-roles'),
      'supervisor of the team': desk.supervisorOf('t-roles'),
      'supervisor of another team': desk.supervisorOf('t-elsewhere'),
      manager: desk.manager,
      director: desk.director,
      hr: desk.hr,
      payroll: desk.payroll,
      assistant: desk.assistant,
      integrator: desk.integrator,
    };
  });
  afterAll(() => desk.app.close());

  async function prepare(operation: Operation): Promise<Target> {
    const target = { appraisalId: uniqueId('ap'), appealId: uniqueId('appeal'), requestId: uniqueId('r') };
    if (operation.given === 'nothing') return target;
    const step = operation.given === 'an access request' ? 'archived' : operation.given;
    const { appraisalId, appealId } = await appraisalAt(desk, agent, step, { appraisalId: target.appraisalId });
    if (operation.given === 'an access request') {
      const res = await desk.post('/archive-access', { requestId: target.requestId, appraisalId, reason: 'audit' }, desk.manager);
      expect(res.status).toBe(201);
    }
    return { ...target, appealId };
  }
  /** One target per operation for the callers that are refused (and for reads). */
  const sharedTarget = (operation: Operation) => {
    if (!shared.has(operation.name)) shared.set(operation.name, prepare(operation));
    return shared.get(operation.name)!;
  };

  const cases = OPERATIONS.flatMap((operation) =>
    CALLERS.map((caller) => {
      const allowed = operation.allowed.includes(caller);
      const code = operation.refused?.[caller] ?? 'AUTH.ROLE_NOT_ALLOWED';
      return [operation.name, caller, allowed ? `allowed (${operation.read ? 200 : 201})` : `refused: 403 ${code}`, operation, allowed, code] as const;
    }),
  );

  it.each(cases)('%s by %s: %s', async (_name, caller, _outcome, operation, allowed, code) => {
    if (allowed) {
      const target = operation.read ? await sharedTarget(operation) : await prepare(operation);
      const res = await operation.send(desk, agent, target, auth[caller]);
      if (res.status !== (operation.read ? 200 : 201)) throw new Error(`expected success, got ${res.status}: ${JSON.stringify(res.body)}`);
      return;
    }
    const target = await sharedTarget(operation);
    const res = await desk.refusedWithNothingAppended(() => operation.send(desk, agent, target, auth[caller]));
    expectRefused(res, 403, code);
  });

  describe('GET /api/streams/:streamId, scoped by role', () => {
    const streamsOf: Record<string, string> = {};
    const everyone = ['manager', 'director', 'hr'] as Caller[];
    const TRAIL: [stream: string, allowed: Caller[]][] = [
      ['the agent', ['agent', 'supervisor of the team', ...everyone, 'payroll']],
      ['a lead the agent owns', ['agent', 'supervisor of the team', ...everyone, 'payroll']],
      ['a lead the agent brought in', ['agent', 'supervisor of the team', ...everyone, 'payroll']],
      ["the agent's appraisal", ['agent', 'supervisor of the team', ...everyone]],
      ['an agent of another team', ['supervisor of another team', ...everyone, 'payroll']],
      ['a lead of another team', ['supervisor of another team', ...everyone, 'payroll']],
      ['the plan', [...everyone, 'payroll']],
    ];

    beforeAll(async () => {
      const stranger = await desk.hire({ teamId: 't-elsewhere' });
      const owned = await desk.registerLead();
      await desk.assign(owned.leadId, agent);
      const brought = await desk.registerLead({ source: 'agent', providedBy: agent.agentId }, agent.auth);
      const strangers = await desk.registerLead();
      await desk.assign(strangers.leadId, stranger);
      Object.assign(streamsOf, {
        'the agent': `agent-${agent.agentId}`,
        'a lead the agent owns': `lead-${owned.leadId}`,
        'a lead the agent brought in': `lead-${brought.leadId}`,
        "the agent's appraisal": `appraisal-${(await appraisalAt(desk, agent, 'opened')).appraisalId}`,
        'an agent of another team': `agent-${stranger.agentId}`,
        'a lead of another team': `lead-${strangers.leadId}`,
        'the plan': 'plan-standard',
      });
    });

    const trailCases = TRAIL.flatMap(([stream, readers]) =>
      CALLERS.map((caller) => [stream, caller, readers.includes(caller) ? 'allowed' : 'refused', readers.includes(caller)] as const),
    );

    it.each(trailCases)('%s, read by %s: %s', async (stream, caller, _outcome, allowed) => {
      const res = await desk.http.get(`/api/streams/${streamsOf[stream]}`).set('Authorization', auth[caller]);
      if (allowed) expect(res.status).toBe(200);
      else expectRefused(res, 403, ['assistant', 'integrator'].includes(caller) ? 'AUTH.ROLE_NOT_ALLOWED' : 'AUTH.STREAM_NOT_YOURS');
    });

    it("shows the lead's phone to those who work leads, masked to the others", async () => {
      const phoneOf = async (caller: Caller) =>
        (await desk.http.get(`/api/streams/${streamsOf['a lead the agent owns']}`).set('Authorization', auth[caller])).body.items[0].data.phone as string;
      expect(await phoneOf('agent')).toMatch(/^\d{11}$/);
      expect(await phoneOf('supervisor of the team')).toMatch(/^\d{11}$/);
      expect(await phoneOf('hr')).toMatch(/^\d{3}\*{4}\d{4}$/);
      expect(await phoneOf('payroll')).toMatch(/^\d{3}\*{4}\d{4}$/);
    });
  });

  it('nobody acts on their own appraisal but to appeal it, whatever roles their token holds', async () => {
    const boss = await desk.hire({ teamId: 't-roles' });
    const asHrToo = desk.bearer(boss.agentId, ['agent', 'hr', 'director'], 't-roles');
    const own = { appraisalId: uniqueId('ap'), appealId: uniqueId('appeal'), requestId: uniqueId('r') };
    expectRefused(
      await desk.post('/appraisals', { appraisalId: own.appraisalId, agentId: boss.agentId, period: '2026-10' }, asHrToo),
      403,
      'APPRAISAL.OWN_CASE',
    );
    const { appraisalId, appealId } = await appraisalAt(desk, boss, 'under_appeal');
    expectRefused(await desk.post(`/appeals/${appealId}/resolve`, { decision: 'upheld', reason: 'mine' }, asHrToo), 403, 'APPEAL.OWN_CASE');
    expectRefused(
      await desk.post(`/appraisals/${appraisalId}/score`, { ability: 100, attitude: 100 }, desk.bearer(boss.agentId, ['agent', 'director'])),
      403,
      'APPRAISAL.OWN_CASE',
    );
  });
});

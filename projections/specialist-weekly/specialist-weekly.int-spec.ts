import type { AgentHired, CompensationPlan, CompensationPlanPublished, LeadRegistered } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { projectionHarness, recorded } from '../../test/support/projection';
import { specialistWeeklyProjection } from './specialist-weekly.projection';
import { isoWeek, specialistWeeks } from './specialist-weekly.queries';
import { HANDBOOK_PLAN } from '../../test/support/handbook-plan';

const STANDARD = HANDBOOK_PLAN;

// ---- the department's events ----------------------------------------------------------------

const published = (overrides: Partial<CompensationPlan> = {}): RecordedEvent =>
  recorded<CompensationPlanPublished>({ type: 'CompensationPlanPublished', data: { ...structuredClone(STANDARD), ...overrides } });

const hired = (
  agentId: string,
  { role = 'specialist', teamId = 't1', hiredOn = '2026-03-02', planId = 'standard' }: Partial<AgentHired['data']> = {},
): RecordedEvent => recorded<AgentHired>({ type: 'AgentHired', data: { agentId, name: agentId, role, teamId, hiredOn, planId } });

let leads = 0;
/** A new number `providedBy` brought in, registered at `at`; `occurredAt` when the envelope says when it happened. */
const registered = (providedBy: string | null, at: string, { occurredAt }: { occurredAt?: string } = {}): RecordedEvent => {
  const leadId = `lead-${++leads}`;
  const event = recorded<LeadRegistered>(
    { type: 'LeadRegistered', data: { leadId, phone: `138${String(leads).padStart(8, '0')}`, name: null, source: 'specialist', providedBy } },
    leadId,
    new Date(at),
  );
  return occurredAt === undefined ? event : { ...event, metadata: { occurredAt } };
};

/** `n` numbers from 09:00 Shanghai time on `date`, one a minute. */
const registeredOn = (providedBy: string, date: string, n: number): RecordedEvent[] =>
  Array.from({ length: n }, (_, i) => registered(providedBy, new Date(Date.parse(`${date}T09:00:00+08:00`) + i * 60_000).toISOString()));

// ---- given / then ---------------------------------------------------------------------------

// One embedded database for the file (it takes seconds to start), emptied before every test.
let weekly: Awaited<ReturnType<typeof projectionHarness>>;
const forget = () => weekly.rows(`TRUNCATE ${Object.values(weekly.tables).join(', ')}`);
beforeAll(async () => {
  weekly = await projectionHarness(specialistWeeklyProjection);
});
beforeEach(forget);
afterAll(async () => {
  await weekly.close();
});

const given = (events: RecordedEvent[], batchSize?: number) => weekly.given(events, batchSize);
/** Every row, in one page. */
const weeks = async (query: Parameters<typeof specialistWeeks>[1] = {}) => (await weekly.read((em) => specialistWeeks(em, query))).items;
const week = (specialistId: string, isoWeekOf: string) => weeks({ week: isoWeekOf, specialistId }).then(([row]) => row);
/** Every provider's counts, agents included, as stored. */
const counted = () => weekly.rows(`SELECT provider_id, week, registered FROM ${weekly.tables.weeks} ORDER BY provider_id, week`);

describe('numbers registered per specialist and ISO week', () => {
  it('counts each registered number in the week it was registered', async () => {
    await given([
      published(),
      hired('sam'),
      hired('sue'),
      ...registeredOn('sam', '2026-03-09', 3), // Monday of 2026-W11
      ...registeredOn('sam', '2026-03-15', 2), // its Sunday
      ...registeredOn('sam', '2026-03-16', 4), // 2026-W12
      ...registeredOn('sue', '2026-03-11', 1),
    ]);

    expect(await weeks()).toEqual([
      { specialistId: 'sam', week: '2026-W11', registered: 5, target: 100, met: false },
      { specialistId: 'sue', week: '2026-W11', registered: 1, target: 100, met: false },
      { specialistId: 'sam', week: '2026-W12', registered: 4, target: 100, met: false },
    ]);
    expect(await weeks({ specialistId: 'sam' })).toHaveLength(2);
  });

  it('adds later batches to the week they fall in', async () => {
    await given([published(), hired('sam'), ...registeredOn('sam', '2026-03-09', 3)]);
    await given(registeredOn('sam', '2026-03-10', 2));

    expect((await week('sam', '2026-W11')).registered).toBe(5);
  });

  it('puts Sunday 23:30 and Monday 00:30 Shanghai time in different weeks, though both are one UTC day', async () => {
    await given([published(), hired('sam'), registered('sam', '2026-03-08T23:30:00+08:00'), registered('sam', '2026-03-09T00:30:00+08:00')]);

    expect(isoWeek('2026-03-08')).toBe('2026-W10');
    expect((await week('sam', '2026-W10')).registered).toBe(1);
    expect((await week('sam', '2026-W11')).registered).toBe(1);
  });

  it("takes the week in the time zone of the specialist's plan", async () => {
    await given([
      published(),
      published({ planId: 'berlin', timezone: 'Europe/Berlin' }),
      hired('sam'),
      hired('bea', { planId: 'berlin' }),
      // 06:30 on Monday in Shanghai is 23:30 on Sunday in Berlin.
      registered('sam', '2026-03-09T06:30:00+08:00'),
      registered('bea', '2026-03-09T06:30:00+08:00'),
    ]);

    expect(await weeks()).toEqual([
      expect.objectContaining({ specialistId: 'bea', week: '2026-W10', registered: 1 }),
      expect.objectContaining({ specialistId: 'sam', week: '2026-W11', registered: 1 }),
    ]);
  });

  it('dates a number by the occurredAt of its envelope when there is one, else by when it was recorded', async () => {
    await given([
      published(),
      hired('sam'),
      // Submitted on Sunday night, recorded on Monday morning.
      registered('sam', '2026-03-09T08:00:00+08:00', { occurredAt: '2026-03-08T23:30:00+08:00' }),
      registered('sam', '2026-03-09T08:00:00+08:00'),
    ]);

    expect((await week('sam', '2026-W10')).registered).toBe(1);
    expect((await week('sam', '2026-W11')).registered).toBe(1);
  });

  it("does not count an agent's numbers, or purchased ones, as a specialist's", async () => {
    await given([
      published(),
      hired('sam'),
      hired('ann', { role: 'agent' }),
      ...registeredOn('ann', '2026-03-09', 5),
      ...registeredOn('sam', '2026-03-09', 2),
      registered(null, '2026-03-09T10:00:00+08:00'),
    ]);

    expect(await weeks()).toEqual([{ specialistId: 'sam', week: '2026-W11', registered: 2, target: 100, met: false }]);
    expect(await weeks({ week: '2026-W11' })).toEqual([{ specialistId: 'sam', week: '2026-W11', registered: 2, target: 100, met: false }]);
    // The agents' numbers are kept per week all the same.
    expect(await counted()).toEqual([
      { provider_id: 'ann', week: '2026-W11', registered: 5 },
      { provider_id: 'sam', week: '2026-W11', registered: 2 },
    ]);
  });

  it('counts a number once, even when its registration is delivered twice', async () => {
    const [number] = registeredOn('sam', '2026-03-09', 1);
    await given([published(), hired('sam'), number]);
    await given([number, number]);

    expect((await week('sam', '2026-W11')).registered).toBe(1);
  });
});

describe('the weekly target of 100 new, non-duplicate numbers', () => {
  it('is met at 100 and not at 99', async () => {
    await given([published(), hired('sam'), hired('sue'), ...registeredOn('sam', '2026-03-10', 99), ...registeredOn('sue', '2026-03-10', 100)]);

    expect(await weeks({ week: '2026-W11' })).toEqual([
      { specialistId: 'sam', week: '2026-W11', registered: 99, target: 100, met: false },
      { specialistId: 'sue', week: '2026-W11', registered: 100, target: 100, met: true },
    ]);

    await given(registeredOn('sam', '2026-03-15', 1));
    expect(await week('sam', '2026-W11')).toEqual({ specialistId: 'sam', week: '2026-W11', registered: 100, target: 100, met: true });
  });

  it('lists every specialist of a week asked for, at zero if need be, but none hired after it', async () => {
    await given([
      published(),
      hired('sam', { teamId: 't1' }),
      hired('sue', { teamId: 't2' }),
      hired('ann', { role: 'agent', teamId: 't1' }),
      hired('new', { teamId: 't1', hiredOn: '2026-03-16' }),
      ...registeredOn('sam', '2026-03-10', 3),
    ]);

    expect(await weeks({ week: '2026-W11' })).toEqual([
      { specialistId: 'sam', week: '2026-W11', registered: 3, target: 100, met: false },
      { specialistId: 'sue', week: '2026-W11', registered: 0, target: 100, met: false },
    ]);
    expect(await weeks({ week: '2026-W11', teamId: 't2' })).toEqual([{ specialistId: 'sue', week: '2026-W11', registered: 0, target: 100, met: false }]);
    expect((await weeks({ week: '2026-W12', teamId: 't1' })).map((r) => [r.specialistId, r.registered])).toEqual([
      ['new', 0],
      ['sam', 0],
    ]);
    await expect(weeks({ week: '2026-W54' })).rejects.toMatchObject({ code: 'VALIDATION.FAILED' });
  });
});

describe('pages', () => {
  /** Every page with `limit`, following nextCursor until it is absent. */
  const walk = async (query: Parameters<typeof specialistWeeks>[1], limit: number) => {
    const pages = [await weekly.read((em) => specialistWeeks(em, { ...query, limit }))];
    for (let cursor = pages[0].nextCursor; cursor !== undefined; cursor = pages[pages.length - 1].nextCursor) {
      pages.push(await weekly.read((em) => specialistWeeks(em, { ...query, limit, cursor })));
    }
    return pages;
  };
  const ids = (rows: { week: string; specialistId: string }[]) => rows.map((r) => `${r.week} ${r.specialistId}`);

  it('walks the weeks by week then specialist, and one week by specialist, nothing lost or repeated', async () => {
    await given([
      published(),
      hired('sam'),
      hired('sue'),
      hired('tom'),
      hired('Uma'),
      hired('ann', { role: 'agent' }),
      ...registeredOn('sam', '2026-03-09', 2),
      ...registeredOn('sue', '2026-03-10', 1),
      ...registeredOn('tom', '2026-03-11', 1),
      ...registeredOn('sam', '2026-03-16', 1),
      ...registeredOn('Uma', '2026-03-17', 3),
      ...registeredOn('ann', '2026-03-17', 3),
    ]);

    const everyWeek = await walk({}, 2);
    expect(everyWeek.map((p) => ids(p.items))).toEqual([
      ['2026-W11 sam', '2026-W11 sue'],
      ['2026-W11 tom', '2026-W12 Uma'], // by code unit, as the ids compare everywhere: 'U' before 's'
      ['2026-W12 sam'],
    ]);
    expect(everyWeek.flatMap((p) => p.items)).toEqual(await weeks());

    const oneWeek = await walk({ week: '2026-W12' }, 2);
    expect(oneWeek.map((p) => ids(p.items))).toEqual([
      ['2026-W12 Uma', '2026-W12 sam'],
      ['2026-W12 sue', '2026-W12 tom'],
    ]);
    expect(oneWeek[1].nextCursor).toBeUndefined();
    expect(oneWeek.flatMap((p) => p.items)).toEqual(await weeks({ week: '2026-W12' }));
  });

  it('refuses a cursor it did not issue, naming the cursor', async () => {
    await given([published(), hired('sam')]);
    await expect(weekly.read((em) => specialistWeeks(em, { limit: 1, cursor: 'not-a-cursor' }))).rejects.toMatchObject({
      code: 'VALIDATION.FAILED',
      details: { fields: [{ field: 'cursor', problems: [expect.any(String)] }] },
    });
  });
});

describe('isoWeek', () => {
  it("agrees with PostgreSQL's ISO week (IYYY-IW) on every day from 2015 to 2035", async () => {
    const days = await weekly.rows<{ date: string; week: string }>(
      `SELECT to_char(d, 'YYYY-MM-DD') AS date, to_char(d, 'IYYY-"W"IW') AS week
       FROM generate_series('2015-01-01'::date, '2035-12-31'::date, interval '1 day') AS d`,
    );
    expect(days).toHaveLength(7670);
    expect(days.filter((d) => isoWeek(d.date) !== d.week)).toEqual([]);
  });
});

describe('batching', () => {
  // A history whose calendar moves under numbers already counted: a provider hired after their
  // first numbers, and a plan version, published late, that moves the plan to Berlin from April.
  const history = (): RecordedEvent[] => [
    published(),
    hired('sam'),
    hired('sue', { teamId: 't2' }),
    hired('ann', { role: 'agent' }),
    ...registeredOn('sam', '2026-03-09', 7),
    registered('sam', '2026-03-08T23:30:00+08:00'),
    registered('sue', '2026-03-09T00:30:00+08:00'),
    ...registeredOn('ann', '2026-03-11', 4),
    registered('late', '2026-04-13T05:30:00+08:00'), // Monday in Shanghai, Sunday in Berlin (summer time)
    registered('sue', '2026-04-13T05:30:00+08:00'),
    ...registeredOn('sue', '2026-04-14', 3),
    hired('late', { hiredOn: '2026-04-01' }),
    published({ version: 2, effectiveFrom: '2026-04-01', timezone: 'Europe/Berlin' }),
    registered('sam', '2026-04-20T05:00:00+08:00'),
    registered('sam', '2026-03-30T06:00:00+08:00'),
  ];

  it('gives the same rows whatever the size of the batches', async () => {
    const events = history();
    const tables = () =>
      Promise.all(
        [`SELECT * FROM ${weekly.tables.weeks} ORDER BY provider_id, week`, `SELECT * FROM ${weekly.tables.registrations} ORDER BY lead_id`].map((q) =>
          weekly.rows(q),
        ),
      );

    await given(events, events.length);
    const all = await tables();
    expect((await weeks()).map((r) => [r.week, r.specialistId, r.registered])).toEqual([
      ['2026-W10', 'sam', 1],
      ['2026-W11', 'sam', 7],
      ['2026-W11', 'sue', 1],
      // March is still Shanghai's: Monday 06:00 there.
      ['2026-W14', 'sam', 1],
      // April is Berlin's: 05:30 on Monday in Shanghai is 23:30 on Sunday there.
      ['2026-W15', 'late', 1],
      ['2026-W15', 'sue', 1],
      ['2026-W16', 'sam', 1],
      ['2026-W16', 'sue', 3],
    ]);

    for (const size of [1, 2, 3, 7]) {
      await forget();
      await given(events, size);
      expect(await tables()).toEqual(all);
    }
  });
});

import { execFile } from 'node:child_process';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sign } from 'jsonwebtoken';
import { Client } from 'pg';
import request from 'supertest';
import { Clock } from '@app/application';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { type MonthVerification, verifyMonth, type VerifyingKey } from '@app/pay-replay';
import { type AppConfig, DEV_PAYROLL_SIGNING_KEY, openEventStore, payrollSigningKeyFrom, type ReadModelConfig, type StoreConfig } from '@app/platform';
import { createApp } from '../../apps/api/src/bootstrap';
import { TEST_SECRET, type TestApp } from '../support/app';
import { clockFrom } from '../support/clock';
import { dropSchema, uniqueSchema } from '../support/postgres';
import { Desk, expectCreated, expectRefused, planBody, type Person } from '../support/telesales';

/**
 * Statements nobody can alter unseen (issue 13, point 7). Each close records a manifest — the
 * SHA-256 of every issued statement's canonical JSON, the positions it took in, the previous
 * month's manifest digest — signed with the Ed25519 key (here the development key), and
 * `npm run payroll -- verify <month>` recomputes every statement from the store and checks them.
 *
 * The service runs on a store this suite can reach with SQL once the service is stopped: a PGlite
 * data directory, or a PostgreSQL schema of its own when DATABASE_URL is set. September is closed,
 * then its manifest is taken out with SQL: exactly what a close made before manifests recorded.
 */
const DECEMBER_10 = '2026-12-10T10:00:00+08:00';
const SEAL = planBody({ planId: 'seal', effectiveFrom: '2026-09-01', dailyTargets: { dials: 1, effectiveCalls: 0, talkMinutes: null } });
const ROOT = join(__dirname, '..', '..');

interface Place {
  store: StoreConfig;
  readModels: ReadModelConfig;
  /** The environment that points the CLI at the same store. */
  env: Record<string, string>;
  /** Runs SQL on the event store's tables; only while no service or store of this process holds it. */
  sql<Row>(text: string, params?: unknown[]): Promise<Row[]>;
  drop(): Promise<void>;
}

function place(): Place {
  const url = process.env.DATABASE_URL;
  if (url) {
    const schema = uniqueSchema('mf');
    return {
      store: { kind: 'postgres', connectionString: url, schema },
      readModels: { kind: 'postgres', connectionString: url, schema },
      env: { DATABASE_URL: url, DATABASE_SCHEMA: schema },
      sql: async <Row>(text: string, params?: unknown[]) => {
        const client = new Client({ connectionString: url, options: `-c search_path=${schema}` });
        await client.connect();
        try {
          return (await client.query(text, params)).rows as Row[];
        } finally {
          await client.end();
        }
      },
      drop: () => dropSchema(url, schema),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'payroll-manifest-'));
  const dataDir = join(dir, 'eventstore');
  return {
    store: { kind: 'pglite', dataDir },
    readModels: { kind: 'pglite' },
    env: { DATA_DIR: dir },
    sql: async <Row>(text: string, params?: unknown[]) => {
      const db = await PGlite.create(dataDir);
      try {
        return (await db.query<Row>(text, params)).rows;
      } finally {
        await db.close();
      }
    },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function startOn(where: Place): Promise<Desk> {
  const config: AppConfig = { port: 0, store: where.store, readModels: where.readModels, runProjections: true, jwtSecret: TEST_SECRET, devSecret: false };
  process.env.NODE_ENV = 'test';
  const app = await createApp(config);
  await app.init();
  app.get(Clock).now = clockFrom(DECEMBER_10);
  await app.listen(0, '127.0.0.1');
  const testApp: TestApp = {
    app,
    http: request(app.getHttpServer()),
    store: app.get<EventStore>(EVENT_STORE),
    storeKind: where.store.kind === 'postgres' ? 'postgres' : 'pglite',
    token: (sub, roles, team) => sign({ sub, roles, ...(team ? { team } : {}) }, TEST_SECRET, { algorithm: 'HS256', expiresIn: '1h' }),
    close: () => app.close(),
  };
  return new Desk(testApp);
}

/** The test's own canonical JSON (keys sorted, no whitespace) and digest, written from the rule rather than taken from the service. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const DEV_KEY = payrollSigningKeyFrom(DEV_PAYROLL_SIGNING_KEY);
const KEY: VerifyingKey = { publicKey: DEV_KEY.publicKey, publicKeyHex: DEV_KEY.publicKeyHex };

/** `npm run payroll -- verify <month>` as a clerk runs it, against the same store. */
function verifyCli(where: Place, month: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const tsNode = require.resolve('ts-node/dist/bin.js');
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'development', ...where.env };
  delete env.PAYROLL_SIGNING_KEY;
  if (!where.env.DATABASE_URL) delete env.DATABASE_URL;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [tsNode, '-r', 'tsconfig-paths/register', '--transpile-only', 'apps/worker/src/cli/payroll.ts', 'verify', month],
      { cwd: ROOT, env, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('signed pay manifests and their verification', () => {
  const where = place();
  let desk: Desk;
  let fang: Person;
  let qiang: Person;
  const september = { connected: '' };

  /** Runs `verifyMonth` on a store opened as the CLI opens it, closed again before any SQL. */
  async function verified(month: string): Promise<MonthVerification> {
    const store = await openEventStore(where.store);
    try {
      return await verifyMonth(store, month, KEY);
    } finally {
      await store.close();
    }
  }

  const close = async (month: string) => {
    for (let attempt = 0; ; attempt++) {
      const res = await desk.post(`/payroll/${month}/close`, undefined, desk.payroll);
      if (res.status === 503 && attempt < 20) continue;
      return expectCreated(res, `paymonth-${month}`);
    }
  };

  beforeAll(async () => {
    desk = await startOn(where);
    expectCreated(await desk.post('/plans', SEAL, desk.payroll), 'plan-seal');
    fang = await desk.hire({ planId: 'seal', name: '王芳', hiredOn: '2026-09-01' });
    qiang = await desk.hire({ planId: 'seal', name: '李强', hiredOn: '2026-09-01' });
    const { leadId } = await desk.registerLead();
    await desk.assign(leadId, fang);
    await desk.logCall(fang, leadId, { outcome: 'appointment_set', startedAt: '2026-09-14T10:00:00+08:00' });
    september.connected = (await desk.logCall(fang, leadId, { outcome: 'connected', startedAt: '2026-09-15T10:00:00+08:00' })).callId as string;
    await desk.logCall(fang, leadId, { outcome: 'appointment_set', startedAt: '2026-10-12T10:00:00+08:00' });
    await desk.logCall(fang, leadId, { outcome: 'appointment_set', startedAt: '2026-11-16T10:00:00+08:00' });
    await close('2026-09');
    await desk.app.close();

    // September as a close made before this change recorded it: no manifest, digest or signature.
    await where.sql(
      `UPDATE es_events SET data = data - 'manifest' - 'manifestSha256' - 'signature' WHERE stream_id = 'paymonth-2026-09' AND type = 'PayMonthClosed'`,
    );

    desk = await startOn(where);
    // A September call reclassified after its close: October carries the prior-period adjustment.
    expectCreated(
      await desk.post(`/calls/${september.connected}/reclassify`, { outcome: 'appointment_set', reason: 'QA: a visit was agreed' }, desk.supervisorOf('t1')),
      `lead-${leadId}`,
    );
    await close('2026-10');
    await close('2026-11');
  }, 480_000);
  afterAll(async () => {
    await where.drop();
  });

  const manifestOf = (month: string, auth = desk.payroll) => desk.http.get(`/api/payroll/${month}/manifest`).set('authorization', auth);

  describe('over HTTP', () => {
    afterAll(() => desk?.app.close());

    it("serves October's manifest: the digest of each issued statement, the positions, no previous manifest after a month closed before manifests, and a valid Ed25519 signature", async () => {
      const res = await manifestOf('2026-10');
      expect(res.status).toBe(200);
      const issued = await desk.http.get('/api/payroll/2026-10').set('authorization', desk.payroll);
      const september = await desk.http.get('/api/payroll/2026-09').set('authorization', desk.payroll);
      const { manifest, manifestSha256, signature } = res.body;
      expect(res.body).toMatchObject({ month: '2026-10', signatureAlgorithm: 'Ed25519', closedAt: expect.any(String) });
      expect(manifest).toEqual({
        version: 1,
        month: '2026-10',
        fromPosition: (BigInt(september.body.upToPosition) + 1n).toString(),
        upToPosition: issued.body.upToPosition,
        statementCount: 2,
        totalFen: issued.body.totalFen,
        statements: issued.body.statements.map((s: { agentId: string }) => ({ agentId: s.agentId, sha256: sha256(canonical(s)) })),
        previousMonth: '2026-09',
        previousManifestSha256: null,
        publicKey: DEV_KEY.publicKeyHex,
      });
      expect(manifest.statements.map((s: { agentId: string }) => s.agentId)).toEqual([fang.agentId, qiang.agentId].sort());
      // October pays fang the reclassified September call back: its statement carries the adjustment the manifest seals.
      const fangs = issued.body.statements.find((s: { agentId: string }) => s.agentId === fang.agentId);
      expect(fangs.lines.map((l: { kind: string }) => l.kind)).toContain('prior_period_adjustment');
      expect(manifestSha256).toBe(sha256(canonical(manifest)));
      const publicKey = createPublicKey({
        key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(manifest.publicKey, 'hex')]),
        format: 'der',
        type: 'spki',
      });
      expect(verify(null, Buffer.from(canonical(manifest), 'utf8'), publicKey, Buffer.from(signature, 'base64'))).toBe(true);
      expect(verify(null, Buffer.from(canonical({ ...manifest, totalFen: manifest.totalFen + 1 }), 'utf8'), publicKey, Buffer.from(signature, 'base64'))).toBe(
        false,
      );
    });

    it("chains November's manifest to October's", async () => {
      const [october, november] = [(await manifestOf('2026-10')).body, (await manifestOf('2026-11')).body];
      expect(november.manifest).toMatchObject({
        month: '2026-11',
        previousMonth: '2026-10',
        previousManifestSha256: october.manifestSha256,
        fromPosition: (BigInt(october.manifest.upToPosition) + 1n).toString(),
      });
    });

    it('says plainly that a month closed before manifests has none, that an open month has none yet; payroll and directors only', async () => {
      const none = expectRefused(await manifestOf('2026-09'), 404, 'PAY.NO_MANIFEST');
      expect(none.message).toBe('pay month 2026-09 was closed before manifests were recorded: it has no manifest');
      expectRefused(await manifestOf('2026-12'), 422, 'PAY.MONTH_NOT_CLOSED');
      expect((await manifestOf('2026-10', desk.director)).status).toBe(200);
      expectRefused(await manifestOf('2026-10', fang.auth), 403, 'AUTH.ROLE_NOT_ALLOWED');
    });

    it('still replays the month closed before manifests as issued, byte for byte', async () => {
      const issued = await desk.http.get('/api/payroll/2026-09').set('authorization', desk.payroll);
      const replay = await desk.http.post('/api/payroll/2026-09/replay').query({ asOf: 'issued' }).set('authorization', desk.payroll);
      expect(replay.status).toBe(200);
      expect(JSON.stringify(replay.body.statements)).toBe(JSON.stringify(issued.body.statements));
      expect(issued.body.statements).toHaveLength(2);
    });
  });

  describe('verify, from the store alone', () => {
    it('verifies the signed months and says plainly that September has no manifest', async () => {
      expect(await verified('2026-10')).toEqual({
        month: '2026-10',
        outcome: 'verified',
        statements: 2,
        manifestSha256: expect.any(String),
        previousMonth: '2026-09',
        findings: [],
      });
      expect(await verified('2026-11')).toMatchObject({ outcome: 'verified', previousMonth: '2026-10', findings: [] });
      expect(await verified('2026-09')).toMatchObject({ outcome: 'no_manifest', statements: 2, findings: [] });
      expect(await verified('2026-12')).toMatchObject({ outcome: 'not_closed' });
      const cli = await verifyCli(where, '2026-09');
      expect(cli.code).toBe(3);
      expect(cli.stdout).toContain('2026-09: no manifest — the month was closed before manifests were recorded');
    }, 120_000);

    it('finds a statement altered directly in the database and names the person, exit code 1; restored, the month verifies again', async () => {
      const [row] = await where.sql<{ position: string; data: string }>(
        `SELECT position::text AS position, data::text AS data FROM es_events WHERE stream_id = 'paymonth-2026-10' AND type = 'PayStatementIssued' AND data #>> '{statement,agentId}' = $1`,
        [fang.agentId],
      );
      expect(row).toBeDefined();
      // 100.00 more on the first line and on the total: a statement that still adds up.
      await where.sql(
        `UPDATE es_events SET data = jsonb_set(jsonb_set(data, '{statement,lines,0,amountFen}', to_jsonb((data #>> '{statement,lines,0,amountFen}')::int + 10000)),
           '{statement,totalFen}', to_jsonb((data #>> '{statement,totalFen}')::int + 10000)) WHERE position = $1::bigint`,
        [row.position],
      );
      try {
        const result = await verified('2026-10');
        expect(result.outcome).toBe('failed');
        expect(result.findings).toEqual([
          {
            check: 'statement',
            agentId: fang.agentId,
            message: expect.stringContaining(`${fang.agentId}: the statement as stored differs from the one issued`),
          },
        ]);
        const cli = await verifyCli(where, '2026-10');
        expect(cli.code).toBe(1);
        expect(cli.stdout).toContain('2026-10: FAILED');
        expect(cli.stdout).toContain(`statements that differ: ${fang.agentId}`);
        expect(cli.stdout).not.toContain(qiang.agentId);
      } finally {
        await where.sql(`UPDATE es_events SET data = $1::jsonb WHERE position = $2::bigint`, [row.data, row.position]);
      }
      expect(await verified('2026-10')).toMatchObject({ outcome: 'verified' });
    }, 180_000);

    it("finds a broken chain: October's manifest altered in the database breaks November's link, and October's own digest and signature", async () => {
      const [row] = await where.sql<{ position: string; data: string }>(
        `SELECT position::text AS position, data::text AS data FROM es_events WHERE stream_id = 'paymonth-2026-10' AND type = 'PayMonthClosed'`,
      );
      // The manifest's recorded digest is updated along with it, as someone covering their tracks would.
      const altered = JSON.parse(row.data);
      altered.manifest.totalFen += 10000;
      altered.manifestSha256 = sha256(canonical(altered.manifest));
      await where.sql(`UPDATE es_events SET data = $1::jsonb WHERE position = $2::bigint`, [JSON.stringify(altered), row.position]);
      try {
        const november = await verified('2026-11');
        expect(november.outcome).toBe('failed');
        expect(november.findings).toEqual([
          { check: 'chain', message: expect.stringContaining("the chain is broken: the manifest names 2026-10's manifest as") },
        ]);
        const october = await verified('2026-10');
        expect(october.outcome).toBe('failed');
        expect(october.findings.map((f) => f.check).sort()).toEqual(['manifest', 'signature']);
      } finally {
        await where.sql(`UPDATE es_events SET data = $1::jsonb WHERE position = $2::bigint`, [row.data, row.position]);
      }
      expect(await verified('2026-11')).toMatchObject({ outcome: 'verified' });
    }, 120_000);
  });
});

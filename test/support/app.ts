import type { INestApplication } from '@nestjs/common';
import { sign } from 'jsonwebtoken';
import request from 'supertest';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { createApp } from '../../apps/api/src/bootstrap';
import { Clock } from '@app/application';
import type { WorkdayOverrides } from '@app/domain';
import { clockFrom, testNow } from './clock';
import type { AppConfig, EdgeConfig, ReadModelConfig, StoreConfig } from '@app/platform';
import { dropSchema, uniqueSchema } from './postgres';

export const TEST_SECRET = 'e2e-secret';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  store: EventStore;
  /** Which store the service runs on: PostgreSQL when DATABASE_URL is set, else embedded in memory. */
  storeKind: 'postgres' | 'pglite';
  token(sub: string, roles: string[], team?: string): string;
  close(): Promise<void>;
}

/**
 * The whole service over HTTP, on a fresh store of its own: PostgreSQL when DATABASE_URL is set,
 * else embedded — or the one `on` names (PostgreSQL still needs DATABASE_URL). Its clock is the
 * test clock (`./clock`), or starts at `options.now`. `options.edge` sets the HTTP edge's policy
 * (token lifetime and origin, rate limit, CORS); without it, the default token policy and no limit.
 */
export async function startTestApp(
  on?: 'postgres' | 'pglite',
  options: { now?: string; edge?: EdgeConfig; workdayOverrides?: WorkdayOverrides } = {},
): Promise<TestApp> {
  process.env.NODE_ENV = 'test';
  const url = on === 'pglite' ? undefined : process.env.DATABASE_URL;
  if (on === 'postgres' && !url) throw new Error('startTestApp("postgres") needs DATABASE_URL');
  const schema = uniqueSchema('e2e');
  const store: StoreConfig = url ? { kind: 'postgres', connectionString: url, schema } : { kind: 'pglite' };
  const readModels: ReadModelConfig = url ? { kind: 'postgres', connectionString: url, schema } : { kind: 'pglite' };
  const config: AppConfig = {
    port: 0,
    store,
    readModels,
    runProjections: true,
    jwtSecret: TEST_SECRET,
    devSecret: false,
    workdayOverrides: options.workdayOverrides,
    edge: options.edge,
  };
  const app = await createApp(config);
  // Pinned before start: what the service checks at start (the working calendar's coverage) reads the test's time.
  app.get(Clock).now = options.now ? clockFrom(options.now) : testNow;
  await app.init();
  return {
    app,
    http: request(app.getHttpServer()),
    store: app.get<EventStore>(EVENT_STORE),
    storeKind: url ? 'postgres' : 'pglite',
    token: (sub, roles, team) => sign({ sub, roles, ...(team ? { team } : {}) }, TEST_SECRET, { algorithm: 'HS256', expiresIn: '1h' }),
    close: async () => {
      await app.close();
      if (url) await dropSchema(url, schema);
    },
  };
}

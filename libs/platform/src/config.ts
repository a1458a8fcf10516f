import { join } from 'node:path';
import { parseWorkdayOverrides, type WorkdayOverrides } from '@app/domain';

export type StoreConfig =
  | { kind: 'eventstoredb'; connectionString: string }
  | { kind: 'postgres'; connectionString: string; schema?: string }
  | { kind: 'pglite'; /** In memory when absent (tests). */ dataDir?: string };

/** Where projections keep their rows and checkpoints. */
export type ReadModelConfig =
  { kind: 'postgres'; connectionString: string; schema?: string } | { kind: 'pglite'; /** In memory when absent (tests). */ dataDir?: string };

export interface AppConfig {
  port: number;
  store: StoreConfig;
  readModels: ReadModelConfig;
  /** Run the projection runner in this process (the embedded default); off when a worker runs them. */
  runProjections: boolean;
  jwtSecret: string;
  /** True when no secret was configured and the development one is in use. */
  devSecret: boolean;
  /**
   * `PSEUDONYM_KEY`: the key of the integrators' lead pseudonyms (`leadRef`). Changing it changes
   * every leadRef; absent means the development key (`DEV_PSEUDONYM_KEY`).
   */
  pseudonymKey?: string;
  /** True when no PSEUDONYM_KEY was configured and the development one is in use. */
  devPseudonymKey?: boolean;
  /** `FEED_HEARTBEAT_MS`: the SSE feed's heartbeat comment interval (default 15 s). */
  feedHeartbeatMs?: number;
  /** `WORKDAY_OVERRIDES`: the operator's days that the published holiday calendar gets wrong (none when absent). */
  workdayOverrides?: WorkdayOverrides;
}

export const DEV_JWT_SECRET = 'development-only-secret-change-me';
export const DEV_PSEUDONYM_KEY = 'development-only-pseudonym-key-change-me';

/** Reads the environment of API.md "Running it"; throws when production is missing its secret. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const store: StoreConfig = env.EVENTSTORE_CONNECTION_STRING
    ? { kind: 'eventstoredb', connectionString: env.EVENTSTORE_CONNECTION_STRING }
    : env.DATABASE_URL
      ? { kind: 'postgres', connectionString: env.DATABASE_URL, schema: env.DATABASE_SCHEMA }
      : { kind: 'pglite', dataDir: join(env.DATA_DIR ?? './.data', 'eventstore') };
  const secret = env.AUTH_JWT_SECRET;
  if (!secret && env.NODE_ENV === 'production') {
    throw new Error('AUTH_JWT_SECRET must be set when NODE_ENV=production');
  }
  const pseudonymKey = env.PSEUDONYM_KEY;
  if (!pseudonymKey && env.NODE_ENV === 'production') {
    throw new Error('PSEUDONYM_KEY must be set when NODE_ENV=production');
  }
  const readModels: ReadModelConfig = env.DATABASE_URL
    ? { kind: 'postgres', connectionString: env.DATABASE_URL, schema: env.DATABASE_SCHEMA }
    : { kind: 'pglite', dataDir: join(env.DATA_DIR ?? './.data', 'readmodels') };
  return {
    port: Number(env.PORT ?? 3000),
    store,
    readModels,
    runProjections: env.RUN_PROJECTIONS !== 'false',
    jwtSecret: secret ?? DEV_JWT_SECRET,
    devSecret: !secret,
    pseudonymKey: pseudonymKey ?? DEV_PSEUDONYM_KEY,
    devPseudonymKey: !pseudonymKey,
    feedHeartbeatMs: heartbeatMs(env.FEED_HEARTBEAT_MS),
    workdayOverrides: workdayOverrides(env.WORKDAY_OVERRIDES),
  };
}

/** A typo in the overrides would move appeal deadlines silently, so it stops the service at start. */
function workdayOverrides(json: string | undefined): WorkdayOverrides {
  try {
    return parseWorkdayOverrides(json ?? '');
  } catch (error) {
    throw new Error(`WORKDAY_OVERRIDES is not valid: ${(error as Error).message}`, { cause: error });
  }
}

function heartbeatMs(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 10) throw new Error(`FEED_HEARTBEAT_MS must be a number of milliseconds ≥ 10, not ${JSON.stringify(value)}`);
  return Number(value);
}

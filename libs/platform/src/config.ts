import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
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
  /**
   * `PAYROLL_SIGNING_KEY`: the Ed25519 key that signs each closed month's manifest (a PKCS#8 PEM, or
   * the 32-byte seed as 64 hex digits); absent means the development key (`DEV_PAYROLL_SIGNING_KEY`).
   */
  payrollSigningKey?: string;
  /** True when no PAYROLL_SIGNING_KEY was configured and the development one is in use. */
  devPayrollSigningKey?: boolean;
  /** `FEED_HEARTBEAT_MS`: the SSE feed's heartbeat comment interval (default 15 s). */
  feedHeartbeatMs?: number;
  /** `FEED_MAX_STREAMS_PER_CALLER`: SSE feed streams one caller may hold open at once (default 5). */
  feedMaxStreamsPerCaller?: number;
  /** `WORKDAY_OVERRIDES`: the operator's days that the published holiday calendar gets wrong (none when absent). */
  workdayOverrides?: WorkdayOverrides;
  /** What the HTTP edge asks of tokens and callers beyond the secret (none of it when absent). */
  edge?: EdgeConfig;
}

/** The HTTP edge's policy: tokens' lifetime and origin, requests per caller, browsers' origins. */
export interface EdgeConfig {
  /** `AUTH_MAX_TOKEN_AGE_SECONDS`: the longest a token may be valid for (`exp` − `iat`); default 12 hours. */
  maxTokenAgeSeconds: number;
  /** `AUTH_ISSUER`, `AUTH_AUDIENCE`: when set, a token must carry this `iss` / `aud`. */
  issuer?: string;
  audience?: string;
  /** `RATE_LIMIT_PER_MINUTE`: requests a minute per caller (the token's `sub`, else the address); 0 turns it off. */
  rateLimitPerMinute: number;
  /** `CORS_ORIGINS`: the browser origins allowed to call the API (comma-separated); none when empty. */
  corsOrigins: string[];
}

/** Shorter secrets can be guessed offline from one token: HS256 wants at least its own 256 bits. */
export const MIN_JWT_SECRET_BYTES = 32;

export const DEV_JWT_SECRET = 'development-only-secret-change-me';
export const DEV_PSEUDONYM_KEY = 'development-only-pseudonym-key-change-me';
/** A fixed seed, so that a manifest signed in development verifies from the command line too. Never for production. */
export const DEV_PAYROLL_SIGNING_KEY = '6465766f6e6c792d7061792d6d616e69666573742d7369676e696e672d6b6579';

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
  if (secret && env.NODE_ENV === 'production' && Buffer.byteLength(secret, 'utf8') < MIN_JWT_SECRET_BYTES) {
    throw new Error(`AUTH_JWT_SECRET must be at least ${MIN_JWT_SECRET_BYTES} bytes when NODE_ENV=production`);
  }
  const pseudonymKey = env.PSEUDONYM_KEY;
  if (!pseudonymKey && env.NODE_ENV === 'production') {
    throw new Error('PSEUDONYM_KEY must be set when NODE_ENV=production');
  }
  const payrollSigningKey = env.PAYROLL_SIGNING_KEY;
  if (!payrollSigningKey && env.NODE_ENV === 'production') {
    throw new Error('PAYROLL_SIGNING_KEY must be set when NODE_ENV=production');
  }
  if (payrollSigningKey) payrollSigningKeyFrom(payrollSigningKey, 'PAYROLL_SIGNING_KEY');
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
    payrollSigningKey: payrollSigningKey ?? DEV_PAYROLL_SIGNING_KEY,
    devPayrollSigningKey: !payrollSigningKey,
    feedHeartbeatMs: heartbeatMs(env.FEED_HEARTBEAT_MS),
    feedMaxStreamsPerCaller: wholeNumber('FEED_MAX_STREAMS_PER_CALLER', env.FEED_MAX_STREAMS_PER_CALLER, 5, 1),
    workdayOverrides: workdayOverrides(env.WORKDAY_OVERRIDES),
    edge: {
      maxTokenAgeSeconds: wholeNumber('AUTH_MAX_TOKEN_AGE_SECONDS', env.AUTH_MAX_TOKEN_AGE_SECONDS, 12 * 60 * 60, 1),
      issuer: env.AUTH_ISSUER || undefined,
      audience: env.AUTH_AUDIENCE || undefined,
      rateLimitPerMinute: wholeNumber('RATE_LIMIT_PER_MINUTE', env.RATE_LIMIT_PER_MINUTE, 1200, 0),
      corsOrigins: corsOrigins(env.CORS_ORIGINS),
    },
  };
}

function wholeNumber(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new Error(`${name} must be a whole number ≥ ${min}, not ${JSON.stringify(value)}`);
  return Number(value);
}

/** Each origin exactly as a browser sends it (`https://host[:port]`): a typo would let nobody in, or the wrong site. */
function corsOrigins(value: string | undefined): string[] {
  const origins = (value ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin) {
      throw new Error(`CORS_ORIGINS must list origins like https://dash.example.com, not ${JSON.stringify(origin)}`);
    }
  }
  return origins;
}

export interface PayrollSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The raw 32-byte public key as 64 hex digits, as manifests name it. */
  publicKeyHex: string;
}

/** DER prefix of a PKCS#8 Ed25519 private key, before its 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * The manifest key from its text: a PKCS#8 PEM (`openssl genpkey -algorithm ed25519`) or the seed
 * as 64 hex digits (`openssl rand -hex 32`). Anything else, or another algorithm, stops the service
 * at start, naming `name`.
 */
export function payrollSigningKeyFrom(text: string, name = 'PAYROLL_SIGNING_KEY'): PayrollSigningKey {
  let privateKey: KeyObject;
  try {
    const trimmed = text.trim();
    privateKey = /^[0-9a-fA-F]{64}$/.test(trimmed)
      ? createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, Buffer.from(trimmed, 'hex')]), format: 'der', type: 'pkcs8' })
      : createPrivateKey(trimmed.replace(/\\n/g, '\n'));
  } catch (error) {
    throw new Error(`${name} is not valid: an Ed25519 private key (PKCS#8 PEM) or its 32-byte seed as 64 hex digits`, { cause: error });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${name} is not valid: the key must be Ed25519, not ${privateKey.asymmetricKeyType}`);
  const publicKey = createPublicKey(privateKey);
  const publicKeyHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  return { privateKey, publicKey, publicKeyHex };
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

import { isIP } from 'node:net';

/** The knobs of webhook delivery, from the environment (README "Integrators", "Webhooks"). */
export interface WebhookConfig {
  /** WEBHOOK_RETRY_BASE_MS: the wait after the first failure; it doubles after each further one. */
  retryBaseMs: number;
  /** WEBHOOK_RETRY_MAX_MS: the longest wait between two attempts. */
  retryMaxMs: number;
  /** WEBHOOK_PARK_AFTER: consecutive failures after which a subscriber is parked. */
  parkAfter: number;
  /** WEBHOOK_TIMEOUT_MS: how long one POST may take, answer included. */
  timeoutMs: number;
  /** WEBHOOK_POLL_MS: how often a caught-up subscriber looks for new events, and new subscribers are looked for. */
  pollMs: number;
  /** WEBHOOK_CONCURRENCY: subscribers delivered to at once by one process (each holds a database lease meanwhile). */
  concurrency: number;
  /** WEBHOOK_SECRET_KEY: seals subscribers' secrets in the event store; derived from AUTH_JWT_SECRET when unset. */
  secretKey: string;
  /** Whether the key was derived rather than configured. */
  derivedSecretKey: boolean;
  /**
   * WEBHOOK_ALLOWED_HOSTS: receivers on the service's own network that may be called all the same
   * (comma-separated host names, addresses or networks such as 10.1.0.0/16); none by default.
   */
  allowedHosts: string[];
  /** WEBHOOK_MAX_PER_INTEGRATOR: webhooks one integrator may have registered and not deactivated (default 10). */
  maxPerIntegrator: number;
}

/**
 * A receiver down for a night is not parked: 1 s doubling to an hour, parked at the 37th failure in
 * a row, which is 25 hours after the first (issue 14: at least 24 hours of retries before parking).
 */
const DEFAULTS = { retryBaseMs: 1000, retryMaxMs: 3_600_000, parkAfter: 37, timeoutMs: 10_000, pollMs: 500, concurrency: 3 };

/** A bad value stops the service at start rather than retrying at a surprising pace. */
export function loadWebhookConfig(jwtSecret: string, env: NodeJS.ProcessEnv = process.env): WebhookConfig {
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer from ${min} to ${max}, not ${JSON.stringify(raw)}`);
    return value;
  };
  const secretKey = env.WEBHOOK_SECRET_KEY;
  if (secretKey !== undefined && secretKey !== '' && secretKey.length < 16) throw new Error('WEBHOOK_SECRET_KEY must be at least 16 characters');
  return {
    retryBaseMs: int('WEBHOOK_RETRY_BASE_MS', DEFAULTS.retryBaseMs, 1, 3_600_000),
    retryMaxMs: int('WEBHOOK_RETRY_MAX_MS', DEFAULTS.retryMaxMs, 1, 86_400_000),
    parkAfter: int('WEBHOOK_PARK_AFTER', DEFAULTS.parkAfter, 1, 1000),
    timeoutMs: int('WEBHOOK_TIMEOUT_MS', DEFAULTS.timeoutMs, 1, 600_000),
    pollMs: int('WEBHOOK_POLL_MS', DEFAULTS.pollMs, 1, 60_000),
    concurrency: int('WEBHOOK_CONCURRENCY', DEFAULTS.concurrency, 1, 64),
    secretKey: secretKey || `webhook-secrets:${jwtSecret}`,
    derivedSecretKey: !secretKey,
    allowedHosts: allowedHosts(env.WEBHOOK_ALLOWED_HOSTS),
    maxPerIntegrator: int('WEBHOOK_MAX_PER_INTEGRATOR', 10, 1, 1000),
  };
}

function allowedHosts(value: string | undefined): string[] {
  const entries = (value ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [network, prefix, more] = entry.split('/');
    const bits = isIP(network) === 6 ? 128 : 32;
    const validNetwork = isIP(network) && (prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= bits)) && more === undefined;
    const validName = prefix === undefined && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(network);
    if (!validNetwork && !validName)
      throw new Error(`WEBHOOK_ALLOWED_HOSTS must list host names, addresses or networks (10.1.0.0/16), not ${JSON.stringify(entry)}`);
  }
  return entries;
}

/** The wait after `failures` consecutive failures: base · 2^(failures−1), capped, with up to 10 % jitter so that many subscribers do not retry in step. */
export function retryDelayMs(config: Pick<WebhookConfig, 'retryBaseMs' | 'retryMaxMs'>, failures: number, random: () => number = Math.random): number {
  const exponential = config.retryBaseMs * 2 ** Math.min(Math.max(failures - 1, 0), 40);
  const capped = Math.min(exponential, config.retryMaxMs);
  return Math.round(capped * (1 + 0.1 * random()));
}

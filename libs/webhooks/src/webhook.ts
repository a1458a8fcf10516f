import { type Actor, conflict, notFound } from '@app/domain';

/**
 * A webhook subscriber, event-sourced in its stream `webhook-<id>`: events as data, a pure
 * `evolve` and one pure `decide` per command. No Nest, no I/O.
 */

/** The subscriber's secret, sealed with the service's key (AES-256-GCM): the stream never holds it in clear. */
export interface SealedSecret {
  alg: 'aes-256-gcm';
  /** Which key sealed it (a digest of the key, not the key), so a wrong key is named rather than failing obscurely. */
  keyId: string;
  iv: string;
  tag: string;
  ciphertext: string;
}

export interface WebhookRegistered {
  type: 'WebhookRegistered';
  data: {
    webhookId: string;
    /** The integrator who registered it: the only one who manages it. */
    ownerId: string;
    url: string;
    /** Public integration event types (INTEGRATION_EVENT_TYPES). */
    types: string[];
    /** Deliveries start after this global position ("0": the whole history). */
    fromPosition: string;
    sealedSecret: SealedSecret;
    registeredAt: string;
  };
}

export interface WebhookParked {
  type: 'WebhookParked';
  data: {
    webhookId: string;
    /** The event that could not be delivered: deliveries resume with it after a re-drive. */
    position: string;
    eventId: string;
    attempts: number;
    lastError: string;
    parkedAt: string;
  };
}

export interface WebhookRedriven {
  type: 'WebhookRedriven';
  data: { webhookId: string; redrivenBy: string; redrivenAt: string; resumesAt: string };
}

export interface WebhookDeactivated {
  type: 'WebhookDeactivated';
  data: { webhookId: string; deactivatedBy: string; deactivatedAt: string };
}

export type WebhookEvent = WebhookRegistered | WebhookParked | WebhookRedriven | WebhookDeactivated;
export const WEBHOOK_EVENT_TYPES: readonly WebhookEvent['type'][] = ['WebhookRegistered', 'WebhookParked', 'WebhookRedriven', 'WebhookDeactivated'];

export type WebhookStatus = 'active' | 'parked' | 'deactivated';

export type WebhookState =
  | { registered: false }
  | (WebhookRegistered['data'] & {
      registered: true;
      status: WebhookStatus;
      /** The last parking, while parked. */
      parked?: WebhookParked['data'];
      /** How often it was parked and re-driven: each parking and each re-drive has its own command id. */
      parks: number;
      redrives: number;
      deactivatedAt?: string;
    });
export type RegisteredWebhook = Extract<WebhookState, { registered: true }>;

export const initialWebhookState: WebhookState = { registered: false };

export function evolveWebhook(state: WebhookState, event: WebhookEvent): WebhookState {
  switch (event.type) {
    case 'WebhookRegistered':
      return { registered: true, ...event.data, types: [...event.data.types], status: 'active', parks: 0, redrives: 0 };
    case 'WebhookParked':
      return state.registered ? { ...state, status: 'parked', parked: event.data, parks: state.parks + 1 } : state;
    case 'WebhookRedriven':
      return state.registered ? { ...state, status: 'active', parked: undefined, redrives: state.redrives + 1 } : state;
    case 'WebhookDeactivated':
      return state.registered ? { ...state, status: 'deactivated', deactivatedAt: event.data.deactivatedAt } : state;
    default: {
      const never: never = event;
      return never;
    }
  }
}

export interface RegisterWebhook {
  type: 'RegisterWebhook';
  data: { webhookId: string; url: string; types: string[]; fromPosition: string; sealedSecret: SealedSecret };
}
export interface ParkWebhook {
  type: 'ParkWebhook';
  data: { webhookId: string; position: string; eventId: string; attempts: number; lastError: string };
}

export interface WebhookContext {
  actor: Actor;
  now: Date;
}

export function decideRegisterWebhook(command: RegisterWebhook, state: WebhookState, ctx: WebhookContext): [WebhookRegistered] {
  const { webhookId } = command.data;
  if (state.registered) throw conflict('WEBHOOK.EXISTS', `webhook ${webhookId} already exists`, { webhookId });
  return [
    { type: 'WebhookRegistered', data: { ...command.data, types: [...command.data.types], ownerId: ctx.actor.sub, registeredAt: ctx.now.toISOString() } },
  ];
}

/** The dispatcher parks an active webhook after too many failures in a row. */
export function decideParkWebhook(command: ParkWebhook, state: WebhookState, ctx: WebhookContext): [WebhookParked] {
  const { webhookId } = command.data;
  if (!state.registered) throw unknownWebhook(webhookId);
  if (state.status !== 'active') throw conflict('WEBHOOK.NOT_ACTIVE', `webhook ${webhookId} is ${state.status}`, { webhookId, state: state.status });
  return [{ type: 'WebhookParked', data: { ...command.data, parkedAt: ctx.now.toISOString() } }];
}

/** Its owner un-parks it: deliveries resume with the event that could not be delivered. */
export function decideRedriveWebhook(webhookId: string, state: WebhookState, ctx: WebhookContext): [WebhookRedriven] {
  const webhook = requireOwnWebhook(state, webhookId, ctx.actor);
  if (webhook.status !== 'parked' || !webhook.parked) {
    throw conflict('WEBHOOK.NOT_PARKED', `webhook ${webhookId} is ${webhook.status}; only a parked webhook is re-driven`, { webhookId, state: webhook.status });
  }
  return [{ type: 'WebhookRedriven', data: { webhookId, redrivenBy: ctx.actor.sub, redrivenAt: ctx.now.toISOString(), resumesAt: webhook.parked.position } }];
}

/** Its owner stops it for good; the id stays taken. */
export function decideDeactivateWebhook(webhookId: string, state: WebhookState, ctx: WebhookContext): [WebhookDeactivated] {
  const webhook = requireOwnWebhook(state, webhookId, ctx.actor);
  if (webhook.status === 'deactivated') throw conflict('WEBHOOK.DEACTIVATED', `webhook ${webhookId} is already deactivated`, { webhookId });
  return [{ type: 'WebhookDeactivated', data: { webhookId, deactivatedBy: ctx.actor.sub, deactivatedAt: ctx.now.toISOString() } }];
}

/** Managers and directors see every webhook; anyone else (integrators) only their own. */
export const READS_EVERY_WEBHOOK: readonly string[] = ['manager', 'director'];
export const mayReadWebhook = (state: WebhookState, actor: Actor): state is RegisteredWebhook =>
  state.registered && (state.ownerId === actor.sub || actor.roles.some((r) => READS_EVERY_WEBHOOK.includes(r)));

/** Someone else's webhook answers as if it did not exist: its id tells nothing. */
export function requireOwnWebhook(state: WebhookState, webhookId: string, actor: Actor): RegisteredWebhook {
  if (!state.registered || state.ownerId !== actor.sub) throw unknownWebhook(webhookId);
  return state;
}

export const unknownWebhook = (webhookId: string) => notFound('WEBHOOK.NOT_FOUND', `webhook ${webhookId} does not exist`, { webhookId });

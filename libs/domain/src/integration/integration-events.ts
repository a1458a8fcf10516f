import { invalid } from '../errors';
import type { StoredEvent } from '../stored-event';
import { domainUpcasters } from '../upcasters';
import { DEFINITIONS, type PublishedDefinition, type StoredDomainEvent } from './definitions';
import { objectSchema, pick, type JsonSchema } from './fields';

/**
 * The public shape of an event (the contract integrators code against; the stored event is not).
 * `id` is the global position as a string: the SSE id and the cursor to resume from.
 */
export interface IntegrationEvent {
  id: string;
  /** `telesales.call.logged.v1` */
  type: string;
  eventId: string;
  occurredAt: string;
  recordedAt: string;
  correlationId?: string;
  causationId?: string;
  data: Record<string, unknown>;
}

export interface IntegrationOptions {
  /** The key of the `leadRef` pseudonyms (PSEUDONYM_KEY). */
  pseudonymKey: string;
}

const published: ReadonlyArray<[string, PublishedDefinition]> = Object.entries(DEFINITIONS).filter(
  (entry): entry is [string, PublishedDefinition] => entry[1].published,
);
const byInternal = new Map(published);
const byPublic = new Map(published.map(([internalType, d]) => [d.publicType, { internalType, definition: d }]));

/** Every public type, in the order of the definitions. */
export const INTEGRATION_EVENT_TYPES: readonly string[] = Object.freeze(published.map(([, d]) => d.publicType));

/** Stored event types integrators never see, with the reason. */
export const UNPUBLISHED_EVENT_TYPES: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(Object.entries(DEFINITIONS).flatMap(([type, d]) => (d.published ? [] : [[type, d.why]]))),
);

/** The public type of a stored event type; undefined when it is not published. */
export const publicTypeOf = (internalType: string): string | undefined => byInternal.get(internalType)?.publicType;

/**
 * The stored types behind public ones, to filter the store with; every published type when the
 * list is empty. An unknown public type is a 400 naming it.
 */
export function internalTypesFor(publicTypes: readonly string[]): string[] {
  if (publicTypes.length === 0) return published.map(([internalType]) => internalType);
  const unknown = publicTypes.filter((t) => !byPublic.has(t));
  if (unknown.length > 0) {
    throw invalid('INTEGRATION.UNKNOWN_TYPE', `unknown integration event type ${unknown.map((t) => JSON.stringify(t)).join(', ')}`, {
      fields: [{ field: 'types', problems: [`each type must be one of ${INTEGRATION_EVENT_TYPES.join(', ')}`] }],
      unknown,
    });
  }
  return [...new Set(publicTypes.map((t) => byPublic.get(t)!.internalType))];
}

/** The public shape of a stored event, or null when the event is not published. */
export function toIntegrationEvent(event: StoredEvent, options: IntegrationOptions): IntegrationEvent | null {
  const definition = byInternal.get(event.type);
  if (!definition) return null;
  const data = pick(currentData(event), definition.fields, options);
  const { correlationId, causationId, occurredAt } = event.metadata;
  return {
    id: event.position.toString(),
    type: definition.publicType,
    eventId: event.eventId,
    occurredAt: typeof occurredAt === 'string' ? occurredAt : event.recordedAt.toISOString(),
    recordedAt: event.recordedAt.toISOString(),
    ...(typeof correlationId === 'string' ? { correlationId } : {}),
    ...(typeof causationId === 'string' ? { causationId } : {}),
    data,
  };
}

/** One JSON Schema per public type: the whole integration event, `data` made from the same fields as the mapping. */
export const INTEGRATION_SCHEMAS: Record<string, JsonSchema> = Object.fromEntries(
  published.map(([internalType, d]) => [d.publicType, envelopeSchema(internalType, d)]),
);

function envelopeSchema(internalType: string, d: PublishedDefinition): JsonSchema {
  const text = { type: 'string' };
  return {
    title: d.publicType,
    description: `${d.description} (stored as ${internalType})`,
    type: 'object',
    properties: {
      id: { type: 'string', pattern: '^\\d+$', description: 'The global position: the SSE id and the cursor to resume after.' },
      type: { type: 'string', const: d.publicType },
      eventId: { type: 'string', minLength: 1 },
      occurredAt: { type: 'string', format: 'date-time', description: "Business time, e.g. a call's start" },
      recordedAt: { type: 'string', format: 'date-time', description: 'When the store accepted the event' },
      correlationId: text,
      causationId: text,
      data: objectSchema(d.fields),
    },
    required: ['id', 'type', 'eventId', 'occurredAt', 'recordedAt', 'data'],
    additionalProperties: false,
  };
}

/**
 * Old stored shapes lifted to the current one (e.g. CallLogged v1's `talkSeconds`). The service's
 * store already yields current shapes (openEventStore), where this finds nothing to do; it is for
 * the native EventStoreDB consumers of README.md, who map raw stored events.
 */
function currentData(event: StoredEvent): Record<string, unknown> {
  let data = (event.data ?? {}) as Record<string, unknown>;
  let version = Number(event.metadata.schemaVersion ?? 1);
  for (;;) {
    const step = domainUpcasters.find((u) => u.type === event.type && u.fromVersion === version);
    if (!step) return data;
    data = step.upcast(data);
    version += 1;
  }
}

export type { StoredDomainEvent };

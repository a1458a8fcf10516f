import { createHash } from 'node:crypto';

/** Who caused an event: the token's subject and roles. */
export interface Actor {
  sub: string;
  roles: string[];
}

/** The metadata every stored event carries (API.md "Events"); `recordedAt` is added on read. */
export interface EventMetadata {
  eventId: string;
  commandId: string;
  /** Hash of the command's payload: the same command id with another payload is a conflict. */
  commandHash: string;
  correlationId: string;
  causationId: string;
  actor: Actor;
  /** Business time, e.g. a call's start. */
  occurredAt: string;
  schemaVersion: number;
}

export type StoredMetadata = EventMetadata & { recordedAt: string };

// RFC 4122 namespace for this service's event ids (a fixed random UUID).
const EVENT_ID_NAMESPACE = '6f1c2a52-51f4-4b8e-9d0e-3c4a1f0b7e21';

/** UUIDv5 (SHA-1, name-based): the same name always gives the same id. */
export function uuidV5(name: string, namespace: string = EVENT_ID_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The n-th event a command produces has an id derived from the command's id, so a retry re-appends the same ids. */
export function eventIdFor(commandId: string, index: number): string {
  return uuidV5(`${commandId}#${index}`);
}

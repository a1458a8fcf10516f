import { createHash } from 'node:crypto';
import type { Actor } from '@app/domain';

/** Who sent a command, under which id, and how it relates to what came before. */
export interface CommandContext {
  actor: Actor;
  commandId: string;
  /** Same id, same hash: a retry. Same id, another hash: a conflict. */
  commandHash: string;
  correlationId: string;
  causationId: string;
  now: Date;
}

/** JSON with sorted keys, so that equal payloads hash equally whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function hashCommand(type: string, data: unknown): string {
  return createHash('sha256').update(canonical({ type, data })).digest('hex');
}

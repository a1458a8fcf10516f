import { randomUUID } from 'node:crypto';
import { type PipeTransform } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import type { Request, Response } from 'express';
import { type Actor, DomainError } from '@app/domain';
import { type CommandContext, hashCommand, type WriteResult } from '@app/application';
import { receivedAt } from './request-time';

export const ENTITY_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const ID_RULE = 'must be 1–64 letters, digits, or _ . : - (starting with a letter or digit)';

/** An id that names an entity and becomes part of a stream id. */
export const IsEntityId = () => Matches(ENTITY_ID, { message: `$property ${ID_RULE}` });

/** Validates an id in the path and names the parameter when it is bad. */
export const entityIdParam = (name: string): PipeTransform<string, string> => ({
  transform(value: string) {
    if (!ENTITY_ID.test(value)) {
      throw new DomainError('VALIDATION.FAILED', 'validation', `${name}: ${name} ${ID_RULE}`, {
        fields: [{ field: name, problems: [ID_RULE] }],
      });
    }
    return value;
  },
});

/**
 * The command's identity. Commands that name their own id (callId, dealId, …) are idempotent by
 * it; the others are when the client sends an `Idempotency-Key` header.
 */
export function commandContext(request: Request, actor: Actor, type: string, data: unknown, identity: { ownId: string } | { scope: string }): CommandContext {
  const commandId = 'ownId' in identity ? `${type}:${identity.ownId}` : `${type}:${identity.scope}:${request.header('idempotency-key') ?? randomUUID()}`;
  return {
    actor,
    commandId,
    commandHash: hashCommand(type, data),
    correlationId: request.header('x-correlation-id') ?? commandId,
    causationId: commandId,
    now: receivedAt(request),
  };
}

export class WriteResultDto {
  @ApiProperty({ example: 'lead-L1' }) streamId: string;
  @ApiProperty({ example: 3 }) revision: number;
  @ApiProperty({ example: '8123456789', description: 'global position, usable as minPosition' }) position: string;
}

/** 201 for a new write, 200 for a retry answered with the first result. */
export function answer(response: Response, result: WriteResult): WriteResultDto {
  response.status(result.created ? 201 : 200);
  return { streamId: result.streamId, revision: Number(result.revision), position: result.position.toString() };
}

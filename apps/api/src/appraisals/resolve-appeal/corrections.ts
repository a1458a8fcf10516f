import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import {
  type CallOutcome,
  decideLead,
  DomainError,
  evolveAgent,
  evolveLead,
  forbidden,
  initialAgentState,
  initialLeadState,
  type OpenedAppraisal,
  ruleBroken,
  streams,
} from '@app/domain';
import { type CommandContext, EventReader, hashCommand } from '@app/application';
import { LeadCommands } from '../../application/lead-commands';
import { IsEntityId } from '../../http/command-http';
import { validationPipe } from '../../http/validation';
import { invalidField } from '../../http/validators';
import { ReclassifyCallCommand } from '../../sales/reclassify-call/reclassify-call.command';
import { ReclassifyCallDto } from '../../sales/reclassify-call/reclassify-call.http';

/** A command an upheld appeal runs to correct the record: the body of its own route, named by `command`. */
export type Correction = {
  command: 'ReclassifyCall';
  callId: string;
  outcome: CallOutcome;
  reason: string;
};

export class ReclassifyCallCorrectionDto extends ReclassifyCallDto {
  @ApiProperty({ enum: ['ReclassifyCall'] }) @IsIn(['ReclassifyCall']) command: 'ReclassifyCall';
  @ApiProperty({ example: 'c-17' }) @IsEntityId() callId: string;
}

/** The commands a correction may name, each with the body of its route and the roles that route allows. */
const CORRECTIONS = {
  ReclassifyCall: { body: ReclassifyCallCorrectionDto, roles: ['supervisor', 'manager', 'director'] },
} as const;
const NAMES = Object.keys(CORRECTIONS);

const withField = (field: string, e: DomainError, message = `${field}: ${e.message}`) => new DomainError(e.code, e.category, message, { ...e.details, field });

/** Each correction checked as its own route would check its body; a 400 names `corrections[i].<field>`. */
export async function parseCorrections(raw: readonly Record<string, unknown>[] = []): Promise<Correction[]> {
  const parsed: Correction[] = [];
  for (const [i, correction] of raw.entries()) {
    const name = correction.command;
    if (typeof name !== 'string' || !Object.hasOwn(CORRECTIONS, name)) {
      throw invalidField(`corrections[${i}].command`, `must be one of: ${NAMES.join(', ')}, not ${JSON.stringify(name ?? null)}`);
    }
    try {
      const body = await validationPipe.transform(correction, { type: 'body', metatype: CORRECTIONS[name as keyof typeof CORRECTIONS].body });
      parsed.push({ command: 'ReclassifyCall', callId: body.callId, outcome: body.outcome, reason: body.reason });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const fields = (error.details?.fields as { field: string; problems: string[] }[]).map((f) => ({ ...f, field: `corrections[${i}].${f.field}` }));
      throw new DomainError(error.code, error.category, fields.map((f) => `${f.field}: ${f.problems.join('; ')}`).join(' | '), { fields });
    }
  }
  return parsed;
}

/**
 * Runs an appeal's corrections as the ordinary commands they name, with the resolver's rights:
 * checked in full before the resolution is written, then sent through the command bus caused by it.
 */
@Injectable()
export class Corrections {
  constructor(
    private readonly commands: CommandBus,
    private readonly leads: LeadCommands,
    private readonly reader: EventReader,
  ) {}

  /**
   * Refuses what the resolver could not send as that command now, and a correction of anyone's
   * work but the appraised agent's: an appeal corrects its own record, nobody else's.
   */
  async check(corrections: readonly Correction[], appraisal: OpenedAppraisal, ctx: CommandContext): Promise<void> {
    for (const [i, { command, callId, outcome, reason }] of corrections.entries()) {
      const field = `corrections[${i}]`;
      const { roles } = CORRECTIONS[command];
      if (!ctx.actor.roles.some((r) => (roles as readonly string[]).includes(r))) {
        throw forbidden('AUTH.ROLE_NOT_ALLOWED', `${field}: ${command} needs one of the roles: ${roles.join(', ')}`, { field, allowed: roles });
      }
      try {
        const leadId = await this.leads.leadOf('call', callId);
        const lead = await this.reader.fold(streams.lead(leadId), initialLeadState, evolveLead);
        const call = lead.registered ? lead.calls.get(callId) : undefined;
        if (call && call.agentId !== appraisal.agentId) {
          throw ruleBroken('APPEAL.CORRECTION_OF_ANOTHER', `call ${callId} is ${call.agentId}'s, not ${appraisal.agentId}'s, the appraised agent's`, {
            callId,
          });
        }
        const person = call && (await this.reader.fold(streams.agent(call.agentId), initialAgentState, evolveAgent));
        decideLead({ type: command, data: { callId, outcome, reason } }, lead, { now: ctx.now, actor: ctx.actor, person, leadId });
      } catch (error) {
        throw error instanceof DomainError ? withField(field, error) : error;
      }
    }
  }

  /**
   * Each correction is its own command (`<resolution command id>/corrections[i]`), so sending the
   * resolution again runs only those that have not landed yet.
   */
  /** Runs the corrections in order; answers the position of the last one written (0 when none was). */
  async run(corrections: readonly Correction[], ctx: CommandContext, causationId: string): Promise<bigint> {
    let last = 0n;
    for (const [i, { command, callId, outcome, reason }] of corrections.entries()) {
      const data = { callId, outcome, reason };
      const commandId = `${ctx.commandId}/corrections[${i}]`;
      try {
        const written = await this.commands.execute(
          new ReclassifyCallCommand(data, { ...ctx, commandId, commandHash: hashCommand(command, data), causationId }),
        );
        if (written.position > last) last = written.position;
      } catch (error) {
        // Someone else has since set the same outcome: the record already says what the correction asks.
        if (error instanceof DomainError && error.code === 'CALL.OUTCOME_UNCHANGED') continue;
        if (!(error instanceof DomainError)) throw error;
        throw withField(
          `corrections[${i}]`,
          error,
          `the appeal is resolved (event ${causationId}), but corrections[${i}] failed: ${error.message}; send the same request again to run the corrections still to do`,
        );
      }
    }
    return last;
  }
}

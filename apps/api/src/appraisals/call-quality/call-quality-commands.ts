import { randomBytes } from 'node:crypto';
import { Injectable, type PipeTransform } from '@nestjs/common';
import { type CallQualityEvent, type CallQualityState, DomainError, evolveCallQuality, initialCallQualityState, parsePeriod, streams } from '@app/domain';
import { type CommandContext, CommandExecutor, EventReader, type WriteResult } from '@app/application';

/**
 * Where a draw's seed comes from: 32 bytes of the operating system's cryptographic randomness, made
 * on the server for each draw and recorded in it. No request field reaches it (README "Call quality").
 */
export const DRAW_SEEDS = Symbol('DRAW_SEEDS');
export type DrawSeeds = () => string;
export const cryptoSeeds: DrawSeeds = () => randomBytes(32).toString('hex');

/** A period in the path (`2026-10`, `2026-Q4`, `2026`); a bad one is a 400 naming `period`. */
export const periodParam: PipeTransform<string, string> = {
  transform(value: string) {
    try {
      return parsePeriod(value, 'period').period;
    } catch (error) {
      const problem = error instanceof DomainError ? error.message : 'period must be a month, a quarter or a year';
      throw new DomainError('VALIDATION.FAILED', 'validation', problem, { fields: [{ field: 'period', problems: [problem] }] });
    }
  },
};

/** Glue shared by the call-quality handlers and reads: an agent's stream `call-quality-<agentId>`. */
@Injectable()
export class CallQuality {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly reader: EventReader,
  ) {}

  run(agentId: string, decide: (state: CallQualityState) => CallQualityEvent[], ctx: CommandContext): Promise<WriteResult> {
    return this.executor.execute({ streamId: streams.callQuality(agentId), initial: initialCallQualityState, evolve: evolveCallQuality, decide }, ctx);
  }

  state(agentId: string): Promise<CallQualityState> {
    return this.reader.fold(streams.callQuality(agentId), initialCallQualityState, evolveCallQuality);
  }
}

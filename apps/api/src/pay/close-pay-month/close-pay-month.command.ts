import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  decideClosePayMonth,
  evolvePayMonth,
  initialPayMonthState,
  type ManifestContext,
  manifestSha256,
  type PayMonthClosed,
  type PayMonthState,
  streams,
} from '@app/domain';
import { type CommandContext, CommandExecutor, EventReader, type WriteResult } from '@app/application';
import { Payroll, timeZonesOf } from '../payroll/payroll';
import { ManifestKey } from './manifest-key';

export class ClosePayMonthCommand extends Command<WriteResult> {
  constructor(
    readonly month: string,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

/** Raised inside the decision when another close got there first: answered with that close. */
const ALREADY_CLOSED = Symbol('already closed');

/**
 * Freezes a month: the ledger must have applied every event recorded so far, and its statements
 * as of the store's head are recorded in `paymonth-<month>` with that position. A month already
 * closed answers with the close that froze it, whoever sent it. The close carries the month's
 * manifest (each statement's digest, the positions it took in, the previous month's manifest
 * digest), signed with the manifest key.
 */
@CommandHandler(ClosePayMonthCommand)
export class ClosePayMonthHandler implements ICommandHandler<ClosePayMonthCommand> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly reader: EventReader,
    private readonly payroll: Payroll,
    private readonly key: ManifestKey,
  ) {}

  async execute({ month, ctx }: ClosePayMonthCommand): Promise<WriteResult> {
    const earlier = await this.closed(month);
    if (earlier) return earlier;
    const upToPosition = await this.payroll.caughtUpHead();
    const { history, statements } = await this.payroll.ledger(month, upToPosition);
    const manifest = await this.manifestContext(history.latestClosedMonth);
    try {
      return await this.executor.execute(
        {
          streamId: streams.payMonth(month),
          initial: initialPayMonthState,
          evolve: evolvePayMonth,
          decide: (state: PayMonthState) => {
            if (state.closed) throw ALREADY_CLOSED;
            return decideClosePayMonth({ month }, state, {
              now: ctx.now,
              timeZones: timeZonesOf(history, month),
              latestClosedMonth: history.latestClosedMonth,
              statements,
              upToPosition,
              manifest,
            });
          },
        },
        ctx,
      );
    } catch (error) {
      if (error !== ALREADY_CLOSED) throw error;
      return (await this.closed(month))!;
    }
  }

  /** The link to the month closed before (its manifest digest, recomputed from the manifest as stored), and the key. */
  private async manifestContext(previousMonth: string | null): Promise<ManifestContext> {
    let previous: ManifestContext['previous'] = null;
    if (previousMonth !== null) {
      const events = await this.reader.readStream(streams.payMonth(previousMonth));
      const close = events.find((e) => e.type === 'PayMonthClosed')?.data as PayMonthClosed['data'] | undefined;
      if (close) previous = { month: previousMonth, upToPosition: close.upToPosition, manifestSha256: close.manifest ? manifestSha256(close.manifest) : null };
    }
    return { previous, publicKey: this.key.publicKeyHex, sign: (message) => this.key.sign(message) };
  }

  private async closed(month: string): Promise<WriteResult | undefined> {
    const events = await this.reader.readStream(streams.payMonth(month));
    const close = events.find((e) => e.type === 'PayMonthClosed');
    return close && { streamId: close.streamId, revision: close.revision, position: close.position, created: false };
  }
}

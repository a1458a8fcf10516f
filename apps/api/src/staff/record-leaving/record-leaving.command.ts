import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type AgentLeft, decideRecordLeaving, evolveAgent, initialAgentState, streams } from '@app/domain';
import { type CommandContext, CommandExecutor, type WriteResult } from '@app/application';

export class RecordLeavingCommand extends Command<WriteResult> {
  constructor(
    readonly data: AgentLeft['data'],
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RecordLeavingCommand)
export class RecordLeavingHandler implements ICommandHandler<RecordLeavingCommand> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ data, ctx }: RecordLeavingCommand): Promise<WriteResult> {
    return this.executor.execute(
      {
        streamId: streams.agent(data.agentId),
        initial: initialAgentState,
        evolve: evolveAgent,
        decide: (state) => decideRecordLeaving({ type: 'RecordLeaving', data }, state),
      },
      ctx,
    );
  }
}

import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type AgentTransferred, decideTransferAgent, evolveAgent, initialAgentState, streams } from '@app/domain';
import { type CommandContext, CommandExecutor, type WriteResult } from '@app/application';

export class TransferAgentCommand extends Command<WriteResult> {
  constructor(
    readonly data: AgentTransferred['data'],
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(TransferAgentCommand)
export class TransferAgentHandler implements ICommandHandler<TransferAgentCommand> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ data, ctx }: TransferAgentCommand): Promise<WriteResult> {
    return this.executor.execute(
      {
        streamId: streams.agent(data.agentId),
        initial: initialAgentState,
        evolve: evolveAgent,
        decide: (state) => decideTransferAgent({ type: 'TransferAgent', data }, state),
      },
      ctx,
    );
  }
}

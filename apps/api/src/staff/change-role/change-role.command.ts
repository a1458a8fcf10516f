import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type AgentRoleChanged, decideChangeRole, evolveAgent, initialAgentState, streams } from '@app/domain';
import { type CommandContext, CommandExecutor, type WriteResult } from '@app/application';

export class ChangeRoleCommand extends Command<WriteResult> {
  constructor(
    readonly data: AgentRoleChanged['data'],
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ChangeRoleCommand)
export class ChangeRoleHandler implements ICommandHandler<ChangeRoleCommand> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ data, ctx }: ChangeRoleCommand): Promise<WriteResult> {
    return this.executor.execute(
      {
        streamId: streams.agent(data.agentId),
        initial: initialAgentState,
        evolve: evolveAgent,
        decide: (state) => decideChangeRole({ type: 'ChangeRole', data }, state),
      },
      ctx,
    );
  }
}

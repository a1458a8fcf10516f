import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type AgentRehired, decideRehireAgent, evolveAgent, evolvePlan, initialAgentState, initialPlanState, streams } from '@app/domain';
import { type CommandContext, CommandExecutor, EventReader, type WriteResult } from '@app/application';

export class RehireAgentCommand extends Command<WriteResult> {
  constructor(
    readonly data: AgentRehired['data'],
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RehireAgentCommand)
export class RehireAgentHandler implements ICommandHandler<RehireAgentCommand> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly reader: EventReader,
  ) {}

  async execute({ data, ctx }: RehireAgentCommand): Promise<WriteResult> {
    const plan = await this.reader.fold(streams.plan(data.planId), initialPlanState, evolvePlan);
    return this.executor.execute(
      {
        streamId: streams.agent(data.agentId),
        initial: initialAgentState,
        evolve: evolveAgent,
        decide: (state) => decideRehireAgent({ type: 'RehireAgent', data }, state, plan.versions.length > 0),
      },
      ctx,
    );
  }
}

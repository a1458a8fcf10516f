import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type AgentHired, decideHireAgent, evolveAgent, evolvePlan, initialAgentState, initialPlanState, streams } from '@app/domain';
import { type CommandContext, CommandExecutor, EventReader, type WriteResult } from '@app/application';

export class HireAgentCommand extends Command<WriteResult> {
  constructor(
    readonly data: AgentHired['data'],
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(HireAgentCommand)
export class HireAgentHandler implements ICommandHandler<HireAgentCommand> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly reader: EventReader,
  ) {}

  async execute({ data, ctx }: HireAgentCommand): Promise<WriteResult> {
    const plan = await this.reader.fold(streams.plan(data.planId), initialPlanState, evolvePlan);
    return this.executor.execute(
      {
        streamId: streams.agent(data.agentId),
        initial: initialAgentState,
        evolve: evolveAgent,
        decide: (state) => decideHireAgent({ type: 'HireAgent', data }, state, plan.versions.length > 0),
      },
      ctx,
    );
  }
}

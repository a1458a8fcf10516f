import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type AgentPlanChanged, decideChangePlan, evolveAgent, evolvePlan, initialAgentState, initialPlanState, streams } from '@app/domain';
import { type CommandContext, CommandExecutor, EventReader, type WriteResult } from '@app/application';

export class ChangePlanCommand extends Command<WriteResult> {
  constructor(
    readonly data: AgentPlanChanged['data'],
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ChangePlanCommand)
export class ChangePlanHandler implements ICommandHandler<ChangePlanCommand> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly reader: EventReader,
  ) {}

  async execute({ data, ctx }: ChangePlanCommand): Promise<WriteResult> {
    const plan = await this.reader.fold(streams.plan(data.toPlanId), initialPlanState, evolvePlan);
    return this.executor.execute(
      {
        streamId: streams.agent(data.agentId),
        initial: initialAgentState,
        evolve: evolveAgent,
        decide: (state) => decideChangePlan({ type: 'ChangePlan', data }, state, plan.versions.length > 0),
      },
      ctx,
    );
  }
}

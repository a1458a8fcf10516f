import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CompensationPlan, decidePublishPlan, evolvePlan, initialPlanState, streams } from '@app/domain';
import { type CommandContext, CommandExecutor, type WriteResult } from '@app/application';

export class PublishCompensationPlanCommand extends Command<WriteResult> {
  constructor(
    readonly plan: CompensationPlan,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(PublishCompensationPlanCommand)
export class PublishCompensationPlanHandler implements ICommandHandler<PublishCompensationPlanCommand> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ plan, ctx }: PublishCompensationPlanCommand): Promise<WriteResult> {
    return this.executor.execute(
      {
        streamId: streams.plan(plan.planId),
        initial: initialPlanState,
        evolve: evolvePlan,
        decide: (state) => decidePublishPlan({ type: 'PublishCompensationPlan', data: plan }, state),
        occurredAt: () => `${plan.effectiveFrom}T00:00:00Z`,
      },
      ctx,
    );
  }
}

import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DisciplineCommand } from '@app/domain';
import type { CommandContext, WriteResult } from '@app/application';
import { DisciplineCommands } from '../discipline-commands';

type Data = Extract<DisciplineCommand, { type: 'SubmitWorkPlan' }>['data'];

/** SubmitWorkPlan: the plan of the 15th or the 30th (「每月15号和30号必须把月底和次月的(工作情况、意向客户情况)计划发送给部门负责人」). */
export class SubmitWorkPlanCommand extends Command<WriteResult> {
  constructor(
    readonly data: Data,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(SubmitWorkPlanCommand)
export class SubmitWorkPlanHandler implements ICommandHandler<SubmitWorkPlanCommand> {
  constructor(private readonly discipline: DisciplineCommands) {}

  execute({ data, ctx }: SubmitWorkPlanCommand): Promise<WriteResult> {
    return this.discipline.run({ type: 'SubmitWorkPlan', data }, ctx);
  }
}

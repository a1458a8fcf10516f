import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DisciplineCommand } from '@app/domain';
import type { CommandContext, WriteResult } from '@app/application';
import { DisciplineCommands } from '../discipline-commands';

type Data = Extract<DisciplineCommand, { type: 'SubmitWorkLog' }>['data'];

/** SubmitWorkLog: the day's work log and details (「下班前10分钟必须把工作日志及工作明细…给部门负责人」). */
export class SubmitWorkLogCommand extends Command<WriteResult> {
  constructor(
    readonly data: Data,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(SubmitWorkLogCommand)
export class SubmitWorkLogHandler implements ICommandHandler<SubmitWorkLogCommand> {
  constructor(private readonly discipline: DisciplineCommands) {}

  execute({ data, ctx }: SubmitWorkLogCommand): Promise<WriteResult> {
    return this.discipline.run({ type: 'SubmitWorkLog', data }, ctx);
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideOpenAppraisal, evolveAgent, initialAgentState, type OpenAppraisal, streams } from '@app/domain';
import { EventReader, type WriteResult } from '@app/application';
import { AppraisalCommand, Appraisals, decisionContext } from '../appraisal-commands';

export class OpenAppraisalCommand extends AppraisalCommand<OpenAppraisal['data']> {}

/** The agent's team and plan go into the appraisal, read from the agent's stream. */
@CommandHandler(OpenAppraisalCommand)
export class OpenAppraisalHandler implements ICommandHandler<OpenAppraisalCommand> {
  constructor(
    private readonly appraisals: Appraisals,
    private readonly reader: EventReader,
  ) {}

  async execute({ data, ctx }: OpenAppraisalCommand): Promise<WriteResult> {
    const agent = await this.reader.fold(streams.agent(data.agentId), initialAgentState, evolveAgent);
    const context = { ...decisionContext(ctx, data.appraisalId), agent };
    return this.appraisals.run(data.appraisalId, (state) => decideOpenAppraisal({ type: 'OpenAppraisal', data }, state, context), ctx);
  }
}

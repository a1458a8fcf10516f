import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  DEFAULT_TIME_ZONE,
  decideDrawCallSample,
  type DrawCallSample,
  evolveAgent,
  evolvePlan,
  initialAgentState,
  initialPlanState,
  parsePeriod,
  planInForce,
  streams,
} from '@app/domain';
import { EventReader, type WriteResult } from '@app/application';
import { AppraisalCommand } from '../appraisal-commands';
import { AppraisalFigures } from '../appraisal-figures';
import { CallQuality, DRAW_SEEDS, type DrawSeeds } from './call-quality-commands';

export class DrawCallSampleCommand extends AppraisalCommand<DrawCallSample['data']> {}

/**
 * The population is the agent's calls that the appraisal's `dials` figure counts, read from the
 * commission ledger once it has reached the store's head; the seed comes from `DRAW_SEEDS`.
 */
@CommandHandler(DrawCallSampleCommand)
export class DrawCallSampleHandler implements ICommandHandler<DrawCallSampleCommand> {
  constructor(
    private readonly quality: CallQuality,
    private readonly reader: EventReader,
    private readonly figures: AppraisalFigures,
    @Inject(DRAW_SEEDS) private readonly seeds: DrawSeeds,
  ) {}

  async execute({ data, ctx }: DrawCallSampleCommand): Promise<WriteResult> {
    const period = parsePeriod(data.period);
    const agent = await this.reader.fold(streams.agent(data.agentId), initialAgentState, evolveAgent);
    let timeZone = DEFAULT_TIME_ZONE;
    if (agent.hired) {
      const { versions } = await this.reader.fold(streams.plan(agent.planId), initialPlanState, evolvePlan);
      timeZone = planInForce(versions, period.to.slice(0, 7))?.timezone ?? timeZone;
    }
    const results = await this.figures.current({ agentId: data.agentId, from: period.from, to: period.to });
    const context = {
      now: ctx.now,
      actor: ctx.actor,
      agent,
      timeZone,
      population: results.calls.map((c) => c.callId),
      upToPosition: results.upToPosition,
      seed: this.seeds(),
    };
    return this.quality.run(data.agentId, (state) => decideDrawCallSample({ type: 'DrawCallSample', data }, state, context), ctx);
  }
}

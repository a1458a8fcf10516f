import { Injectable } from '@nestjs/common';
import {
  type AgentEvent,
  authorizeDisciplineCommand,
  decideDiscipline,
  type DisciplineCommand,
  type DisciplineEvent,
  evolveAgent,
  evolveDiscipline,
  evolvePlan,
  initialAgentState,
  initialDisciplineState,
  initialPlanState,
  streams,
} from '@app/domain';
import { type CommandContext, CommandExecutor, EventReader, type WriteResult } from '@app/application';

/** Glue of the work log and plan commands: the person and their plan read, then their discipline stream decided on. */
@Injectable()
export class DisciplineCommands {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly reader: EventReader,
  ) {}

  async run(command: DisciplineCommand, ctx: CommandContext): Promise<WriteResult> {
    authorizeDisciplineCommand(command, ctx.actor);
    const person = await this.reader.fold(streams.agent(command.data.agentId), initialAgentState, (s, e: AgentEvent) => evolveAgent(s, e));
    const { versions } = person.hired ? await this.reader.fold(streams.plan(person.planId), initialPlanState, evolvePlan) : initialPlanState;
    return this.executor.execute(
      {
        streamId: streams.discipline(command.data.agentId),
        initial: initialDisciplineState,
        evolve: (s, e: DisciplineEvent) => evolveDiscipline(s, e),
        decide: (state) => decideDiscipline(command, state, { now: ctx.now, actor: ctx.actor, person, planVersions: versions }),
      },
      ctx,
    );
  }
}

import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  type AgentEvent,
  businessDay,
  evolveAgent,
  evolvePlan,
  type Grade,
  initialAgentState,
  initialPlanState,
  type LeadCategories,
  leadCategoriesOf,
  streams,
} from '@app/domain';
import { type CommandContext, EventReader, type WriteResult } from '@app/application';
import { LeadCommands } from '../../application/lead-commands';

export class GradeLeadCommand extends Command<WriteResult> {
  constructor(
    readonly data: { leadId: string; grade: Grade; reason: string | null },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(GradeLeadCommand)
export class GradeLeadHandler implements ICommandHandler<GradeLeadCommand> {
  constructor(
    private readonly leads: LeadCommands,
    private readonly reader: EventReader,
  ) {}

  async execute({ data, ctx }: GradeLeadCommand): Promise<WriteResult> {
    const { leadId, grade, reason } = data;
    const lead = await this.leads.lead(leadId);
    // The lead's owner's plan; a lead in the pool takes the plan of the agent categorising it.
    const categories = lead ? await this.categoriesOf(lead.ownerId ?? ctx.actor.sub, ctx.now) : undefined;
    return this.leads.run({ type: 'GradeLead', data: { grade, reason } }, ctx, { leadId, personId: (l) => l.ownerId, categories });
  }

  /** The categories of the version of the person's plan in force today; the handbook's A–D when they have none. */
  private async categoriesOf(personId: string, now: Date): Promise<LeadCategories | undefined> {
    const person = await this.reader.fold(streams.agent(personId), initialAgentState, (s, e: AgentEvent) => evolveAgent(s, e));
    if (!person.hired) return undefined;
    const { versions } = await this.reader.fold(streams.plan(person.planId), initialPlanState, evolvePlan);
    const plan = businessDay(now.toISOString(), versions).plan;
    return plan ? { names: leadCategoriesOf(plan), planId: plan.planId, planVersion: plan.version } : undefined;
  }
}

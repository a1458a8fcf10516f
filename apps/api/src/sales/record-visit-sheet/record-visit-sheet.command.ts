import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext, WriteResult } from '@app/application';
import { LeadCommands } from '../../application/lead-commands';

export interface VisitSheet {
  visitId: string;
  departedAt: string;
  feedback: string;
  consultant: string | null;
  sheetNo: string | null;
}

/** RecordVisitSheet: after the visit, its departure time and the sales office's feedback (带看单, 案场反馈). */
export class RecordVisitSheetCommand extends Command<WriteResult> {
  constructor(
    readonly data: VisitSheet,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RecordVisitSheetCommand)
export class RecordVisitSheetHandler implements ICommandHandler<RecordVisitSheetCommand> {
  constructor(private readonly leads: LeadCommands) {}

  async execute({ data, ctx }: RecordVisitSheetCommand): Promise<WriteResult> {
    const leadId = await this.leads.leadOf('visit', data.visitId);
    return this.leads.run({ type: 'RecordVisitSheet', data }, ctx, { leadId, personId: (lead) => lead.visits.get(data.visitId)?.agentId });
  }
}

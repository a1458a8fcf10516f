import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { conflict, type LeadCommand, streams } from '@app/domain';
import type { CommandContext, WriteResult } from '@app/application';
import { LeadCommands } from '../../application/lead-commands';

type Data = Extract<LeadCommand, { type: 'RegisterLead' }>['data'];

export class RegisterLeadCommand extends Command<WriteResult> {
  constructor(
    readonly data: Data,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RegisterLeadCommand)
export class RegisterLeadHandler implements ICommandHandler<RegisterLeadCommand> {
  constructor(private readonly leads: LeadCommands) {}

  execute({ data, ctx }: RegisterLeadCommand): Promise<WriteResult> {
    // The phone is claimed in a stream of its own, so uniqueness holds on every store.
    const phoneClaim = {
      streamId: streams.reservation.phone(data.phone),
      kind: 'phone' as const,
      leadId: data.leadId,
      taken: (existingLeadId: string) =>
        conflict('LEAD.DUPLICATE_PHONE', `this phone number is already registered as lead ${existingLeadId}`, {
          existingLeadId,
        }),
    };
    return this.leads.run({ type: 'RegisterLead', data }, ctx, {
      leadId: data.leadId,
      personId: data.providedBy,
      reservations: [phoneClaim],
    });
  }
}

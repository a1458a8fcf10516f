import { Module } from '@nestjs/common';
import { ApplicationModule } from '@app/application';
import { HireAgentHandler } from './hire-agent/hire-agent.command';
import { HireAgentController } from './hire-agent/hire-agent.http';
import { RecordLeavingHandler } from './record-leaving/record-leaving.command';
import { RecordLeavingController } from './record-leaving/record-leaving.http';
import { RehireAgentHandler } from './rehire-agent/rehire-agent.command';
import { RehireAgentController } from './rehire-agent/rehire-agent.http';
import { TransferAgentHandler } from './transfer-agent/transfer-agent.command';
import { TransferAgentController } from './transfer-agent/transfer-agent.http';

/** Staff: hiring agents and specialists into teams, their moves, leaving and re-hiring. */
@Module({
  imports: [ApplicationModule],
  controllers: [HireAgentController, RecordLeavingController, RehireAgentController, TransferAgentController],
  providers: [HireAgentHandler, RecordLeavingHandler, RehireAgentHandler, TransferAgentHandler],
})
export class StaffModule {}

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
import { ChangePlanHandler } from './change-plan/change-plan.command';
import { ChangePlanController } from './change-plan/change-plan.http';

/** Staff: hiring agents and specialists into teams, their moves between teams and plans, leaving and re-hiring. */
@Module({
  imports: [ApplicationModule],
  controllers: [HireAgentController, RecordLeavingController, RehireAgentController, TransferAgentController, ChangePlanController],
  providers: [HireAgentHandler, RecordLeavingHandler, RehireAgentHandler, TransferAgentHandler, ChangePlanHandler],
})
export class StaffModule {}

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
import { ChangeRoleHandler } from './change-role/change-role.command';
import { ChangeRoleController } from './change-role/change-role.http';

/** Staff: hiring agents and specialists into teams, their moves between teams, plans and roles, leaving and re-hiring. */
@Module({
  imports: [ApplicationModule],
  controllers: [HireAgentController, RecordLeavingController, RehireAgentController, TransferAgentController, ChangePlanController, ChangeRoleController],
  providers: [HireAgentHandler, RecordLeavingHandler, RehireAgentHandler, TransferAgentHandler, ChangePlanHandler, ChangeRoleHandler],
})
export class StaffModule {}

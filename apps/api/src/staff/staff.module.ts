import { Module } from '@nestjs/common';
import { ApplicationModule } from '@app/application';
import { HireAgentHandler } from './hire-agent/hire-agent.command';
import { HireAgentController } from './hire-agent/hire-agent.http';
import { RecordLeavingHandler } from './record-leaving/record-leaving.command';
import { RecordLeavingController } from './record-leaving/record-leaving.http';
import { RehireAgentHandler } from './rehire-agent/rehire-agent.command';
import { RehireAgentController } from './rehire-agent/rehire-agent.http';

/** Staff: hiring agents and specialists into teams, their leaving and their re-hiring. */
@Module({
  imports: [ApplicationModule],
  controllers: [HireAgentController, RecordLeavingController, RehireAgentController],
  providers: [HireAgentHandler, RecordLeavingHandler, RehireAgentHandler],
})
export class StaffModule {}

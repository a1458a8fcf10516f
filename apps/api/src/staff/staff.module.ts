import { Module } from '@nestjs/common';
import { ApplicationModule } from '@app/application';
import { HireAgentHandler } from './hire-agent/hire-agent.command';
import { HireAgentController } from './hire-agent/hire-agent.http';
import { RecordLeavingHandler } from './record-leaving/record-leaving.command';
import { RecordLeavingController } from './record-leaving/record-leaving.http';

/** Staff: hiring agents and specialists into teams, and their leaving. */
@Module({
  imports: [ApplicationModule],
  controllers: [HireAgentController, RecordLeavingController],
  providers: [HireAgentHandler, RecordLeavingHandler],
})
export class StaffModule {}

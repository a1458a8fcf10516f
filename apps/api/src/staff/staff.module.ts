import { Module } from '@nestjs/common';
import { ApplicationModule } from '@app/application';
import { HireAgentHandler } from './hire-agent/hire-agent.command';
import { HireAgentController } from './hire-agent/hire-agent.http';

/** Staff: hiring agents and specialists into teams. */
@Module({ imports: [ApplicationModule], controllers: [HireAgentController], providers: [HireAgentHandler] })
export class StaffModule {}

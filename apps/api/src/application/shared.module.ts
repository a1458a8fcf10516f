import { Module } from '@nestjs/common';
import { ApplicationModule } from '@app/application';
import { LeadCommands } from './lead-commands';
import { ReadYourWrites } from './read-your-writes';

/**
 * What more than one context uses: the command glue of @app/application, the lead stream's
 * commands (sales, and appeals that correct a call) and read-your-writes (queries, pay, appraisals).
 */
@Module({
  imports: [ApplicationModule],
  providers: [LeadCommands, ReadYourWrites],
  exports: [ApplicationModule, LeadCommands, ReadYourWrites],
})
export class SharedModule {}

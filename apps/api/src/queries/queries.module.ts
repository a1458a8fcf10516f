import { Module } from '@nestjs/common';
import { SharedModule } from '../application/shared.module';
import { PipelineController } from './pipeline/pipeline.controller';
import { QuotaController } from './quota/quota.controller';
import { Scopes } from './scope';

/** The floor's read models over HTTP: pipeline, follow-ups, quotas, leaderboard, briefing, specialists' weeks. */
@Module({ imports: [SharedModule], controllers: [PipelineController, QuotaController], providers: [Scopes] })
export class QueriesModule {}

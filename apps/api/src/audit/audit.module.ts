import { Module } from '@nestjs/common';
import { ApplicationModule } from '@app/application';
import { StreamsController } from './streams.controller';

/** GET /api/streams/:streamId: a stream's events as they were recorded. */
@Module({ imports: [ApplicationModule], controllers: [StreamsController] })
export class AuditModule {}

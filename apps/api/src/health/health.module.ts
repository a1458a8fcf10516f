import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';

/** GET /api/health: the store, the read models and every projection's lag. */
@Module({ controllers: [HealthController] })
export class HealthModule {}

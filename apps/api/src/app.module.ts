import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ClockModule } from '@app/application';
import { type AppConfig, DEV_PSEUDONYM_KEY, EventStoreModule, ProjectionsModule } from '@app/platform';
import { AppraisalsModule } from './appraisals/appraisals.module';
import { WorkCalendarModule } from './appraisals/work-calendar';
import { AuditModule } from './audit/audit.module';
import { DisciplineModule } from './discipline/discipline.module';
import { HealthModule } from './health/health.module';
import { HttpEdgeModule } from './http/http-edge.module';
import { IntegrationModule } from './integration';
import { ManifestKeyModule } from './pay/close-pay-month/manifest-key';
import { PayModule } from './pay/pay.module';
import { QueriesModule } from './queries/queries.module';
import { SalesModule } from './sales/sales.module';
import { StaffModule } from './staff/staff.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** The service: the shared platform, the HTTP edge, then one module per bounded context. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        ClockModule,
        WorkCalendarModule.forRoot(config.workdayOverrides),
        EventStoreModule.forRootAsync(config.store),
        ProjectionsModule.forRoot(config.readModels, config.runProjections),
        HttpEdgeModule.forRoot(config.jwtSecret, config.edge),
        HealthModule,
        AuditModule,
        QueriesModule,
        ManifestKeyModule.forRoot(config),
        PayModule,
        StaffModule,
        SalesModule,
        AppraisalsModule.forRoot(),
        DisciplineModule,
        IntegrationModule.forRoot(config),
        // Webhook deliveries run where the projections run: here, or in the worker.
        WebhooksModule.forRoot({ deliver: config.runProjections, jwtSecret: config.jwtSecret, pseudonymKey: config.pseudonymKey ?? DEV_PSEUDONYM_KEY }),
      ],
    };
  }
}

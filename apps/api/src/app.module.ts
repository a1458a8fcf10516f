import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ClockModule, CommandExecutor, EventReader } from '@app/application';
import { LeadCommands } from './application/lead-commands';
import { appraisalControllers, appraisalProviders } from './appraisals';
import { integrationControllers, integrationProviders } from './integration';
import { StreamsController } from './audit/streams.controller';
import { type AppConfig, DEV_PSEUDONYM_KEY, EventStoreModule, ProjectionsModule } from '@app/platform';
import { HealthController } from './health/health.controller';
import { AuthGuard, JWT_SECRET } from './http/auth';
import { ErrorFilter } from './http/error.filter';
import { StampRequestTime } from './http/request-time';
import { WebhooksModule } from './webhooks/webhooks.module';
import { PipelineController } from './queries/pipeline/pipeline.controller';
import { QuotaController } from './queries/quota/quota.controller';
import { Scopes } from './queries/scope';
import { ReadYourWrites } from './queries/read-your-writes';
import { ClosePayMonthHandler } from './pay/close-pay-month/close-pay-month.command';
import { ClosePayMonthController } from './pay/close-pay-month/close-pay-month.http';
import { Payroll } from './pay/payroll/payroll';
import { PayrollController } from './pay/payroll/payroll.controller';
import { PublishCompensationPlanHandler } from './pay/publish-compensation-plan/publish-compensation-plan.command';
import { PublishCompensationPlanController } from './pay/publish-compensation-plan/publish-compensation-plan.http';
import { AssignLeadHandler } from './sales/assign-lead/assign-lead.command';
import { AssignLeadController } from './sales/assign-lead/assign-lead.http';
import { BookVisitHandler } from './sales/book-visit/book-visit.command';
import { BookVisitController } from './sales/book-visit/book-visit.http';
import { CancelDealHandler } from './sales/cancel-deal/cancel-deal.command';
import { CancelDealController } from './sales/cancel-deal/cancel-deal.http';
import { CloseDealHandler } from './sales/close-deal/close-deal.command';
import { CloseDealController } from './sales/close-deal/close-deal.http';
import { GradeLeadHandler } from './sales/grade-lead/grade-lead.command';
import { GradeLeadController } from './sales/grade-lead/grade-lead.http';
import { LogCallHandler } from './sales/log-call/log-call.command';
import { LogCallController } from './sales/log-call/log-call.http';
import { ReclassifyCallHandler } from './sales/reclassify-call/reclassify-call.command';
import { ReclassifyCallController } from './sales/reclassify-call/reclassify-call.http';
import { RegisterLeadHandler } from './sales/register-lead/register-lead.command';
import { RegisterLeadController } from './sales/register-lead/register-lead.http';
import { ResolveVisitHandler } from './sales/resolve-visit/resolve-visit.command';
import { ResolveVisitController } from './sales/resolve-visit/resolve-visit.http';
import { HireAgentHandler } from './staff/hire-agent/hire-agent.command';
import { HireAgentController } from './staff/hire-agent/hire-agent.http';

const useCases = [
  [HireAgentController, HireAgentHandler],
  [PublishCompensationPlanController, PublishCompensationPlanHandler],
  [RegisterLeadController, RegisterLeadHandler],
  [AssignLeadController, AssignLeadHandler],
  [LogCallController, LogCallHandler],
  [ReclassifyCallController, ReclassifyCallHandler],
  [GradeLeadController, GradeLeadHandler],
  [BookVisitController, BookVisitHandler],
  [ResolveVisitController, ResolveVisitHandler],
  [CloseDealController, CloseDealHandler],
  [CancelDealController, CancelDealHandler],
  [ClosePayMonthController, ClosePayMonthHandler],
] as const;

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        ClockModule,
        EventStoreModule.forRootAsync(config.store),
        ProjectionsModule.forRoot(config.readModels, config.runProjections),
        // Webhook deliveries run where the projections run: here, or in the worker.
        WebhooksModule.forRoot({ deliver: config.runProjections, jwtSecret: config.jwtSecret, pseudonymKey: config.pseudonymKey ?? DEV_PSEUDONYM_KEY }),
      ],
      controllers: [HealthController, StreamsController, PipelineController, QuotaController, PayrollController, ...useCases.map(([controller]) => controller), ...appraisalControllers, ...integrationControllers],
      providers: [
        { provide: JWT_SECRET, useValue: config.jwtSecret },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_INTERCEPTOR, useClass: StampRequestTime },
        EventReader,
        CommandExecutor,
        LeadCommands,
        ReadYourWrites,
        Scopes,
        Payroll,
        ...useCases.map(([, handler]) => handler),
        ...appraisalProviders(config.workdayOverrides),
        ...integrationProviders(config),
      ],
    };
  }
}

import { Module } from '@nestjs/common';
import { SharedModule } from '../application/shared.module';
import { ClosePayMonthHandler } from './close-pay-month/close-pay-month.command';
import { ClosePayMonthController } from './close-pay-month/close-pay-month.http';
import { Payroll } from './payroll/payroll';
import { PayrollController } from './payroll/payroll.controller';
import { PublishCompensationPlanHandler } from './publish-compensation-plan/publish-compensation-plan.command';
import { PublishCompensationPlanController } from './publish-compensation-plan/publish-compensation-plan.http';

/** Pay: compensation plans, commissions, payroll and its replay, closing a month. Appraisals read pay figures through Payroll. */
@Module({
  imports: [SharedModule],
  controllers: [PayrollController, PublishCompensationPlanController, ClosePayMonthController],
  providers: [Payroll, PublishCompensationPlanHandler, ClosePayMonthHandler],
  exports: [Payroll],
})
export class PayModule {}

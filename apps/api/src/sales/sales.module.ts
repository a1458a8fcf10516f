import { Module } from '@nestjs/common';
import { SharedModule } from '../application/shared.module';
import { AssignLeadHandler } from './assign-lead/assign-lead.command';
import { AssignLeadController } from './assign-lead/assign-lead.http';
import { BookVisitHandler } from './book-visit/book-visit.command';
import { BookVisitController } from './book-visit/book-visit.http';
import { CancelDealHandler } from './cancel-deal/cancel-deal.command';
import { CancelDealController } from './cancel-deal/cancel-deal.http';
import { CloseDealHandler } from './close-deal/close-deal.command';
import { CloseDealController } from './close-deal/close-deal.http';
import { GradeLeadHandler } from './grade-lead/grade-lead.command';
import { GradeLeadController } from './grade-lead/grade-lead.http';
import { LogCallHandler } from './log-call/log-call.command';
import { LogCallController } from './log-call/log-call.http';
import { ReclassifyCallHandler } from './reclassify-call/reclassify-call.command';
import { ReclassifyCallController } from './reclassify-call/reclassify-call.http';
import { RecordVisitSheetHandler } from './record-visit-sheet/record-visit-sheet.command';
import { RecordVisitSheetController } from './record-visit-sheet/record-visit-sheet.http';
import { RegisterLeadHandler } from './register-lead/register-lead.command';
import { RegisterLeadController } from './register-lead/register-lead.http';
import { ResolveVisitHandler } from './resolve-visit/resolve-visit.command';
import { ResolveVisitController } from './resolve-visit/resolve-visit.http';

/** Sales: leads, calls, visits and deals, one folder per command. */
@Module({
  imports: [SharedModule],
  controllers: [
    RegisterLeadController,
    AssignLeadController,
    LogCallController,
    ReclassifyCallController,
    GradeLeadController,
    BookVisitController,
    ResolveVisitController,
    CloseDealController,
    CancelDealController,
    RecordVisitSheetController,
  ],
  providers: [
    RegisterLeadHandler,
    AssignLeadHandler,
    LogCallHandler,
    ReclassifyCallHandler,
    GradeLeadHandler,
    BookVisitHandler,
    ResolveVisitHandler,
    CloseDealHandler,
    CancelDealHandler,
    RecordVisitSheetHandler,
  ],
})
export class SalesModule {}

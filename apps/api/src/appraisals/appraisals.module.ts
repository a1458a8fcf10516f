import { type DynamicModule, Module } from '@nestjs/common';
import { SharedModule } from '../application/shared.module';
import { PayModule } from '../pay/pay.module';
import { AppraisalReads } from './appraisal-access';
import { Appraisals } from './appraisal-commands';
import { AppraisalFigures } from './appraisal-figures';
import { AppraisalHttp } from './appraisal-http';
import { CallQuality, cryptoSeeds, DRAW_SEEDS } from './call-quality/call-quality-commands';
import { DrawCallSampleHandler } from './call-quality/draw-call-sample.command';
import { DrawCallSampleController } from './call-quality/draw-call-sample.http';
import { ReadCallQualityController } from './call-quality/read-call-quality.http';
import { ScoreDrawnCallHandler } from './call-quality/score-drawn-call.command';
import { ScoreDrawnCallController } from './call-quality/score-drawn-call.http';
import { ApproveArchiveAccessHandler } from './approve-archive-access/approve-archive-access.command';
import { ApproveArchiveAccessController } from './approve-archive-access/approve-archive-access.http';
import { ArchiveAppraisalHandler } from './archive-appraisal/archive-appraisal.command';
import { ArchiveAppraisalController } from './archive-appraisal/archive-appraisal.http';
import { FileAppealHandler } from './file-appeal/file-appeal.command';
import { FileAppealController } from './file-appeal/file-appeal.http';
import { FinalizeAppraisalHandler } from './finalize-appraisal/finalize-appraisal.command';
import { FinalizeAppraisalController } from './finalize-appraisal/finalize-appraisal.http';
import { GiveFeedbackHandler } from './give-feedback/give-feedback.command';
import { GiveFeedbackController } from './give-feedback/give-feedback.http';
import { OpenAppraisalHandler } from './open-appraisal/open-appraisal.command';
import { OpenAppraisalController } from './open-appraisal/open-appraisal.http';
import { ReadAppraisalController } from './read-appraisal/read-appraisal.http';
import { RequestArchiveAccessHandler } from './request-archive-access/request-archive-access.command';
import { RequestArchiveAccessController } from './request-archive-access/request-archive-access.http';
import { Corrections } from './resolve-appeal/corrections';
import { ResolveAppealHandler } from './resolve-appeal/resolve-appeal.command';
import { ResolveAppealController } from './resolve-appeal/resolve-appeal.http';
import { ScoreAppraisalHandler } from './score-appraisal/score-appraisal.command';
import { ScoreAppraisalController } from './score-appraisal/score-appraisal.http';

/**
 * Appraisals, appeals, the archive and call-quality sampling: the routes of API.md and what they
 * need; the figures come from pay, the working calendar of the appeal window from the global
 * `WorkCalendarModule`.
 */
@Module({})
export class AppraisalsModule {
  static forRoot(): DynamicModule {
    return {
      module: AppraisalsModule,
      imports: [SharedModule, PayModule],
      controllers: [
        OpenAppraisalController,
        ScoreAppraisalController,
        FinalizeAppraisalController,
        GiveFeedbackController,
        FileAppealController,
        ResolveAppealController,
        ArchiveAppraisalController,
        RequestArchiveAccessController,
        ApproveArchiveAccessController,
        ReadAppraisalController,
        DrawCallSampleController,
        ScoreDrawnCallController,
        ReadCallQualityController,
      ],
      providers: [
        Appraisals,
        AppraisalHttp,
        AppraisalFigures,
        AppraisalReads,
        Corrections,
        OpenAppraisalHandler,
        ScoreAppraisalHandler,
        FinalizeAppraisalHandler,
        GiveFeedbackHandler,
        FileAppealHandler,
        ResolveAppealHandler,
        ArchiveAppraisalHandler,
        RequestArchiveAccessHandler,
        ApproveArchiveAccessHandler,
        { provide: DRAW_SEEDS, useValue: cryptoSeeds },
        CallQuality,
        DrawCallSampleHandler,
        ScoreDrawnCallHandler,
      ],
    };
  }
}

import { Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { APPRAISAL_ROLES } from '@app/domain';
import { Roles } from '../../http/auth';
import { entityIdParam, WriteResultDto } from '../../http/command-http';
import { AppraisalHttp, type Caller, CallerOf } from '../appraisal-http';
import { FinalizeAppraisalCommand } from './finalize-appraisal.command';

@ApiTags('appraisals')
@ApiBearerAuth()
@Controller('appraisals')
export class FinalizeAppraisalController {
  constructor(private readonly http: AppraisalHttp) {}

  /** Once the period has ended and it is scored: freezes the figures and the score; feedback is due within 3 days. */
  @Post(':id/finalize')
  @Roles(...APPRAISAL_ROLES.FinalizeAppraisal)
  @ApiResponse({ status: 201, type: WriteResultDto })
  finalize(@Param('id', entityIdParam('id')) appraisalId: string, @CallerOf() caller: Caller) {
    return this.http.send(caller, 'FinalizeAppraisal', FinalizeAppraisalCommand, { appraisalId }, { ownId: appraisalId });
  }
}

import { Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { APPRAISAL_ROLES } from '@app/domain';
import { Roles } from '../../http/auth';
import { entityIdParam, WriteResultDto } from '../../http/command-http';
import { AppraisalHttp, type Caller, CallerOf } from '../appraisal-http';
import { ArchiveAppraisalCommand } from './archive-appraisal.command';

@ApiTags('appraisals')
@ApiBearerAuth()
@Controller('appraisals')
export class ArchiveAppraisalController {
  constructor(private readonly http: AppraisalHttp) {}

  /** After the appeal window (or once an appeal is resolved); from then on others read it only with the assistant's approval. */
  @Post(':id/archive')
  @Roles(...APPRAISAL_ROLES.ArchiveAppraisal)
  @ApiResponse({ status: 201, type: WriteResultDto })
  archive(@Param('id', entityIdParam('id')) appraisalId: string, @CallerOf() caller: Caller) {
    return this.http.send(caller, 'ArchiveAppraisal', ArchiveAppraisalCommand, { appraisalId }, { ownId: appraisalId });
  }
}

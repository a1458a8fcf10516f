import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsPositive, Max } from 'class-validator';
import { DEFAULT_ARCHIVE_ACCESS_HOURS, MAX_ARCHIVE_ACCESS_HOURS } from '@app/domain';
import { Roles } from '../../http/auth';
import { entityIdParam, WriteResultDto } from '../../http/command-http';
import { AppraisalHttp, type Caller, CallerOf } from '../appraisal-http';
import { ApproveArchiveAccessCommand } from './approve-archive-access.command';

export class ApproveArchiveAccessDto {
  @ApiPropertyOptional({ default: DEFAULT_ARCHIVE_ACCESS_HOURS, maximum: MAX_ARCHIVE_ACCESS_HOURS, description: 'how long the access lasts, in hours' })
  @IsOptional()
  @IsNumber()
  @IsPositive()
  @Max(MAX_ARCHIVE_ACCESS_HOURS)
  validForHours?: number;
}

@ApiTags('appraisals')
@ApiBearerAuth()
@Controller('archive-access')
export class ApproveArchiveAccessController {
  constructor(private readonly http: AppraisalHttp) {}

  /** The assistant (总助) approves someone else's request, for a limited time. */
  @Post(':id/approve')
  @Roles('assistant')
  @ApiResponse({ status: 201, type: WriteResultDto })
  approve(@Param('id', entityIdParam('id')) requestId: string, @Body() body: ApproveArchiveAccessDto, @CallerOf() caller: Caller) {
    return this.http.send(caller, 'ApproveArchiveAccess', ApproveArchiveAccessCommand, { requestId, validForHours: body.validForHours }, { ownId: requestId });
  }
}

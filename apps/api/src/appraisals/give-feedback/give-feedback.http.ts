import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { APPRAISAL_ROLES } from '@app/domain';
import { Roles } from '../../http/auth';
import { entityIdParam, WriteResultDto } from '../../http/command-http';
import { IsInstant } from '../../http/validators';
import { AppraisalHttp, type Caller, CallerOf } from '../appraisal-http';
import { GiveFeedbackCommand } from './give-feedback.command';

export class GiveFeedbackDto {
  @ApiProperty({ example: '2026-11-03T15:00:00+08:00', description: 'when the feedback meeting took place; not ahead of the clock' })
  @IsInstant()
  givenAt: string;
  @ApiPropertyOptional({ example: 'twelve effective calls a day through December' }) @IsOptional() @IsString() @MaxLength(4000) improvementPlan?: string;
}

@ApiTags('appraisals')
@ApiBearerAuth()
@Controller('appraisals')
export class GiveFeedbackController {
  constructor(private readonly http: AppraisalHttp) {}

  /** Due within 3 days of finalization (later is recorded as late); opens the appeal window of 7 working days. */
  @Post(':id/feedback')
  @Roles(...APPRAISAL_ROLES.GiveFeedback)
  @ApiResponse({ status: 201, type: WriteResultDto })
  give(@Param('id', entityIdParam('id')) appraisalId: string, @Body() body: GiveFeedbackDto, @CallerOf() caller: Caller) {
    const data = { appraisalId, givenAt: body.givenAt, improvementPlan: body.improvementPlan ?? null };
    return this.http.send(caller, 'GiveFeedback', GiveFeedbackCommand, data, { ownId: appraisalId });
  }
}

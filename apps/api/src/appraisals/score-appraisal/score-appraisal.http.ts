import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { APPRAISAL_ROLES } from '@app/domain';
import { Roles } from '../../http/auth';
import { entityIdParam, WriteResultDto } from '../../http/command-http';
import { AppraisalHttp, type Caller, CallerOf } from '../appraisal-http';
import { ScoreAppraisalCommand } from './score-appraisal.command';

export class ScoreAppraisalDto {
  @ApiProperty({ minimum: 0, maximum: 100, example: 80 }) @IsInt() @Min(0) @Max(100) ability: number;
  @ApiProperty({ minimum: 0, maximum: 100, example: 90 }) @IsInt() @Min(0) @Max(100) attitude: number;
  @ApiPropertyOptional({ example: 'clear on the phone; follow-ups late twice' }) @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

@ApiTags('appraisals')
@ApiBearerAuth()
@Controller('appraisals')
export class ScoreAppraisalController {
  constructor(private readonly http: AppraisalHttp) {}

  /** Ability and attitude, 0–100, by a supervisor of the team, a manager or a director; again as often as needed until finalized. */
  @Post(':id/score')
  @Roles(...APPRAISAL_ROLES.ScoreAppraisal)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiResponse({ status: 201, type: WriteResultDto })
  score(@Param('id', entityIdParam('id')) appraisalId: string, @Body() body: ScoreAppraisalDto, @CallerOf() caller: Caller) {
    const data = { appraisalId, ability: body.ability, attitude: body.attitude, comment: body.comment ?? null };
    return this.http.send(caller, 'ScoreAppraisal', ScoreAppraisalCommand, data, { scope: appraisalId });
  }
}

import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CALL_QUALITY_ROLES } from '@app/domain';
import { Roles } from '../../http/auth';
import { entityIdParam, IsEntityId, WriteResultDto } from '../../http/command-http';
import { periodParam } from './call-quality-commands';
import { AppraisalHttp, type Caller, CallerOf } from '../appraisal-http';
import { ScoreDrawnCallCommand } from './score-drawn-call.command';

export class ScoreDrawnCallDto {
  @ApiProperty({ example: 'c-1042' }) @IsEntityId() callId: string;
  @ApiProperty({ minimum: 0, maximum: 100, example: 85 }) @IsInt() @Min(0) @Max(100) score: number;
  @ApiPropertyOptional({ example: 'polite; did not confirm the visit time' }) @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

@ApiTags('call-quality')
@ApiBearerAuth()
@Controller('call-quality')
export class ScoreDrawnCallController {
  constructor(private readonly http: AppraisalHttp) {}

  /** A reviewer (qa) scores a call the period's draw chose, 0–100; again as often as needed, the latest counting until the appraisal freezes it. */
  @Post(':agentId/:period/scores')
  @Roles(...CALL_QUALITY_ROLES.ScoreDrawnCall)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiResponse({ status: 201, type: WriteResultDto })
  score(
    @Param('agentId', entityIdParam('agentId')) agentId: string,
    @Param('period', periodParam) period: string,
    @Body() body: ScoreDrawnCallDto,
    @CallerOf() caller: Caller,
  ) {
    const data = { agentId, period, callId: body.callId, score: body.score, comment: body.comment ?? null };
    return this.http.send(caller, 'ScoreDrawnCall', ScoreDrawnCallCommand, data, { scope: `${agentId}:${period}:${body.callId}` });
  }
}

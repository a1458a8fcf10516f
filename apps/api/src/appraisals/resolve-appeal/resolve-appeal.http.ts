import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsObject, IsString, MaxLength, ValidateIf } from 'class-validator';
import { APPEAL_DECISIONS, type AppealDecision, APPRAISAL_ROLES } from '@app/domain';
import { Roles } from '../../http/auth';
import { entityIdParam, WriteResultDto } from '../../http/command-http';
import { AppraisalHttp, type Caller, CallerOf } from '../appraisal-http';
import { parseCorrections, ReclassifyCallCorrectionDto } from './corrections';
import { ResolveAppealCommand } from './resolve-appeal.command';

export class ResolveAppealDto {
  @ApiProperty({ enum: APPEAL_DECISIONS }) @IsIn(APPEAL_DECISIONS) decision: AppealDecision;
  @ApiProperty({ example: 'the recordings confirm the appointments' }) @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
  @ApiPropertyOptional({ type: [ReclassifyCallCorrectionDto], description: 'commands run as part of an upheld appeal, caused by the resolution' })
  // Absent means none; null is not a list (IsOptional would let it through to a 500).
  @ValidateIf((_, value) => value !== undefined)
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  corrections?: Record<string, unknown>[];
}

@ApiTags('appraisals')
@ApiBearerAuth()
@Controller('appeals')
export class ResolveAppealController {
  constructor(private readonly http: AppraisalHttp) {}

  /**
   * A supervisor of the agent's team, a manager, a director or hr — never the appraised agent.
   * Answers with the appraisal's last write: the revision when the appeal was upheld.
   */
  @Post(':appealId/resolve')
  @Roles(...APPRAISAL_ROLES.ResolveAppeal)
  @ApiResponse({ status: 201, type: WriteResultDto })
  async resolve(@Param('appealId', entityIdParam('appealId')) appealId: string, @Body() body: ResolveAppealDto, @CallerOf() caller: Caller) {
    const data = { appealId, decision: body.decision, reason: body.reason, corrections: await parseCorrections(body.corrections) };
    return this.http.send(caller, 'ResolveAppeal', ResolveAppealCommand, data, { ownId: appealId });
  }
}

import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { CALL_QUALITY_ROLES, MAX_SAMPLE_SIZE } from '@app/domain';
import { Roles } from '../../http/auth';
import { IsEntityId, WriteResultDto } from '../../http/command-http';
import { AppraisalHttp, type Caller, CallerOf } from '../appraisal-http';
import { DrawCallSampleCommand } from './draw-call-sample.command';

/** Who and which period; there is no seed field: the server draws (unknown fields are refused with 400). */
export class DrawCallSampleDto {
  @ApiProperty({ example: 'a-7' }) @IsEntityId() agentId: string;
  @ApiProperty({ example: '2026-10', description: 'a month (2026-10), a quarter (2026-Q4) or a year (2026)' })
  @Matches(/^[1-9]\d{3}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, { message: '$property must be a month (2026-10), a quarter (2026-Q4) or a year (2026)' })
  period: string;
  @ApiProperty({ minimum: 1, maximum: MAX_SAMPLE_SIZE, example: 5, description: 'calls to draw (all of them when the agent made fewer)' })
  @IsInt()
  @Min(1)
  @Max(MAX_SAMPLE_SIZE)
  sampleSize: number;
}

@ApiTags('call-quality')
@ApiBearerAuth()
@Controller('call-quality')
export class DrawCallSampleController {
  constructor(private readonly http: AppraisalHttp) {}

  /**
   * 「随机抽查电话录音」: draws `sampleSize` of the agent's calls in the period at random, once the
   * period has ended; once per agent and period (sending it again answers the first draw).
   */
  @Post('draws')
  @Roles(...CALL_QUALITY_ROLES.DrawCallSample)
  @ApiResponse({ status: 201, type: WriteResultDto })
  draw(@Body() body: DrawCallSampleDto, @CallerOf() caller: Caller) {
    const data = { agentId: body.agentId, period: body.period, sampleSize: body.sampleSize };
    return this.http.send(caller, 'DrawCallSample', DrawCallSampleCommand, data, { ownId: `${body.agentId}:${body.period}` });
  }
}

import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { APPRAISAL_ROLES } from '@app/domain';
import { Roles } from '../../http/auth';
import { IsEntityId, WriteResultDto } from '../../http/command-http';
import { AppraisalHttp, type Caller, CallerOf } from '../appraisal-http';
import { OpenAppraisalCommand } from './open-appraisal.command';

export class OpenAppraisalDto {
  @ApiProperty({ example: 'ap-2026-10-a7' }) @IsEntityId() appraisalId: string;
  @ApiProperty({ example: 'a-7' }) @IsEntityId() agentId: string;
  @ApiProperty({ example: '2026-10', description: 'a month (2026-10), a quarter (2026-Q4) or a year (2026)' })
  @Matches(/^[1-9]\d{3}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, { message: '$property must be a month (2026-10), a quarter (2026-Q4) or a year (2026)' })
  period: string;
}

@ApiTags('appraisals')
@ApiBearerAuth()
@Controller('appraisals')
export class OpenAppraisalController {
  constructor(private readonly http: AppraisalHttp) {}

  /** A supervisor of the agent's team, a manager, a director or hr opens an agent's appraisal for a period. */
  @Post()
  @Roles(...APPRAISAL_ROLES.OpenAppraisal)
  @ApiResponse({ status: 201, type: WriteResultDto })
  open(@Body() body: OpenAppraisalDto, @CallerOf() caller: Caller) {
    const data = { appraisalId: body.appraisalId, agentId: body.agentId, period: body.period };
    return this.http.send(caller, 'OpenAppraisal', OpenAppraisalCommand, data, { ownId: body.appraisalId });
  }
}

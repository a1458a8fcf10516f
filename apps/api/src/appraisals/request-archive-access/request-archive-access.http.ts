import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Roles } from '../../http/auth';
import { IsEntityId, WriteResultDto } from '../../http/command-http';
import { AppraisalHttp, type Caller, CallerOf } from '../appraisal-http';
import { RequestArchiveAccessCommand } from './request-archive-access.command';

export class RequestArchiveAccessDto {
  @ApiProperty({ example: 'access-1' }) @IsEntityId() requestId: string;
  @ApiProperty({ example: 'ap-2026-10-a7' }) @IsEntityId() appraisalId: string;
  @ApiProperty({ example: 'promotion review' }) @IsString() @IsNotEmpty() @MaxLength(1000) reason: string;
}

@ApiTags('appraisals')
@ApiBearerAuth()
@Controller('archive-access')
export class RequestArchiveAccessController {
  constructor(private readonly http: AppraisalHttp) {}

  /** Asks to read an archived appraisal (「经总助批准方可查阅」); the assistant approves. The appraised agent needs none. */
  @Post()
  @Roles('supervisor', 'manager', 'director', 'hr')
  @ApiResponse({ status: 201, type: WriteResultDto })
  request(@Body() body: RequestArchiveAccessDto, @CallerOf() caller: Caller) {
    const data = { requestId: body.requestId, appraisalId: body.appraisalId, reason: body.reason };
    return this.http.send(caller, 'RequestArchiveAccess', RequestArchiveAccessCommand, data, { ownId: body.requestId });
  }
}

import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import type { Request, Response } from 'express';
import { type Actor, CALL_OUTCOMES, type CallOutcome, MAX_CALL_SECONDS } from '@app/domain';
import { CurrentActor, Roles } from '../../http/auth';
import { answer, commandContext, IsEntityId, WriteResultDto } from '../../http/command-http';
import { IsInstant } from '../../http/validators';
import { LogCallCommand } from './log-call.command';

export class LogCallDto {
  @ApiProperty({ example: 'c-20261008-0001' }) @IsEntityId() callId: string;
  @ApiProperty({ example: 'L-1001' }) @IsEntityId() leadId: string;
  @ApiProperty({ example: 'a-7' }) @IsEntityId() agentId: string;
  @ApiProperty({ example: '2026-10-08T09:30:00+08:00' }) @IsInstant() startedAt: string;
  @ApiProperty({ minimum: 0, maximum: MAX_CALL_SECONDS }) @IsInt() @Min(0) @Max(MAX_CALL_SECONDS) durationSeconds: number;
  @ApiProperty({ enum: CALL_OUTCOMES }) @IsIn(CALL_OUTCOMES) outcome: CallOutcome;
}

@ApiTags('calls')
@ApiBearerAuth()
@Controller('calls')
export class LogCallController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('agent', 'supervisor', 'manager', 'director')
  @ApiResponse({ status: 201, type: WriteResultDto })
  async log(@Body() body: LogCallDto, @CurrentActor() actor: Actor, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const data = { ...body };
    const ctx = commandContext(req, actor, 'LogCall', data, { ownId: body.callId });
    return answer(res, await this.commands.execute(new LogCallCommand(data, ctx)));
  }
}

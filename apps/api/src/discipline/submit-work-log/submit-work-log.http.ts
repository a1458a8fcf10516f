import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import type { Actor } from '@app/domain';
import { CurrentActor, Roles } from '../../http/auth';
import { answer, commandContext, IsEntityId, WriteResultDto } from '../../http/command-http';
import { IsLocalDate } from '../../http/validators';
import { SubmitWorkLogCommand } from './submit-work-log.command';

export class SubmitWorkLogDto {
  @ApiProperty({ example: 'a-7' }) @IsEntityId() agentId: string;
  @ApiProperty({ example: '2026-10-12', description: 'the working day the log is for' }) @IsLocalDate() date: string;
  @ApiProperty({ description: '工作日志: the day in summary (calls, talk time, visits, deals)' }) @IsString() @IsNotEmpty() @MaxLength(4000) summary: string;
  @ApiPropertyOptional({ description: '工作明细: the details' }) @IsOptional() @IsString() @MaxLength(8000) details?: string;
}

@ApiTags('discipline')
@ApiBearerAuth()
@Controller('work-logs')
export class SubmitWorkLogController {
  constructor(private readonly commands: CommandBus) {}

  /** The agent's own log of a day, once; it is due 10 minutes (the plan's) before the working day ends, and lateness is the service clock's. */
  @Post()
  @Roles('agent')
  @ApiResponse({ status: 201, type: WriteResultDto })
  async submit(@Body() body: SubmitWorkLogDto, @CurrentActor() actor: Actor, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const data = { agentId: body.agentId, date: body.date, summary: body.summary, details: body.details ?? null };
    // One log per agent and day: that makes the command idempotent.
    const ctx = commandContext(req, actor, 'SubmitWorkLog', data, { ownId: `${body.agentId}@${body.date}` });
    return answer(res, await this.commands.execute(new SubmitWorkLogCommand(data, ctx)));
  }
}

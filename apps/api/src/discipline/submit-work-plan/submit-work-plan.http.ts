import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import type { Actor } from '@app/domain';
import { CurrentActor, Roles } from '../../http/auth';
import { answer, commandContext, IsEntityId, WriteResultDto } from '../../http/command-http';
import { IsLocalDate } from '../../http/validators';
import { SubmitWorkPlanCommand } from './submit-work-plan.command';

export class SubmitWorkPlanDto {
  @ApiProperty({ example: 'a-7' }) @IsEntityId() agentId: string;
  @ApiProperty({ example: '2026-10-15', description: "the plan day it answers: one of the plan's days of the month (the 15th and 30th by the handbook)" })
  @IsLocalDate()
  planDay: string;
  @ApiProperty({ description: '工作情况: the work planned to the month end (15th) or for the next month (30th)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(8000)
  work: string;
  @ApiProperty({ description: '意向客户情况: the prospects' }) @IsString() @IsNotEmpty() @MaxLength(8000) prospects: string;
}

@ApiTags('discipline')
@ApiBearerAuth()
@Controller('work-plans')
export class SubmitWorkPlanController {
  constructor(private readonly commands: CommandBus) {}

  /** The agent's own plan of a plan day, once; due by the end of that day (the next working day when it is a day off). */
  @Post()
  @Roles('agent')
  @ApiResponse({ status: 201, type: WriteResultDto })
  async submit(@Body() body: SubmitWorkPlanDto, @CurrentActor() actor: Actor, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const data = { agentId: body.agentId, planDay: body.planDay, work: body.work, prospects: body.prospects };
    const ctx = commandContext(req, actor, 'SubmitWorkPlan', data, { ownId: `${body.agentId}@${body.planDay}` });
    return answer(res, await this.commands.execute(new SubmitWorkPlanCommand(data, ctx)));
  }
}

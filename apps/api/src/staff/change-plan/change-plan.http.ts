import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import type { Actor } from '@app/domain';
import { CurrentActor, Roles } from '../../http/auth';
import { answer, commandContext, entityIdParam, IsEntityId, WriteResultDto } from '../../http/command-http';
import { IsLocalDate } from '../../http/validators';
import { ChangePlanCommand } from './change-plan.command';

export class ChangePlanDto {
  @ApiProperty({ example: 'senior' }) @IsEntityId() toPlanId: string;
  @ApiProperty({ example: '2026-10-16', description: 'the first day paid by the new plan' }) @IsLocalDate() effectiveOn: string;
  @ApiProperty({ example: 'moved to the senior scheme' }) @IsString() @IsNotEmpty() @MaxLength(500) reason: string;
}

@ApiTags('agents')
@ApiBearerAuth()
@Controller('agents')
export class ChangePlanController {
  constructor(private readonly commands: CommandBus) {}

  /** Pays the person by another plan from a date: a month split by it prices each part by its own plan. */
  @Post(':agentId/plan')
  @Roles('hr', 'manager', 'director')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiResponse({ status: 201, type: WriteResultDto })
  async change(
    @Param('agentId', entityIdParam('agentId')) agentId: string,
    @Body() body: ChangePlanDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    // fromPlanId is the plan the person is on when the command is decided.
    const data = { agentId, fromPlanId: '', toPlanId: body.toPlanId, effectiveOn: body.effectiveOn, reason: body.reason, decidedBy: actor.sub };
    const ctx = commandContext(req, actor, 'ChangePlan', data, { scope: agentId });
    return answer(res, await this.commands.execute(new ChangePlanCommand(data, ctx)));
  }
}

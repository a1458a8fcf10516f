import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import { type Actor, CALL_OUTCOMES, type CallOutcome } from '@app/domain';
import { CurrentActor, Roles } from '../../http/auth';
import { answer, commandContext, entityIdParam, WriteResultDto } from '../../http/command-http';
import { ReclassifyCallCommand } from './reclassify-call.command';

export class ReclassifyCallDto {
  @ApiProperty({ enum: CALL_OUTCOMES }) @IsIn(CALL_OUTCOMES) outcome: CallOutcome;
  @ApiProperty({ example: 'QA review: customer agreed a visit on Saturday' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason: string;
}

@ApiTags('calls')
@ApiBearerAuth()
@Controller('calls')
export class ReclassifyCallController {
  constructor(private readonly commands: CommandBus) {}

  /** A supervisor of the agent's team, a manager or a director; a reviewer (qa) only a call drawn for quality review. */
  @Post(':callId/reclassify')
  @Roles('supervisor', 'manager', 'director', 'qa')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiResponse({ status: 201, type: WriteResultDto })
  async reclassify(
    @Param('callId', entityIdParam('callId')) callId: string,
    @Body() body: ReclassifyCallDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const data = { callId, outcome: body.outcome, reason: body.reason };
    const ctx = commandContext(req, actor, 'ReclassifyCall', data, { scope: callId });
    return answer(res, await this.commands.execute(new ReclassifyCallCommand(data, ctx)));
  }
}

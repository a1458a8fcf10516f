import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import type { Actor } from '@app/domain';
import { CurrentActor, Roles } from '../../http/auth';
import { answer, commandContext, entityIdParam, IsEntityId, WriteResultDto } from '../../http/command-http';
import { IsLocalDate } from '../../http/validators';
import { TransferAgentCommand } from './transfer-agent.command';

export class TransferAgentDto {
  @ApiProperty({ example: 't2' }) @IsEntityId() toTeamId: string;
  @ApiProperty({ example: '2026-10-16', description: 'the first day in the new team' }) @IsLocalDate() effectiveOn: string;
  @ApiProperty({ example: 'team t2 needs a senior caller' }) @IsString() @IsNotEmpty() @MaxLength(500) reason: string;
}

@ApiTags('agents')
@ApiBearerAuth()
@Controller('agents')
export class TransferAgentController {
  constructor(private readonly commands: CommandBus) {}

  /** Moves the person to another team from a date; each supervisor then sees the person's days in their own team only. */
  @Post(':agentId/transfer')
  @Roles('hr', 'manager', 'director')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiResponse({ status: 201, type: WriteResultDto })
  async transfer(
    @Param('agentId', entityIdParam('agentId')) agentId: string,
    @Body() body: TransferAgentDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    // fromTeamId is the team the person is in when the command is decided.
    const data = { agentId, fromTeamId: '', toTeamId: body.toTeamId, effectiveOn: body.effectiveOn, reason: body.reason, decidedBy: actor.sub };
    const ctx = commandContext(req, actor, 'TransferAgent', data, { scope: agentId });
    return answer(res, await this.commands.execute(new TransferAgentCommand(data, ctx)));
  }
}

import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import type { Actor } from '@app/domain';
import { CurrentActor, Roles } from '../../http/auth';
import { answer, commandContext, entityIdParam, WriteResultDto } from '../../http/command-http';
import { IsLocalDate } from '../../http/validators';
import { RecordLeavingCommand } from './record-leaving.command';

export class RecordLeavingDto {
  @ApiProperty({ example: '2026-10-15', description: 'the last day worked and paid; nothing is earned after it' })
  @IsLocalDate()
  lastWorkingDay: string;
  @ApiProperty({ example: 'resigned: moving to another city' }) @IsString() @IsNotEmpty() @MaxLength(500) reason: string;
}

@ApiTags('agents')
@ApiBearerAuth()
@Controller('agents')
export class RecordLeavingController {
  constructor(private readonly commands: CommandBus) {}

  /** Records that the person leaves after `lastWorkingDay`; who decided is the caller. A second leaving of the same employment is 409. */
  @Post(':agentId/leave')
  @Roles('hr', 'manager', 'director')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiResponse({ status: 201, type: WriteResultDto })
  async leave(
    @Param('agentId', entityIdParam('agentId')) agentId: string,
    @Body() body: RecordLeavingDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const data = { agentId, lastWorkingDay: body.lastWorkingDay, reason: body.reason, decidedBy: actor.sub };
    const ctx = commandContext(req, actor, 'RecordLeaving', data, { scope: agentId });
    return answer(res, await this.commands.execute(new RecordLeavingCommand(data, ctx)));
  }
}

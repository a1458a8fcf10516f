import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import { type Actor, STAFF_ROLES, type StaffRole } from '@app/domain';
import { CurrentActor, Roles } from '../../http/auth';
import { answer, commandContext, entityIdParam, IsEntityId, WriteResultDto } from '../../http/command-http';
import { IsLocalDate } from '../../http/validators';
import { RehireAgentCommand } from './rehire-agent.command';

export class RehireAgentDto {
  @ApiProperty({ example: '2027-01-04', description: 'the first day of the new employment period, in a month after the last working day' })
  @IsLocalDate()
  hiredOn: string;
  @ApiProperty({ enum: STAFF_ROLES }) @IsIn(STAFF_ROLES) role: StaffRole;
  @ApiProperty({ example: 't1' }) @IsEntityId() teamId: string;
  @ApiProperty({ example: 'standard' }) @IsEntityId() planId: string;
  @ApiProperty({ example: 'came back after a year abroad' }) @IsString() @IsNotEmpty() @MaxLength(500) reason: string;
}

@ApiTags('agents')
@ApiBearerAuth()
@Controller('agents')
export class RehireAgentController {
  constructor(private readonly commands: CommandBus) {}

  /** Hires someone who left again: a new employment period of the same person; who decided is the caller. */
  @Post(':agentId/rehire')
  @Roles('hr', 'manager', 'director')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiResponse({ status: 201, type: WriteResultDto })
  async rehire(
    @Param('agentId', entityIdParam('agentId')) agentId: string,
    @Body() body: RehireAgentDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const data = { agentId, hiredOn: body.hiredOn, role: body.role, teamId: body.teamId, planId: body.planId, reason: body.reason, decidedBy: actor.sub };
    const ctx = commandContext(req, actor, 'RehireAgent', data, { scope: agentId });
    return answer(res, await this.commands.execute(new RehireAgentCommand(data, ctx)));
  }
}

import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import { type Actor, STAFF_ROLES, type StaffRole } from '@app/domain';
import { CurrentActor, Roles } from '../../http/auth';
import { answer, commandContext, entityIdParam, WriteResultDto } from '../../http/command-http';
import { IsLocalDate } from '../../http/validators';
import { ChangeRoleCommand } from './change-role.command';

export class ChangeRoleDto {
  @ApiProperty({ enum: STAFF_ROLES, description: '`specialist` promotes an agent; `agent` moves a specialist back' }) @IsIn(STAFF_ROLES) toRole: StaffRole;
  @ApiProperty({ example: '2026-10-16', description: 'the first day in the new role' }) @IsLocalDate() effectiveOn: string;
  @ApiProperty({ example: 'promoted after a strong quarter' }) @IsString() @IsNotEmpty() @MaxLength(500) reason: string;
}

@ApiTags('agents')
@ApiBearerAuth()
@Controller('agents')
export class ChangeRoleController {
  constructor(private readonly commands: CommandBus) {}

  /** Promotes an agent to specialist (or back) from a date: targets, rates, the lead-fee side and awards follow it. */
  @Post(':agentId/role')
  @Roles('hr', 'manager', 'director')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiResponse({ status: 201, type: WriteResultDto })
  async change(
    @Param('agentId', entityIdParam('agentId')) agentId: string,
    @Body() body: ChangeRoleDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    // fromRole is the role the person has when the command is decided.
    const data = { agentId, fromRole: body.toRole, toRole: body.toRole, effectiveOn: body.effectiveOn, reason: body.reason, decidedBy: actor.sub };
    const ctx = commandContext(req, actor, 'ChangeRole', data, { scope: agentId });
    return answer(res, await this.commands.execute(new ChangeRoleCommand(data, ctx)));
  }
}

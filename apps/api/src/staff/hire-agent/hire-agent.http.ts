import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import { type Actor, STAFF_ROLES, type StaffRole } from '@app/domain';
import { CurrentActor, Roles } from '../../http/auth';
import { answer, commandContext, IsEntityId, WriteResultDto } from '../../http/command-http';
import { IsLocalDate } from '../../http/validators';
import { HireAgentCommand } from './hire-agent.command';

export class HireAgentDto {
  @ApiProperty({ example: 'a-7', description: 'also the `sub` of their token' }) @IsEntityId() agentId: string;
  @ApiProperty({ example: '王芳' }) @IsString() @IsNotEmpty() @MaxLength(100) name: string;
  @ApiProperty({ enum: STAFF_ROLES }) @IsIn(STAFF_ROLES) role: StaffRole;
  @ApiProperty({ example: 't1' }) @IsEntityId() teamId: string;
  @ApiProperty({ example: '2026-10-15' }) @IsLocalDate() hiredOn: string;
  @ApiProperty({ example: 'standard' }) @IsEntityId() planId: string;
}

@ApiTags('agents')
@ApiBearerAuth()
@Controller('agents')
export class HireAgentController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('hr', 'manager', 'director')
  @ApiResponse({ status: 201, type: WriteResultDto })
  async hire(@Body() body: HireAgentDto, @CurrentActor() actor: Actor, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const data = { ...body };
    const ctx = commandContext(req, actor, 'HireAgent', data, { ownId: body.agentId });
    return answer(res, await this.commands.execute(new HireAgentCommand(data, ctx)));
  }
}

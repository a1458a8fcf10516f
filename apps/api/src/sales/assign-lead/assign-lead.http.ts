import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '@app/domain';
import { CurrentActor, Roles } from '../../http/auth';
import { answer, commandContext, entityIdParam, IsEntityId, WriteResultDto } from '../../http/command-http';
import { AssignLeadCommand } from './assign-lead.command';

export class AssignLeadDto {
  @ApiProperty({ example: 'a-7' }) @IsEntityId() agentId: string;
}

@ApiTags('leads')
@ApiBearerAuth()
@Controller('leads')
export class AssignLeadController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':leadId/assign')
  @Roles('supervisor', 'manager', 'director')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiResponse({ status: 201, type: WriteResultDto })
  async assign(
    @Param('leadId', entityIdParam('leadId')) leadId: string,
    @Body() body: AssignLeadDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const data = { leadId, agentId: body.agentId };
    const ctx = commandContext(req, actor, 'AssignLead', data, { scope: leadId });
    return answer(res, await this.commands.execute(new AssignLeadCommand(data, ctx)));
  }
}

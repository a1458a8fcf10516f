import { Controller, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '@app/domain';
import { CurrentActor, Roles } from '../../http/auth';
import { answer, commandContext, WriteResultDto } from '../../http/command-http';
import { monthParam } from '../payroll/month-param';
import { ClosePayMonthCommand } from './close-pay-month.command';

@ApiTags('payroll')
@ApiBearerAuth()
@Controller('payroll')
export class ClosePayMonthController {
  constructor(private readonly commands: CommandBus) {}

  /** 201 when this call closed the month, 200 with the same answer when it was closed already. */
  @Post(':month/close')
  @Roles('payroll')
  @ApiResponse({ status: 201, type: WriteResultDto })
  async close(@Param('month', monthParam) month: string, @CurrentActor() actor: Actor, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const ctx = commandContext(req, actor, 'ClosePayMonth', { month }, { ownId: month });
    return answer(res, await this.commands.execute(new ClosePayMonthCommand(month, ctx)));
  }
}

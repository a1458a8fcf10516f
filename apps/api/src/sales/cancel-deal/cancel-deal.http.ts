import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import type { Actor } from '@app/domain';
import { CurrentActor, Roles } from '../../http/auth';
import { answer, commandContext, entityIdParam, WriteResultDto } from '../../http/command-http';
import { IsInstant } from '../../http/validators';
import { CancelDealCommand } from './cancel-deal.command';

export class CancelDealDto {
  @ApiProperty({ example: 'refund: contract voided' }) @IsString() @IsNotEmpty() @MaxLength(1000) reason: string;
  @ApiProperty({ example: '2026-11-02T10:00:00+08:00' }) @IsInstant() cancelledAt: string;
}

@ApiTags('deals')
@ApiBearerAuth()
@Controller('deals')
export class CancelDealController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':dealId/cancel')
  @Roles('supervisor', 'manager', 'director')
  @ApiResponse({ status: 201, type: WriteResultDto })
  async cancel(
    @Param('dealId', entityIdParam('dealId')) dealId: string,
    @Body() body: CancelDealDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const data = { dealId, reason: body.reason, cancelledAt: body.cancelledAt };
    // A deal cancels once: its id makes the command idempotent.
    const ctx = commandContext(req, actor, 'CancelDeal', data, { ownId: dealId });
    return answer(res, await this.commands.execute(new CancelDealCommand(data, ctx)));
  }
}

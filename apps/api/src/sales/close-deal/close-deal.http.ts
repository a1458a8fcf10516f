import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Request, Response } from 'express';
import type { Actor } from '@app/domain';
import { CurrentActor, Roles } from '../../http/auth';
import { answer, commandContext, IsEntityId, WriteResultDto } from '../../http/command-http';
import { IsInstant } from '../../http/validators';
import { CloseDealCommand } from './close-deal.command';

export class CloseDealDto {
  @ApiProperty({ example: 'd-1' }) @IsEntityId() dealId: string;
  @ApiProperty({ example: 'L-1001' }) @IsEntityId() leadId: string;
  @ApiProperty({ example: 's-3', description: 'the specialist (or agent) who closed it' }) @IsEntityId() closedBy: string;
  @ApiProperty({ description: 'fen, positive integer' }) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) amountFen: number;
  @ApiProperty({ example: '2026-10-20T16:00:00+08:00' }) @IsInstant() closedAt: string;
  @ApiPropertyOptional({ description: 'fen, positive integer ≤ amountFen; defaults to amountFen' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  commissionBaseFen?: number;
}

@ApiTags('deals')
@ApiBearerAuth()
@Controller('deals')
export class CloseDealController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('specialist', 'supervisor', 'manager', 'director')
  @ApiResponse({ status: 201, type: WriteResultDto })
  async close(@Body() body: CloseDealDto, @CurrentActor() actor: Actor, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const data = {
      dealId: body.dealId,
      leadId: body.leadId,
      closedBy: body.closedBy,
      amountFen: body.amountFen,
      commissionBaseFen: body.commissionBaseFen ?? body.amountFen,
      closedAt: body.closedAt,
    };
    const ctx = commandContext(req, actor, 'CloseDeal', data, { ownId: body.dealId });
    return answer(res, await this.commands.execute(new CloseDealCommand(data, ctx)));
  }
}

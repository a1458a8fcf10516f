import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import type { Actor } from '@app/domain';
import { CurrentActor, Roles } from '../../http/auth';
import { answer, commandContext, entityIdParam, WriteResultDto } from '../../http/command-http';
import { ResolveVisitCommand } from './resolve-visit.command';

export class ResolveVisitDto {
  @ApiPropertyOptional({ description: 'outcome notes' }) @IsOptional() @IsString() @MaxLength(2000) notes?: string;
}

@ApiTags('visits')
@ApiBearerAuth()
@Controller('visits')
export class ResolveVisitController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':visitId/complete')
  @Roles('agent', 'specialist', 'supervisor', 'manager', 'director')
  @ApiResponse({ status: 201, type: WriteResultDto })
  complete(
    @Param('visitId', entityIdParam('visitId')) visitId: string,
    @Body() body: ResolveVisitDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.resolve('CompleteVisit', visitId, body, actor, req, res);
  }

  @Post(':visitId/miss')
  @Roles('agent', 'specialist', 'supervisor', 'manager', 'director')
  @ApiResponse({ status: 201, type: WriteResultDto })
  miss(
    @Param('visitId', entityIdParam('visitId')) visitId: string,
    @Body() body: ResolveVisitDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.resolve('MissVisit', visitId, body, actor, req, res);
  }

  private async resolve(type: 'CompleteVisit' | 'MissVisit', visitId: string, body: ResolveVisitDto, actor: Actor, req: Request, res: Response) {
    const data = { visitId, notes: body.notes ?? null };
    // A visit ends once: its id makes the command idempotent.
    const ctx = commandContext(req, actor, type, data, { ownId: visitId });
    return answer(res, await this.commands.execute(new ResolveVisitCommand(type, data, ctx)));
  }
}

import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { Request, Response } from 'express';
import type { Actor } from '@app/domain';
import { CurrentActor, Roles } from '../../http/auth';
import { answer, commandContext, IsEntityId, WriteResultDto } from '../../http/command-http';
import { IsInstant } from '../../http/validators';
import { BookVisitCommand } from './book-visit.command';

export class BookVisitDto {
  @ApiProperty({ example: 'v-1' }) @IsEntityId() visitId: string;
  @ApiProperty({ example: 'L-1001' }) @IsEntityId() leadId: string;
  @ApiProperty({ example: 'a-7' }) @IsEntityId() agentId: string;
  @ApiProperty({ example: '2026-10-11T14:00:00+08:00' }) @IsInstant() scheduledAt: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 50 }) @IsOptional() @IsInt() @Min(1) @Max(50) partySize?: number;
  @ApiPropertyOptional({ description: 'where the visitors come from' }) @IsOptional() @IsString() @MaxLength(200) origin?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) transport?: string;
  @ApiPropertyOptional({ description: 'project of interest' }) @IsOptional() @IsString() @MaxLength(200) project?: string;
  @ApiPropertyOptional({ description: 'budget in fen' }) @IsOptional() @IsInt() @Min(0) budgetFen?: number;
  @ApiPropertyOptional({ description: 'objections and concerns' }) @IsOptional() @IsString() @MaxLength(2000) concerns?: string;
}

@ApiTags('visits')
@ApiBearerAuth()
@Controller('visits')
export class BookVisitController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('agent', 'supervisor', 'manager', 'director')
  @ApiResponse({ status: 201, type: WriteResultDto })
  async book(@Body() body: BookVisitDto, @CurrentActor() actor: Actor, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const data = {
      visitId: body.visitId,
      leadId: body.leadId,
      agentId: body.agentId,
      scheduledAt: body.scheduledAt,
      partySize: body.partySize ?? null,
      origin: body.origin ?? null,
      transport: body.transport ?? null,
      project: body.project ?? null,
      budgetFen: body.budgetFen ?? null,
      concerns: body.concerns ?? null,
    };
    const ctx = commandContext(req, actor, 'BookVisit', data, { ownId: body.visitId });
    return answer(res, await this.commands.execute(new BookVisitCommand(data, ctx)));
  }
}

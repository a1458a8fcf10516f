import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import type { Actor } from '@app/domain';
import { CurrentActor, Roles } from '../../http/auth';
import { answer, commandContext, entityIdParam, WriteResultDto } from '../../http/command-http';
import { IsInstant } from '../../http/validators';
import { RecordVisitSheetCommand } from './record-visit-sheet.command';

export class RecordVisitSheetDto {
  @ApiProperty({ example: '2026-10-11T13:10:00+08:00', description: '出发时间: when the visitors set out' }) @IsInstant() departedAt: string;
  @ApiProperty({ description: "案场反馈: the sales office's account of the visit, from its visit sheet (带看单)" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  feedback: string;
  @ApiPropertyOptional({ description: '置业顾问: the consultant who received the visitors' }) @IsOptional() @IsString() @MaxLength(100) consultant?: string;
  @ApiPropertyOptional({ description: "the visit sheet's number at the sales office" }) @IsOptional() @IsString() @MaxLength(64) sheetNo?: string;
}

@ApiTags('visits')
@ApiBearerAuth()
@Controller('visits')
export class RecordVisitSheetController {
  constructor(private readonly commands: CommandBus) {}

  /**
   * After a completed visit, once: the visit's own agent or their team's supervisor records the
   * visit sheet (422 VISIT.NOT_VISITED before the visit is completed, 409 once it is recorded).
   */
  @Post(':visitId/sheet')
  @Roles('agent', 'specialist', 'supervisor')
  @ApiResponse({ status: 201, type: WriteResultDto })
  async record(
    @Param('visitId', entityIdParam('visitId')) visitId: string,
    @Body() body: RecordVisitSheetDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const data = { visitId, departedAt: body.departedAt, feedback: body.feedback, consultant: body.consultant ?? null, sheetNo: body.sheetNo ?? null };
    // One sheet per visit: its id makes the command idempotent, and another payload is 409 COMMAND.ID_REUSED.
    const ctx = commandContext(req, actor, 'RecordVisitSheet', data, { ownId: visitId });
    return answer(res, await this.commands.execute(new RecordVisitSheetCommand(data, ctx)));
  }
}

import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import type { Actor, Grade } from '@app/domain';
import { CurrentActor, Roles } from '../../http/auth';
import { answer, commandContext, entityIdParam, WriteResultDto } from '../../http/command-http';
import { IsCategoryName } from '../../http/validators';
import { GradeLeadCommand } from './grade-lead.command';

export class GradeLeadDto {
  @ApiProperty({
    example: 'A',
    description: "one of the lead categories of the plan in force for the lead's owner (A–D in the handbook plan); another is 422 LEAD.UNKNOWN_CATEGORY",
  })
  @IsCategoryName()
  grade: Grade;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) reason?: string;
}

@ApiTags('leads')
@ApiBearerAuth()
@Controller('leads')
export class GradeLeadController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':leadId/grade')
  @Roles('agent', 'supervisor', 'manager', 'director')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiResponse({ status: 201, type: WriteResultDto })
  async grade(
    @Param('leadId', entityIdParam('leadId')) leadId: string,
    @Body() body: GradeLeadDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const data = { leadId, grade: body.grade, reason: body.reason ?? null };
    const ctx = commandContext(req, actor, 'GradeLead', data, { scope: leadId });
    return answer(res, await this.commands.execute(new GradeLeadCommand(data, ctx)));
  }
}

import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import { type Actor, LEAD_SOURCES, type LeadSource, normalizePhone } from '@app/domain';
import { CurrentActor, Roles } from '../../http/auth';
import { answer, commandContext, IsEntityId, WriteResultDto } from '../../http/command-http';
import { invalidField } from '../../http/validators';
import { RegisterLeadCommand } from './register-lead.command';

export class RegisterLeadDto {
  @ApiProperty({ example: 'L-1001' }) @IsEntityId() leadId: string;
  @ApiProperty({ example: '+86 138-1234-5678', description: 'normalised to digits, +86/86 removed' })
  @IsString()
  @MaxLength(32)
  phone: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) name?: string;
  @ApiPropertyOptional({ enum: LEAD_SOURCES }) @IsOptional() @IsIn(LEAD_SOURCES) source?: LeadSource;
  @ApiPropertyOptional({ description: 'the agent or specialist who brought the number' })
  @IsOptional()
  @IsEntityId()
  providedBy?: string;
}

@ApiTags('leads')
@ApiBearerAuth()
@Controller('leads')
export class RegisterLeadController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('agent', 'specialist', 'supervisor', 'manager', 'director')
  @ApiResponse({ status: 201, type: WriteResultDto })
  async register(@Body() body: RegisterLeadDto, @CurrentActor() actor: Actor, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const phone = normalizePhone(body.phone);
    if (!phone) throw invalidField('phone', 'phone must have 7–12 digits after removing +86');
    const data = { leadId: body.leadId, phone, name: body.name ?? null, source: body.source ?? null, providedBy: body.providedBy ?? null };
    const ctx = commandContext(req, actor, 'RegisterLead', data, { ownId: body.leadId });
    return answer(res, await this.commands.execute(new RegisterLeadCommand(data, ctx)));
  }
}

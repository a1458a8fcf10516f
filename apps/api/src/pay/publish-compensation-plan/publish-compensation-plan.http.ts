import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmptyObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { Request, Response } from 'express';
import type { Actor, CompensationPlan } from '@app/domain';
import { CurrentActor, Roles } from '../../http/auth';
import { answer, commandContext, IsEntityId, WriteResultDto } from '../../http/command-http';
import { invalidField, IsLocalDate } from '../../http/validators';
import { PublishCompensationPlanCommand } from './publish-compensation-plan.command';

/** A non-negative whole number: fen, counts, basis points. */
const Amount =
  (max = Number.MAX_SAFE_INTEGER) =>
  (target: object, key: string) => {
    IsInt()(target, key);
    Min(0)(target, key);
    Max(max)(target, key);
    ApiProperty({ minimum: 0, maximum: max })(target, key);
  };
const Nested = (type: () => new () => object) => (target: object, key: string) => {
  IsDefined()(target, key);
  IsNotEmptyObject()(target, key);
  ValidateNested()(target, key);
  Type(type)(target, key);
  ApiProperty({ type })(target, key);
};

class BaseFen {
  @Amount() probation: number;
  @Amount() regular: number;
}
class DailyTargetsDto {
  @Amount(100_000) dials: number;
  @Amount(100_000) effectiveCalls: number;
  @ApiProperty({ nullable: true, minimum: 0 }) @ValidateIf((_, v) => v !== null) @IsInt() @Min(0) @Max(1440) talkMinutes: number | null;
}
class ShortfallDeduction {
  @ApiProperty({ enum: ['proportional'] }) @IsIn(['proportional']) mode: 'proportional';
  @Amount(10_000) maxRatioBasisPoints: number;
}
class DealCommission {
  @Amount(10_000) agent: number;
  @Amount(10_000) specialist: number;
}
class LeadFee {
  @Amount() specialistPays: number;
  @Amount() agentReceives: number;
}
class Awards {
  @Amount() topEffectiveCalls: number;
  @Amount() topDeals: number;
}
class Allowances {
  @Amount() transport: number;
  @Amount() communication: number;
}
class FollowUpDays {
  @Amount(3660) A: number;
  @Amount(3660) B: number;
  @Amount(3660) C: number;
  @Amount(3660) D: number;
}
class Weights {
  @Amount(100) dials: number;
  @Amount(100) effectiveCalls: number;
  @Amount(100) deals: number;
  @Amount(100) ability: number;
  @Amount(100) attitude: number;
}
class Bands {
  @Amount(100) S: number;
  @Amount(100) A: number;
  @Amount(100) B: number;
  @Amount(100) C: number;
}
class DailyDisciplineDto {
  @ApiProperty({ example: '18:00', description: "HH:MM, the plan's local time the working day ends" })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'workdayEndsAt must be HH:MM (00:00–23:59)' })
  workdayEndsAt: string;
  @Amount(600) workLogMinutesBeforeEnd: number;
  @ApiProperty({ type: [Number], example: [15, 30], description: 'days of the month the plans are due (a day past the month end means its last day)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(31)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(31, { each: true })
  planDaysOfMonth: number[];
}
class Appraisal {
  @Nested(() => Weights) weights: Weights;
  @Nested(() => Bands) bands: Bands;
}

/** API.md "A compensation plan": every field required, unknown fields refused. */
export class PublishCompensationPlanDto {
  @ApiProperty({ example: 'standard' }) @IsEntityId() planId: string;
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) version: number;
  @ApiProperty({ example: '2026-01-01' }) @IsLocalDate() effectiveFrom: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) @IsString() timezone: string;
  @Amount(120) probationMonths: number;
  @Nested(() => BaseFen) baseFen: BaseFen;
  @ApiProperty({ minimum: 1, maximum: 31 }) @IsInt() @Min(1) @Max(31) workingDaysPerMonth: number;
  @Nested(() => DailyTargetsDto) dailyTargets: DailyTargetsDto;
  @ApiProperty({ type: DailyTargetsDto, nullable: true })
  @ValidateIf((_, v) => v !== null)
  @IsDefined()
  @ValidateNested()
  @Type(() => DailyTargetsDto)
  probationDailyTargets: DailyTargetsDto | null;
  @Amount() effectiveCallBonusFen: number;
  @Nested(() => ShortfallDeduction) shortfallDeduction: ShortfallDeduction;
  @Nested(() => DealCommission) dealCommissionBasisPoints: DealCommission;
  @Nested(() => LeadFee) leadFeeFen: LeadFee;
  @Nested(() => Awards) awardsFen: Awards;
  @Nested(() => Allowances) allowancesFen: Allowances;
  @Nested(() => FollowUpDays) followUpDays: FollowUpDays;
  @Nested(() => Appraisal) appraisal: Appraisal;
  @ApiPropertyOptional({
    type: DailyDisciplineDto,
    description: "the work log's and plans' deadlines; absent means the handbook's (18:00, 10 minutes before, the 15th and 30th)",
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => DailyDisciplineDto)
  dailyDiscipline?: DailyDisciplineDto;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans')
export class PublishCompensationPlanController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('payroll', 'director')
  @ApiResponse({ status: 201, type: WriteResultDto })
  async publish(@Body() body: PublishCompensationPlanDto, @CurrentActor() actor: Actor, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    if (!isTimeZone(body.timezone)) throw invalidField('timezone', 'timezone must be an IANA time zone such as Asia/Shanghai');
    const plan = JSON.parse(JSON.stringify(body)) as CompensationPlan;
    const ctx = commandContext(req, actor, 'PublishCompensationPlan', plan, { ownId: `${plan.planId}@${plan.version}` });
    return answer(res, await this.commands.execute(new PublishCompensationPlanCommand(plan, ctx)));
  }
}

import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsNotEmptyObject, IsString, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import type { Request, Response } from 'express';
import { type Actor, type CompensationPlan, MONTHLY_TARGET_BASES, type MonthlyTargetBasis, PART_MONTH_BASES, type PartMonthBasis } from '@app/domain';
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
  /** Call quality (「随机抽查电话录音,考核通话质量」): absent in older plans, which score as before. */
  @ApiPropertyOptional({ minimum: 0, maximum: 100, description: 'weight of the mean score of the calls drawn for quality review' })
  @ValidateIf((_, v) => v !== undefined)
  @IsInt()
  @Min(0)
  @Max(100)
  quality?: number;
}
class Bands {
  @Amount(100) S: number;
  @Amount(100) A: number;
  @Amount(100) B: number;
  @Amount(100) C: number;
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
  @ApiPropertyOptional({
    enum: MONTHLY_TARGET_BASES,
    default: 'workingDaysPerMonth',
    description: "a full month's targets: daily × workingDaysPerMonth (the handbook's 22), or daily × the month's working days in the State Council calendar",
  })
  @ValidateIf((_, v) => v !== undefined) // absent is the old behaviour; null is not a basis
  @IsIn(MONTHLY_TARGET_BASES)
  monthlyTargetBasis?: MonthlyTargetBasis;
  @ApiPropertyOptional({
    enum: PART_MONTH_BASES,
    default: 'calendarDays',
    description: 'a month partly employed (hired in it, probation ending in it) is prorated by calendar days, or by working days employed',
  })
  @ValidateIf((_, v) => v !== undefined) // absent is the old behaviour; null is not a basis
  @IsIn(PART_MONTH_BASES)
  partMonthBasis?: PartMonthBasis;
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

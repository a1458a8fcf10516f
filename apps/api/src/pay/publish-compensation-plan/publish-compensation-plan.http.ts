import { applyDecorators, Body, Controller, Post, Req, Res } from '@nestjs/common';
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
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { Request, Response } from 'express';
import { type Actor, type CompensationPlan, MONTHLY_TARGET_BASES, type MonthlyTargetBasis, PART_MONTH_BASES, type PartMonthBasis } from '@app/domain';
import { CurrentActor, Roles } from '../../http/auth';
import { answer, commandContext, IsEntityId, WriteResultDto } from '../../http/command-http';
import { CATEGORY_NAME, invalidField, IsLocalDate } from '../../http/validators';
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
const MAX_CADENCE_DAYS = 3660;
const MAX_CATEGORIES = 50;
const isCadenceDays = (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_CADENCE_DAYS;

/** `followUpDays`: the plan's lead categories (A–D, or its own such as 意向客户), each with days, a list of days, or null. */
const IsFollowUpDays = () =>
  ValidateBy({
    name: 'isFollowUpDays',
    validator: {
      validate: (value: unknown) => {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
        const entries = Object.entries(value);
        const cadenceOk = (c: unknown) => c === null || isCadenceDays(c) || (Array.isArray(c) && c.length >= 1 && c.length <= 10 && c.every(isCadenceDays));
        return entries.length >= 1 && entries.length <= MAX_CATEGORIES && entries.every(([name, c]) => CATEGORY_NAME.test(name) && cadenceOk(c));
      },
      defaultMessage: () =>
        `$property must map 1–${MAX_CATEGORIES} lead categories (1–40 characters each) to whole days 0–${MAX_CADENCE_DAYS}, a list of 1–10 of them, or null`,
    },
  });

/** The time of day a duty is due by. */
const IsTimeOfDay = () => Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: '$property must be a time of day HH:MM' });

class DutyTime {
  @ApiProperty({ minimum: 0, maximum: 366, description: 'days after the day of what caused the duty (working days for a new lead); 0: the same day' })
  @IsInt()
  @Min(0)
  @Max(366)
  days: number;
  @ApiProperty({ example: '18:00', description: "HH:MM in the plan's time zone" }) @IsTimeOfDay() by: string;
}
const NullableDuty = (description: string) =>
  applyDecorators(
    ApiProperty({ type: DutyTime, nullable: true, description }),
    ValidateIf((_, v) => v !== null),
    IsDefined(),
    IsNotEmptyObject(),
    ValidateNested(),
    Type(() => DutyTime),
  );
class FollowUpDutiesDto {
  @NullableDuty('「日清日毕」「分配一个打一个」: an assigned lead is called within `days` working days; null: no such duty') newLead: DutyTime | null;
  @NullableDuty('「看房当天晚上回访」: a completed visit is called back (asking why nothing was bought); null: no such duty') afterVisit: DutyTime | null;
  @NullableDuty('「成交当天,电话恭喜客户」: a deal is congratulated; null: no such duty') congratulate: DutyTime | null;
  @ApiProperty({ example: '18:00', description: "the time of day a category's follow-up is due on its date" }) @IsTimeOfDay() cadenceBy: string;
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
  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'integer', minimum: 0 }, { type: 'array', items: { type: 'integer', minimum: 0 } }, { type: 'null' }] },
    example: { A: 3, B: 7, C: 30, D: 90 },
    description:
      "the plan's lead categories, each with its cadence in days from the last contact: a number, a list (the first follow-up, then the next, the last repeating) or null for none",
  })
  @IsFollowUpDays()
  followUpDays: Record<string, number | number[] | null>;
  @ApiPropertyOptional({
    type: FollowUpDutiesDto,
    description: "the handbooks' dated duties; absent: new leads the same working day by 18:00, visits and deals by 21:00 that day, cadences by 18:00",
  })
  @IsOptional()
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => FollowUpDutiesDto)
  followUpDuties?: FollowUpDutiesDto;
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

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Grade } from '@app/domain';
import { DUTY_KINDS, type DutyKind, STAGES, type Stage } from './lead-pipeline.rules';

/*
 * What the pipeline's queries answer, each shape one class: the queries' return type and, through
 * its decorators, the OpenAPI schema of the answer. The queries build plain objects; a class used
 * as a type takes them as they are.
 */

/** A row of `GET /api/pipeline` and of the follow-ups. */
export class PipelineItem {
  @ApiProperty() leadId: string;
  @ApiProperty({ enum: STAGES }) stage: Stage;
  @ApiProperty({
    type: 'string',
    nullable: true,
    example: 'A',
    description: "the lead's category, one of its plan's (A–D in the handbook plan); null until the lead is graded",
  })
  grade: Grade | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'null while the lead is in the pool, and once its owner has left' }) ownerId: string | null;
  @ApiPropertyOptional({ description: 'the owner who left (present only then): the lead is unowned until it is reassigned' }) formerOwnerId?: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: "the latest call's start; null before any call" })
  lastContactAt: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'YYYY-MM-DD; null when no follow-up is due' })
  nextFollowUpDue: string | null;
}

const COUNT = { type: 'integer', minimum: 0 } as const;

/** Leads at each stage; every stage is present, at zero if need be. */
export class StageCounts implements Record<Stage, number> {
  @ApiProperty(COUNT) new: number;
  @ApiProperty(COUNT) contacted: number;
  @ApiProperty(COUNT) graded: number;
  @ApiProperty(COUNT) visit_booked: number;
  @ApiProperty(COUNT) visited: number;
  @ApiProperty(COUNT) won: number;
  @ApiProperty(COUNT) lost: number;
}

/** How many leads are at each stage and of each grade, under the rows' filter. */
export class PipelineCounts {
  @ApiProperty(COUNT) total: number;
  @ApiProperty({ type: StageCounts }) byStage: StageCounts;
  @ApiProperty({
    type: 'object',
    additionalProperties: COUNT,
    example: { A: 1, B: 0, C: 0, D: 0, 意向客户: 2, ungraded: 3 },
    description: "leads of each category: A, B, C, D and ungraded always (at zero if need be), and a plan's own categories that leads have",
  })
  byGrade: Record<Grade | 'ungraded', number>;
}

/** One follow-up duty (README "Follow-up duties"): the lead's pipeline row, what the call is for and when it is due. */
export class FollowUpItem extends PipelineItem {
  @ApiProperty({
    enum: DUTY_KINDS,
    description:
      "new_lead: an assigned lead not yet called (「分配一个打一个」); after_visit: the evening call after a visit (「看房当天晚上回访」); congratulate: the call on the day of a deal (「成交当天,电话恭喜客户」); cadence: the category's follow-up",
  })
  kind: DutyKind;
  @ApiProperty({ type: 'string', format: 'date', description: "the local date it falls on, in its plan's time zone" }) dueOn: string;
  @ApiProperty({ type: 'string', format: 'date-time', example: '2026-10-12T18:00:00+08:00', description: "the instant it is due by, with the plan's offset" })
  dueAt: string;
  @ApiProperty({ description: "its due time has passed by the service's clock" }) overdue: boolean;
  @ApiPropertyOptional({ description: 'after_visit only: nothing was bought, so the call asks why (「了解未成交的原因」)' }) askWhyNotBought?: boolean;
}

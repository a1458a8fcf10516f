import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GRADES, type Grade } from '@app/domain';
import { STAGES, type Stage } from './lead-pipeline.rules';

/*
 * What the pipeline's queries answer, each shape one class: the queries' return type and, through
 * its decorators, the OpenAPI schema of the answer. The queries build plain objects; a class used
 * as a type takes them as they are.
 */

/** A row of `GET /api/pipeline` and of the follow-ups. */
export class PipelineItem {
  @ApiProperty() leadId: string;
  @ApiProperty({ enum: STAGES }) stage: Stage;
  @ApiProperty({ enum: GRADES, nullable: true, description: 'null until the lead is graded' }) grade: Grade | null;
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

/** Leads of each grade, and those not graded yet; every grade is present, at zero if need be. */
export class GradeCounts implements Record<Grade | 'ungraded', number> {
  @ApiProperty(COUNT) A: number;
  @ApiProperty(COUNT) B: number;
  @ApiProperty(COUNT) C: number;
  @ApiProperty(COUNT) D: number;
  @ApiProperty(COUNT) ungraded: number;
}

/** How many leads are at each stage and of each grade, under the rows' filter. */
export class PipelineCounts {
  @ApiProperty(COUNT) total: number;
  @ApiProperty({ type: StageCounts }) byStage: StageCounts;
  @ApiProperty({ type: GradeCounts }) byGrade: GradeCounts;
}

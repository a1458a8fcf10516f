import { ApiProperty } from '@nestjs/swagger';
import { DUTY_STATUSES, type DutyKind, type DutyStatus } from '@app/domain';

/*
 * What `GET /api/discipline` answers, each shape one class: the query's return type and, through
 * its decorators, the OpenAPI schema of the answer.
 */

/** One duty: a day's work log or a plan of the 15th/30th, and how it stands by the clock. */
export class DisciplineDuty {
  @ApiProperty({ enum: ['work_log', 'work_plan'] }) kind: DutyKind;
  @ApiProperty({ type: 'string', format: 'date', description: 'the working day a log is for; the plan day (15th, 30th) a plan answers' }) forDate: string;
  @ApiProperty({ type: 'string', format: 'date', description: 'the working day it is due on (a plan day off moves to the next working day)' })
  dueOn: string;
  @ApiProperty({ type: 'string', format: 'date-time', description: "a log: 10 minutes (the plan's) before the day ends; a plan: when the day ends" })
  dueAt: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: "the service's clock when it arrived; null while not submitted" })
  submittedAt: string | null;
  @ApiProperty({ enum: DUTY_STATUSES, description: 'on_time, late (arrived after dueAt), missing (not arrived and past due), pending (not due yet)' })
  status: DutyStatus;
  @ApiProperty({ description: 'status is late or missing' }) late: boolean;
  @ApiProperty({ type: 'integer', nullable: true, description: 'whole minutes after dueAt (rounded up) it arrived, or, when missing, until now' })
  minutesLate: number | null;
}

/** An agent's duties due in the range, earliest first. */
export class DisciplineAgent {
  @ApiProperty() agentId: string;
  @ApiProperty() teamId: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'duties late or missing' }) lateCount: number;
  @ApiProperty({ type: [DisciplineDuty] }) duties: DisciplineDuty[];
}

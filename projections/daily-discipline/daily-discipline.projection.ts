import type { DisciplineEvent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import {
  AddStaffLeaving1764806400002,
  AddStaffTeams1764806400003,
  CreateStaffAndPlans1764806400001,
  insertRows,
  type Projection,
  STAFF_AND_PLAN_ENTITIES,
  STAFF_AND_PLAN_EVENTS,
  StaffAndPlans,
} from '@app/projections';
import { DisciplineSubmission } from './daily-discipline.entities';
import { CreateDailyDiscipline1764806400040 } from './daily-discipline.migrations';

const SUBMISSION_EVENTS: readonly DisciplineEvent['type'][] = ['WorkLogSubmitted', 'WorkPlanSubmitted'];

/**
 * The daily discipline (「下班前10分钟…工作日志」「每月15号和30号…计划」): every work log and plan
 * submitted, with when it arrived, and the staff and plans (the shared fold) that say who owes
 * what and by when. What is due and who is late is computed at query time, against the clock and
 * the working calendar, so the rows never go stale as time passes.
 */
export const dailyDisciplineProjection: Projection = {
  name: 'daily-discipline',
  version: 1,
  eventTypes: [...SUBMISSION_EVENTS, ...STAFF_AND_PLAN_EVENTS],
  entities: [DisciplineSubmission, ...STAFF_AND_PLAN_ENTITIES],
  migrations: [CreateStaffAndPlans1764806400001, AddStaffLeaving1764806400002, AddStaffTeams1764806400003, CreateDailyDiscipline1764806400040],

  async apply(em, events) {
    const staff = await StaffAndPlans.before(em, events);
    const submissions: DisciplineSubmission[] = [];
    for (const event of events) {
      if (staff.fold(event) || !(SUBMISSION_EVENTS as readonly string[]).includes(event.type)) continue;
      submissions.push(toSubmission(event as RecordedEvent<DisciplineEvent['data'], DisciplineEvent['type']>));
    }
    await staff.save(em);
    // The stream refuses a second submission for a day, so a duplicate here is a retry: the first stays.
    await insertRows(em, DisciplineSubmission, submissions, { ignore: true });
  },
};

function toSubmission(event: RecordedEvent<DisciplineEvent['data'], DisciplineEvent['type']>): DisciplineSubmission {
  const e = { type: event.type, data: event.data } as DisciplineEvent;
  return Object.assign(new DisciplineSubmission(), {
    agentId: e.data.agentId,
    kind: e.type === 'WorkLogSubmitted' ? 'work_log' : 'work_plan',
    forDate: e.type === 'WorkLogSubmitted' ? e.data.date : e.data.planDay,
    submittedAt: new Date(e.data.submittedAt),
    position: event.position,
  });
}

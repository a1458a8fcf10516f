import { Injectable } from '@nestjs/common';

/**
 * The time appraisal commands and reads are decided at. Deadlines (feedback, the appeal window,
 * archive access) are about the clock, so tests replace `now` on this provider
 * (`jest.spyOn(app.get(Clock), 'now')`) to stand on either side of them.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

/** The `WorkCalendar` that counts the appeal window: the published Chinese calendar with the operator's overrides. */
export const WORK_CALENDAR = Symbol('WORK_CALENDAR');

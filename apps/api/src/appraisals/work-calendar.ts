/** The `WorkCalendar` that counts the appeal window: the published Chinese calendar with the operator's overrides. */
export const WORK_CALENDAR = Symbol('WORK_CALENDAR');

/** The working calendar the discipline's deadlines are counted on: the published Chinese calendar with the operator's overrides. */
export const DISCIPLINE_CALENDAR = Symbol('DISCIPLINE_CALENDAR');

/**
 * The events of a person's daily discipline, on their stream `discipline-<agentId>`
 * (「电销员每天下班前10分钟必须把工作日志及工作明细以书面形式给部门负责人、每月15号和30号必须把月底和次月的
 * (工作情况、意向客户情况)计划发送给部门负责人」). `submittedAt` is the service's clock when the
 * submission arrived: lateness is judged by it, never by a time the client sends.
 */
export interface WorkLogSubmitted {
  type: 'WorkLogSubmitted';
  data: {
    agentId: string;
    /** The working day the log is for (the plan's local date). */
    date: string;
    /** 工作日志: the day's summary. */
    summary: string;
    /** 工作明细: the details, when given. */
    details: string | null;
    submittedAt: string;
  };
}

export interface WorkPlanSubmitted {
  type: 'WorkPlanSubmitted';
  data: {
    agentId: string;
    /** The plan day it answers: the 15th or the 30th (the month's last day when it is shorter), as the plan says. */
    planDay: string;
    /** 工作情况: the work planned to the month's end / for the next month. */
    work: string;
    /** 意向客户情况: the prospects. */
    prospects: string;
    submittedAt: string;
  };
}

export type DisciplineEvent = WorkLogSubmitted | WorkPlanSubmitted;

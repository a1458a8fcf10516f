import { Column, Entity, type EntityManager, In, type MigrationInterface, PrimaryColumn, type QueryRunner } from 'typeorm';
import type {
  AgentHired,
  AgentLeft,
  AgentPlanChanged,
  AgentRehired,
  AgentRoleChanged,
  AgentTransferred,
  CompensationPlan,
  CompensationPlanPublished,
} from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { insertRows } from './bulk-insert';

/**
 * The one fold of the facts several read models need: who was hired (role, team, hire date, plan)
 * and every published plan version. Each projection keeps these rows in its own build, so that it
 * is built from events alone, but all fold them here, with one conflict rule: **the first event
 * for a person or a plan version wins** — an event never changes, and the commands refuse a second
 * hire of the same id or a republication of a version with other terms, so a later duplicate can
 * only be a retry of the first. Employment periods follow the same rule: the first leaving of a
 * period wins (the command refuses a second one), and a re-hire opens the next period: the row
 * then describes the person's current (latest) period. `staff_teams` keeps the dates: which team
 * from which day (a hire, a re-hire, a move), the first row for a person and day winning.
 */
export const STAFF_AND_PLAN_EVENTS = [
  'AgentHired',
  'AgentLeft',
  'AgentRehired',
  'AgentTransferred',
  'AgentPlanChanged',
  'AgentRoleChanged',
  'CompensationPlanPublished',
] as const;

@Entity('staff')
export class StaffMember {
  @PrimaryColumn('text', { name: 'agent_id', collation: 'C' }) agentId: string;
  @Column('text') role: AgentHired['data']['role'];
  @Column('text', { name: 'team_id' }) teamId: string;
  @Column('date', { name: 'hired_on' }) hiredOn: string;
  @Column('text', { name: 'plan_id' }) planId: string;
  /** The last working day, once a leaving is recorded. */
  @Column('date', { name: 'left_on', nullable: true }) leftOn: string | null;
}

/** A person's team from a date until the next row's date: the teams' views follow the date. */
@Entity('staff_teams')
export class StaffTeam {
  @PrimaryColumn('text', { name: 'agent_id', collation: 'C' }) agentId: string;
  @PrimaryColumn('date', { name: 'from_date' }) from: string;
  @Column('text', { name: 'team_id' }) teamId: string;
}

@Entity('plans')
export class PlanVersion {
  @PrimaryColumn('text', { name: 'plan_id' }) planId: string;
  @PrimaryColumn('int') version: number;
  @Column('date', { name: 'effective_from' }) effectiveFrom: string;
  @Column('jsonb') plan: CompensationPlan;
}

/** The staff and plans tables, in a projection's build schema: list it among the projection's migrations. */
export class CreateStaffAndPlans1764806400001 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE staff (
      agent_id text COLLATE "C" PRIMARY KEY,
      role text NOT NULL,
      team_id text NOT NULL,
      hired_on date NOT NULL,
      plan_id text NOT NULL
    )`);
    await runner.query('CREATE INDEX staff_team ON staff (team_id, agent_id)');
    await runner.query('CREATE INDEX staff_role ON staff (role, team_id)');
    await runner.query(`CREATE TABLE plans (
      plan_id text NOT NULL,
      version int NOT NULL,
      effective_from date NOT NULL,
      plan jsonb NOT NULL,
      PRIMARY KEY (plan_id, version)
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE plans');
    await runner.query('DROP TABLE staff');
  }
}

/** Employment periods: when a person's last working day is recorded. List it after `CreateStaffAndPlans…`. */
export class AddStaffLeaving1764806400002 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE staff ADD COLUMN left_on date');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE staff DROP COLUMN left_on');
  }
}

/** Team membership by date; a build made before it starts with each person's hire team. List it after `AddStaffLeaving…`. */
export class AddStaffTeams1764806400003 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE staff_teams (
      agent_id text COLLATE "C" NOT NULL,
      from_date date NOT NULL,
      team_id text NOT NULL,
      PRIMARY KEY (agent_id, from_date)
    )`);
    await runner.query('CREATE INDEX staff_teams_team ON staff_teams (team_id, from_date)');
    await runner.query('INSERT INTO staff_teams (agent_id, from_date, team_id) SELECT agent_id, hired_on, team_id FROM staff');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE staff_teams');
  }
}

export const STAFF_AND_PLAN_ENTITIES = [StaffMember, PlanVersion, StaffTeam];

/**
 * What a batch knows of staff and plans: the rows stored before it (those the batch asks for),
 * then the batch's own hires and publications folded in position order, first one winning.
 * `save` writes the batch's new rows.
 */
export class StaffAndPlans {
  private readonly staff = new Map<string, StaffMember>();
  private readonly plansById = new Map<string, CompensationPlan[]>();
  private readonly newStaff: StaffMember[] = [];
  /** Stored people whose period the batch ended or began. */
  private readonly periodChanges: StaffMember[] = [];
  private readonly newPlans: PlanVersion[] = [];
  private readonly newTeams: StaffTeam[] = [];

  /**
   * Loads the stored people and plans (every version) the batch names, besides its own hires and
   * plans; `alsoAgentIds`: people it needs for rows it read rather than for its events.
   */
  static async before(
    em: EntityManager,
    events: readonly RecordedEvent[],
    agentIdsOf: (e: RecordedEvent) => readonly (string | null | undefined)[] = () => [],
    alsoAgentIds: Iterable<string | null | undefined> = [],
  ): Promise<StaffAndPlans> {
    const agentIds = new Set<string>();
    const planIds = new Set<string>();
    for (const id of alsoAgentIds) if (id) agentIds.add(id);
    for (const event of events) {
      if (event.type === 'AgentHired') planIds.add((event.data as AgentHired['data']).planId);
      if (event.type === 'AgentLeft' || event.type === 'AgentRehired' || event.type === 'AgentTransferred')
        agentIds.add((event.data as AgentLeft['data']).agentId);
      if (event.type === 'AgentRehired') planIds.add((event.data as AgentRehired['data']).planId);
      if (event.type === 'AgentPlanChanged') planIds.add((event.data as AgentPlanChanged['data']).toPlanId);
      for (const id of agentIdsOf(event)) if (id) agentIds.add(id);
    }
    const known = new StaffAndPlans();
    if (agentIds.size) {
      for (const member of await em.findBy(StaffMember, { agentId: In([...agentIds]) })) {
        known.staff.set(member.agentId, member);
        planIds.add(member.planId);
      }
    }
    if (planIds.size) {
      const stored = await em.find(PlanVersion, { where: { planId: In([...planIds]) }, order: { planId: 'ASC', version: 'ASC' } });
      for (const row of stored) known.addPlan(row.plan);
    }
    return known;
  }

  /** Folds a hire or a plan publication; false for any other event. */
  fold(event: RecordedEvent): boolean {
    if (event.type === 'AgentHired') {
      const hire = event.data as AgentHired['data'];
      if (this.staff.has(hire.agentId)) return true;
      const member = Object.assign(new StaffMember(), {
        agentId: hire.agentId,
        role: hire.role,
        teamId: hire.teamId,
        hiredOn: hire.hiredOn,
        planId: hire.planId,
        leftOn: null,
      });
      this.staff.set(hire.agentId, member);
      this.newStaff.push(member);
      this.joins(hire.agentId, hire.hiredOn, hire.teamId);
      return true;
    }
    if (event.type === 'AgentLeft') {
      const leaving = event.data as AgentLeft['data'];
      const member = this.staff.get(leaving.agentId);
      if (member && member.leftOn === null) {
        member.leftOn = leaving.lastWorkingDay;
        this.changed(member);
      }
      return true;
    }
    if (event.type === 'AgentRehired') {
      const rehire = event.data as AgentRehired['data'];
      const member = this.staff.get(rehire.agentId);
      if (member && member.leftOn !== null) {
        Object.assign(member, { role: rehire.role, teamId: rehire.teamId, hiredOn: rehire.hiredOn, planId: rehire.planId, leftOn: null });
        this.changed(member);
        this.joins(rehire.agentId, rehire.hiredOn, rehire.teamId);
      }
      return true;
    }
    if (event.type === 'AgentRoleChanged') {
      // The row keeps the current role: the quota views list agents; pay prices each day in its own role.
      const change = event.data as AgentRoleChanged['data'];
      const member = this.staff.get(change.agentId);
      if (member) {
        member.role = change.toRole;
        this.changed(member);
      }
      return true;
    }
    if (event.type === 'AgentPlanChanged') {
      // The row keeps the current plan (the quota views' targets); pay prices each day by its own.
      const change = event.data as AgentPlanChanged['data'];
      const member = this.staff.get(change.agentId);
      if (member) {
        member.planId = change.toPlanId;
        this.changed(member);
      }
      return true;
    }
    if (event.type === 'AgentTransferred') {
      const move = event.data as AgentTransferred['data'];
      const member = this.staff.get(move.agentId);
      if (member) {
        member.teamId = move.toTeamId;
        this.changed(member);
        this.joins(move.agentId, move.effectiveOn, move.toTeamId);
      }
      return true;
    }
    if (event.type === 'CompensationPlanPublished') {
      const plan = event.data as CompensationPlanPublished['data'];
      if (this.addPlan(plan))
        this.newPlans.push(Object.assign(new PlanVersion(), { planId: plan.planId, version: plan.version, effectiveFrom: plan.effectiveFrom, plan }));
      return true;
    }
    return false;
  }

  member(agentId: string | null | undefined): StaffMember | undefined {
    return agentId ? this.staff.get(agentId) : undefined;
  }

  /** Every known version of a plan, oldest first. */
  plans(planId: string | undefined): CompensationPlan[] {
    return (planId !== undefined && this.plansById.get(planId)) || [];
  }

  /** The versions of the plan a person is on (none for an unknown person). */
  plansOf(agentId: string | null | undefined): CompensationPlan[] {
    return this.plans(this.member(agentId)?.planId);
  }

  private joins(agentId: string, from: string, teamId: string): void {
    this.newTeams.push(Object.assign(new StaffTeam(), { agentId, from, teamId }));
  }

  private changed(member: StaffMember): void {
    if (!this.newStaff.includes(member) && !this.periodChanges.includes(member)) this.periodChanges.push(member);
  }

  /** Writes the batch's hires and plan versions not stored before it, and its leavings and re-hires. */
  async save(em: EntityManager): Promise<void> {
    await insertRows(em, StaffMember, this.newStaff, { ignore: true });
    await insertRows(em, PlanVersion, this.newPlans, { ignore: true });
    await insertRows(em, StaffTeam, this.newTeams, { ignore: true });
    for (const { agentId, role, teamId, hiredOn, planId, leftOn } of this.periodChanges) {
      await em.update(StaffMember, { agentId }, { role, teamId, hiredOn, planId, leftOn });
    }
  }

  private addPlan(plan: CompensationPlan): boolean {
    const versions = this.plansById.get(plan.planId) ?? [];
    if (versions.some((v) => v.version === plan.version)) return false;
    this.plansById.set(
      plan.planId,
      [...versions, plan].sort((a, b) => a.version - b.version),
    );
    return true;
  }
}

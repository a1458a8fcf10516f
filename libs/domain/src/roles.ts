/** The role codes of DOMAIN.md, as they appear in a token's `roles` claim. */
export const ROLES = ['agent', 'specialist', 'supervisor', 'manager', 'director', 'hr', 'payroll', 'assistant', 'integrator', 'qa'] as const;
export type Role = (typeof ROLES)[number];

/** The people who are hired onto a compensation plan. */
export const STAFF_ROLES = ['agent', 'specialist'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface Actor {
  sub: string;
  roles: readonly string[];
  team?: string;
}

/** True when the actor holds only the given front-line roles, so acts only as themself. */
export function actsOnlyAsSelf(actor: Actor): boolean {
  return actor.roles.every((r) => r === 'agent' || r === 'specialist');
}

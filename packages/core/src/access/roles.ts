/** A member's role in a workspace, from most to least powerful. */
export const ROLES = Object.freeze({ admin: 'admin', operator: 'operator', viewer: 'viewer' } as const);
export type Role = (typeof ROLES)[keyof typeof ROLES];

const RANK: Record<Role, number> = { admin: 3, operator: 2, viewer: 1 };

/** Whether someone holding `held` may do what needs `required`. */
export function roleAllows(held: Role, required: Role): boolean {
  return RANK[held] >= RANK[required];
}

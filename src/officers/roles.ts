/**
 * Officer roles. viewer: figures and reports. support: figures plus the callback-request inbox
 * (Women's Union, police). admin: everything, plus the audit log and API tokens.
 */
export const ROLES = ['viewer', 'support', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export type Permission = 'stats:read' | 'report:export' | 'callbacks:read' | 'callbacks:write' | 'audit:read' | 'tokens:manage';

const GRANTS: Record<Role, Permission[]> = {
  viewer: ['stats:read', 'report:export'],
  support: ['stats:read', 'report:export', 'callbacks:read', 'callbacks:write'],
  // Least privilege: an admin manages accounts and tokens but does not read callback requests.
  admin: ['stats:read', 'report:export', 'audit:read', 'tokens:manage'],
};

export interface Officer {
  username: string;
  roles: Role[];
}

export function can(officer: Officer | undefined, permission: Permission): boolean {
  return !!officer && officer.roles.some((r) => GRANTS[r].includes(permission));
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

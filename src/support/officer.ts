import { AppError } from '../errors';

import type { Officer, Role } from '../officers/roles';

/**
 * The officer on whose behalf a function runs (src/officers/roles.ts). Only `support` may see
 * callback requests (least privilege: not even `admin`).
 */
export type { Officer };
export type OfficerRole = Role;

/** An officer tried something their roles do not allow. The attempt is written to the audit log. */
export class ForbiddenError extends AppError {
  constructor(action: string) {
    super('FORBIDDEN', `the officer's roles do not allow ${action}`, 'errors.forbidden');
    this.name = 'ForbiddenError';
  }
}

export function hasRole(officer: Officer, role: OfficerRole): boolean {
  return Array.isArray(officer.roles) && officer.roles.includes(role);
}

import { AppError } from '../errors';

/** What an officer may do. Only `support` may see callback requests (least privilege: not even `admin`). */
export type OfficerRole = 'viewer' | 'support' | 'admin';

/**
 * The officer on whose behalf a function runs. The dashboard (src/dashboard, src/officers) builds
 * it from a signed-in session; this module only checks roles and writes the audit log.
 */
export interface Officer {
  username: string;
  roles: OfficerRole[];
}

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

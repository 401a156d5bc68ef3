/**
 * Who may call the API. `staff` always acts for one licensor body (see LicensorBody in domain/services.ts);
 * `operator` is a State Corporation counter operator (seed 001 ¶11) and always acts for one branch
 * (counter/branches.ts).
 */
export const ROLES = ['portal', 'staff', 'viewer', 'admin', 'gateway', 'operator'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  /** Stable id of the credential holder, recorded in audit events. */
  subject: string;
  role: Role;
  /** For `staff`: the licensor body the employee works for. */
  licensorBody?: string;
  /** For `operator`: the State Corporation branch the operator works at. */
  branch?: string;
  displayName?: string;
}

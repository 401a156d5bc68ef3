/** Who may call the API. `staff` always acts for one licensor body (see LicensorBody in domain/services.ts). */
export const ROLES = ['portal', 'staff', 'viewer', 'admin', 'gateway'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  /** Stable id of the credential holder, recorded in audit events. */
  subject: string;
  role: Role;
  /** For `staff`: the licensor body the employee works for. */
  licensorBody?: string;
  displayName?: string;
}

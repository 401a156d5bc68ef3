/**
 * Who may call each operation of the API: the one declaration the routes enforce (they read their roles
 * from here through `rolesOf`) and test/api/authorization-matrix.test.ts turns into its table of
 * operation × principal → allowed, 401, 403 or 404. The keys are the OpenAPI document's "METHOD /path"
 * (its path templates); a test checks that every operation of the document has an entry here or is one
 * of the per-service operations whose roles the service module declares (its `submitters`, each action's
 * and each event's `roles`).
 *
 * `roles: 'public'` needs no sign-in (a bad token is still 401). Otherwise an anonymous caller gets 401 and
 * a role not listed 403. `scope` narrows a listed role further, by the resource the request names:
 *   case-body     staff act only on their own licensor body's case, complaint or register entry (403)
 *   service-body  staff submit only to their own licensor body's services (403)
 *   branch        an operator acts only for their own State Corporation branch (403)
 * An unknown resource is 404 for every caller that passes the role check (roles are checked first, so a
 * caller without the role learns nothing about which ids exist).
 *
 * No imports beyond domain/: the register, counter, reference-data and PKI kernels read it too.
 */
import { ROLES, type Role } from '../domain/roles';

export type AccessScope = 'case-body' | 'service-body' | 'branch';

export interface Access {
  roles: readonly Role[] | 'public';
  scope?: AccessScope;
  /** What else decides, in words (for the reader of the matrix, not enforced from here). */
  note?: string;
}

/** seed 003 ¶5, seed 000: applications arrive through the portal (a module may name others: `submitters`). */
export const DEFAULT_SUBMITTERS: readonly Role[] = ['portal'];
const READERS: readonly Role[] = ['portal', 'staff', 'viewer', 'admin'];
const DASHBOARD: readonly Role[] = ['staff', 'viewer', 'admin'];
const OPERATOR: readonly Role[] = ['operator'];
/** Who may publish law as data (ours: the existing admin role; REGULATION.md). */
export const PUBLISHERS: readonly Role[] = ['admin'];

export const ACCESS = {
  // catalogue, calendar, operations
  'GET /v1/services': { roles: 'public' },
  'GET /v1/calendar/term': { roles: 'public' },
  'GET /healthz': { roles: 'public' },
  'GET /readyz': { roles: 'public' },
  'GET /metrics': { roles: 'public' },
  'GET /v1/me': { roles: ROLES },

  // applications (submissions, actions and events: per service, see the header)
  'GET /v1/applications/{id}': { roles: READERS, scope: 'case-body' },
  'GET /v1/applications/{id}/documents': { roles: READERS, scope: 'case-body' },
  'GET /v1/applications/{id}/documents/{ancn}': { roles: READERS, scope: 'case-body' },
  'GET /v1/applications/{id}/documents/{ancn}/print': { roles: READERS, scope: 'case-body' },
  'GET /v1/applications/{id}/timeline': { roles: DASHBOARD, scope: 'case-body' },
  'GET /v1/applications/{id}/complaints': {
    roles: READERS,
    note: 'staff see only the complaints their body reviews or that concern their case',
  },
  'POST /v1/applications/{id}/actions/{action}': {
    roles: ['portal', 'staff', 'viewer', 'admin', 'gateway'],
    scope: 'case-body',
    note: "then the action's own roles (ServiceModule.actions[].roles)",
  },
  'POST /v1/applications/{id}/events/{event}': {
    roles: ROLES,
    scope: 'case-body',
    note: "then the event's own roles (ServiceModule.events[].roles)",
  },
  'POST /v1/services/{serviceCode}/applications': {
    roles: ['portal', 'staff'],
    scope: 'service-body',
    note: "then the module's submitters (DEFAULT_SUBMITTERS unless it names others)",
  },

  // payments
  'POST /v1/callbacks/payment-gateway': { roles: ['gateway'] },
  'GET /v1/admin/payment-callbacks/unaccepted': { roles: ['admin', 'viewer'] },

  // dashboard
  'GET /v1/applications': { roles: DASHBOARD, note: 'staff see their own body; asking for another body (licensor=) is 403' },
  'GET /v1/dashboard/counts': { roles: DASHBOARD, note: 'staff see their own body; asking for another body is 403' },
  'GET /v1/dashboard/overview': { roles: DASHBOARD, note: 'staff see their own body; asking for another body is 403' },
  'GET /v1/dashboard/forms': { roles: DASHBOARD },
  'GET /v1/inbox': { roles: DASHBOARD, note: 'staff see their own body' },

  // complaints
  'POST /v1/complaints': {
    roles: ['portal', 'staff'],
    note: "the portal for the case's own applicant (another applicant's case: 403); staff of the receiving body for a paper complaint",
  },
  'GET /v1/complaints': { roles: ['portal', 'admin'] },
  'GET /v1/complaints/{id}': {
    roles: READERS,
    scope: 'case-body',
    note: 'staff of the reviewing body, or of the provider it was forwarded from',
  },
  'POST /v1/complaints/{id}/actions/{action}': {
    roles: ['staff'],
    note: "the complaint workflow's validators decide which body's staff (the reviewing body) and when",
  },
  'GET /v1/dashboard/complaints': { roles: DASHBOARD, note: 'staff see their own body' },

  // reference data
  'GET /v1/reference-data': { roles: 'public' },
  'GET /v1/reference-data/calendar/versions': { roles: 'public' },
  'GET /v1/reference-data/calendar/versions/{version}': { roles: 'public' },
  'GET /v1/reference-data/mrp': { roles: 'public' },
  'POST /v1/admin/reference-data/calendar/decrees': { roles: PUBLISHERS },
  'POST /v1/admin/reference-data/mrp': { roles: PUBLISHERS },

  // State Corporation counter (seed 001)
  'GET /v1/counter/branches': { roles: 'public' },
  'GET /v1/counter/services': { roles: [...OPERATOR, 'viewer', 'admin'] },
  'POST /v1/counter/branches/{branch}/bookings': { roles: ['portal'] },
  'POST /v1/counter/branches/{branch}/tickets': { roles: [...OPERATOR, 'portal'], scope: 'branch' },
  'POST /v1/counter/branches/{branch}/call-next': { roles: OPERATOR, scope: 'branch' },
  'GET /v1/counter/branches/{branch}/queue': { roles: OPERATOR, scope: 'branch' },
  'GET /v1/counter/visits/{visit}': { roles: [...OPERATOR, 'viewer', 'admin'], scope: 'branch' },
  'POST /v1/counter/visits/{visit}/application': { roles: OPERATOR, scope: 'branch' },
  'POST /v1/counter/scans': { roles: OPERATOR },
  'POST /v1/counter/visits/{visit}/sign': { roles: OPERATOR, scope: 'branch' },
  'GET /v1/counter/visits/{visit}/receipt': { roles: OPERATOR, scope: 'branch' },
  'POST /v1/counter/hand-overs/{applicationId}/receipt-presented': { roles: OPERATOR, scope: 'branch' },
  'POST /v1/counter/hand-overs/{applicationId}/hand-over': { roles: OPERATOR, scope: 'branch' },

  // register of permits and notifications (seed 004)
  'GET /v1/register/permits': { roles: 'public' },
  'GET /v1/register/notifications': { roles: 'public' },
  'GET /v1/register/{kind}/{ancn}': { roles: 'public', note: 'staff of the body, viewers and admins also see who acted and why' },
  'GET /v1/register/{kind}/{ancn}/print': {
    roles: 'public',
    note: "an individual's entry: REGISTER_PRINT_INDIVIDUAL (its matrix codes carry the IIN; seed 004 ¶14)",
  },
  'POST /v1/register/permits': { roles: ['staff', 'admin'], scope: 'case-body' },
  'POST /v1/register/notifications': { roles: ['portal'] },
  'POST /v1/register/{kind}/{ancn}/operations/{operation}': {
    roles: ['staff', 'admin'],
    scope: 'case-body',
    note: 'REGISTER_FILE_END for the holder filing the end of its own activity (notifications, file-end; seed 004 ¶13.12)',
  },
  'POST /v1/documents/verify': { roles: 'public' },
  // seed 002 ¶6(2): opened from a printed document's QR code, without signing in.
  'GET /v1/documents/{ancn}/verification': { roles: 'public' },

  // National Certification Authority (relying parties fetch without signing in)
  'GET /v1/pki/ca.crt': { roles: 'public' },
  'GET /v1/pki/root.crt': { roles: 'public' },
  'GET /v1/pki/chain.pem': { roles: 'public' },
  'GET /v1/pki/crl': { roles: 'public' },
  'POST /v1/pki/ocsp': { roles: 'public' },
  'GET /v1/pki/ocsp/{request}': { roles: 'public' },
  'GET /v1/pki/certificates/{serial}': { roles: 'public' },
} as const satisfies Record<string, Access>;

export type OperationKey = keyof typeof ACCESS;

/** seed 004 ¶14: an individual's presentation form (its matrix codes carry the whole document, IIN included). */
export const REGISTER_PRINT_INDIVIDUAL: readonly Role[] = ['portal', 'staff', 'admin'];
/** seed 004 ¶13.12: the holder files the end of its own activity through the portal. */
export const REGISTER_FILE_END: readonly Role[] = ['staff', 'admin', 'portal'];

/** The roles an operation admits (for requirePrincipal); never called for a public one. */
export function rolesOf(key: OperationKey): readonly Role[] {
  const roles: Access['roles'] = ACCESS[key].roles;
  if (roles === 'public') throw new Error(`${key} is public: it has no roles to require`);
  return roles;
}

/**
 * The access entry of an operation of the OpenAPI document: its own key, or the shared one of a
 * per-service path (a service's submissions, a named action or event, a complaint action).
 */
export function accessFor(method: string, template: string): { key: OperationKey; access: Access } | undefined {
  const m = method.toUpperCase();
  const shared: Array<[RegExp, OperationKey]> = [
    [/^\/v1\/services\/[^/{}]+\/applications$/, 'POST /v1/services/{serviceCode}/applications'],
    [/^\/v1\/applications\/\{id\}\/actions\/[^/{}]+$/, 'POST /v1/applications/{id}/actions/{action}'],
    [/^\/v1\/applications\/\{id\}\/events\/[^/{}]+$/, 'POST /v1/applications/{id}/events/{event}'],
    [/^\/v1\/complaints\/\{id\}\/actions\/[^/{}]+$/, 'POST /v1/complaints/{id}/actions/{action}'],
  ];
  const key = (m === 'POST' ? shared.find(([re]) => re.test(template))?.[1] : undefined) ?? `${m} ${template}`;
  const access = (ACCESS as Record<string, Access>)[key];
  return access ? { key: key as OperationKey, access } : undefined;
}

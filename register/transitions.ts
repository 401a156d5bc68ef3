/**
 * The register's state machines (seed 004), spelled out as tables: for each operation, the statuses it
 * may start from ('none' = the entry does not exist yet) and the status it leaves. Anything not in a
 * table is refused with DomainError 'CONFLICT' naming the operation, the status and what is allowed.
 *
 * Pure and deterministic: used by the register service, by workflows and by the API's documentation.
 */
import { DomainError } from '../domain/errors';

// ---- the register of permits (seed 004 ¶3.16, ¶6, ¶16.6-16.8) ------------------------------------

/**
 * Statuses of a permit. ¶3.14 lists what the register holds: issued, re-issued, suspended, annulled,
 * extended, resumed and terminated permits; ¶16.8 adds deprivation (айыру).
 */
export const PERMIT_STATUSES = ['active', 'suspended', 're-issued', 'revoked', 'terminated', 'deprived'] as const;
export type PermitStatus = (typeof PERMIT_STATUSES)[number];

export const PERMIT_OPERATIONS = [
  'issue',
  'enter-external-result',
  'restore-historical',
  'convert-historical',
  'reissue',
  'suspend',
  'resume',
  'extend',
  'revoke',
  'terminate',
  'deprive',
  'duplicate',
  'correct-data',
] as const;
export type PermitOperation = (typeof PERMIT_OPERATIONS)[number];

/** Extra condition an operation needs beyond the status (checked with a clear message). */
export type TransitionGuard =
  /** only a restored paper permit that has not been converted yet (¶3.19) */
  | 'historical-not-converted'
  /** only a permit issued for a term (a license without a term cannot be extended) */
  | 'fixed-term';

export interface Transition<S extends string> {
  from: ReadonlyArray<S | 'none'>;
  /** 'unchanged' = the operation keeps the status (an extension, a duplicate, a correction). */
  to: S | 'unchanged';
  guard?: TransitionGuard;
  regulation: string;
  /** What the register-maintenance notice says happened. */
  summary: string;
}

const LIVE: readonly PermitStatus[] = ['active', 'suspended'];

export const PERMIT_TRANSITIONS: { readonly [op in PermitOperation]: Transition<PermitStatus> } = {
  issue: {
    from: ['none'],
    to: 'active',
    regulation: 'seed 004 ¶6.1, ¶6.4',
    summary: 'the permit was issued and entered in the register of permits',
  },
  'enter-external-result': {
    from: ['none'],
    to: 'active',
    regulation: 'seed 004 ¶6.1, ¶48-49',
    summary: 'the positive result of a review done outside the system was entered in the register of permits',
  },
  'restore-historical': {
    from: ['none'],
    to: 'active',
    regulation: 'seed 004 ¶3.20, ¶6.2, ¶16.7',
    summary: 'a permit issued on paper was restored in the register of permits from historical data',
  },
  'convert-historical': {
    from: LIVE,
    to: 'unchanged',
    guard: 'historical-not-converted',
    regulation: 'seed 004 ¶3.19, ¶3.28, ¶6.3',
    summary: "the historical permit was converted to electronic form, signed with the head's ECDS, with a matrix code",
  },
  reissue: {
    from: ['active'],
    to: 're-issued',
    regulation: 'seed 004 ¶6.4, ¶16.8',
    summary: 'the permit was re-issued; the new permit replaces it',
  },
  suspend: { from: ['active'], to: 'suspended', regulation: 'seed 004 ¶6.4, ¶16.8', summary: 'the permit was suspended' },
  resume: { from: ['suspended'], to: 'active', regulation: 'seed 004 ¶6.4, ¶16.8', summary: 'the permit was resumed' },
  extend: {
    from: ['active'],
    to: 'unchanged',
    guard: 'fixed-term',
    regulation: 'seed 004 ¶6.4, ¶16.8',
    summary: "the permit's validity was extended",
  },
  revoke: { from: LIVE, to: 'revoked', regulation: 'seed 004 ¶6.4, ¶16.8, ¶50', summary: 'the permit was annulled (revoked)' },
  terminate: { from: LIVE, to: 'terminated', regulation: 'seed 004 ¶6.4, ¶16.8', summary: 'the permit was terminated' },
  deprive: { from: LIVE, to: 'deprived', regulation: 'seed 004 ¶16.8', summary: 'the holder was deprived of the permit' },
  duplicate: { from: LIVE, to: 'unchanged', regulation: 'seed 004 ¶3.14, ¶13.5', summary: 'a duplicate of the permit was issued' },
  'correct-data': { from: LIVE, to: 'unchanged', regulation: 'seed 004 ¶13.5', summary: "the permit's data were corrected" },
};

// ---- the register of notifying subjects (seed 004 ¶3.23, ¶7, ¶25-28) ------------------------------

export const NOTIFICATION_STATUSES = ['active', 'suspended', 'ended', 'excluded', 'revoked'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export const NOTIFICATION_OPERATIONS = [
  'file-start',
  'restore-historical',
  'change-data',
  'file-end',
  'suspend',
  'resume',
  'exclude',
  'revoke',
] as const;
export type NotificationOperation = (typeof NOTIFICATION_OPERATIONS)[number];

const LIVE_SUBJECT: readonly NotificationStatus[] = ['active', 'suspended'];

export const NOTIFICATION_TRANSITIONS: { readonly [op in NotificationOperation]: Transition<NotificationStatus> } = {
  'file-start': {
    from: ['none'],
    to: 'active',
    regulation: 'seed 004 ¶7.1-7.2, ¶25-28',
    summary: 'the notification of the start of activity was received and the subject entered in the register of notifying subjects',
  },
  'restore-historical': {
    from: ['none'],
    to: 'active',
    regulation: 'seed 004 ¶7.2, ¶16.9',
    summary: 'the notification was restored in the register from historical data',
  },
  'change-data': {
    from: LIVE_SUBJECT,
    to: 'unchanged',
    regulation: 'seed 004 ¶13.12',
    summary: "the notifying subject's data were changed",
  },
  'file-end': {
    from: LIVE_SUBJECT,
    to: 'ended',
    regulation: 'seed 004 ¶13.12, ¶28',
    summary: 'the notification of the end of activity was received',
  },
  suspend: {
    from: ['active'],
    to: 'suspended',
    regulation: 'seed 004 ¶7.3, ¶16.10',
    summary: "the notifying subject's activity was suspended",
  },
  resume: {
    from: ['suspended'],
    to: 'active',
    regulation: 'seed 004 ¶7.3, ¶16.10',
    summary: "the notifying subject's activity was resumed",
  },
  exclude: {
    from: LIVE_SUBJECT,
    to: 'excluded',
    regulation: 'seed 004 ¶7.3, ¶16.10',
    summary: 'the subject was excluded from the register of notifying subjects',
  },
  revoke: { from: LIVE_SUBJECT, to: 'revoked', regulation: 'seed 004 ¶50', summary: 'the notification was annulled' },
};

// ---- checking ---------------------------------------------------------------------------------------

export type RegisterKind = 'permits' | 'notifications';

export interface TransitionFacts {
  /** The entry was restored from paper and not yet converted (¶3.19-3.20). */
  historicalNotConverted?: boolean;
  /** The entry has an end of validity (validUntil). */
  fixedTerm?: boolean;
}

function allowedOps<S extends string>(table: Record<string, Transition<S>>, from: S | 'none'): string[] {
  return Object.entries(table)
    .filter(([, t]) => t.from.includes(from))
    .map(([op]) => op);
}

const GUARD_MESSAGES: Record<TransitionGuard, string> = {
  'historical-not-converted': 'only a permit restored from paper and not yet converted can be converted (seed 004 ¶3.19)',
  'fixed-term': 'only a permit issued for a term can be extended; this one has no end of validity',
};

/**
 * The status an operation leads to from `from`, or DomainError 'CONFLICT' with a clear message (which
 * operations the status does allow). `facts` answer the table's guards.
 */
export function nextStatus<S extends string>(
  register: RegisterKind,
  table: { readonly [op: string]: Transition<S> },
  op: string,
  from: S | 'none',
  facts: TransitionFacts = {},
): S {
  const t = table[op];
  const what = register === 'permits' ? 'permit' : 'notification';
  if (!t)
    throw new DomainError(
      'VALIDATION_FAILED',
      `"${op}" is not an operation of the register of ${register} (known: ${Object.keys(table).join(', ')})`,
      [{ field: 'operation', message: 'unknown operation' }],
    );
  if (!t.from.includes(from)) {
    const allowed = allowedOps(table, from);
    const state = from === 'none' ? `there is no such ${what} in the register` : `the ${what} is ${from}`;
    const hint = allowed.length === 0 ? `a ${from} ${what} allows no further operation` : `allowed from ${from}: ${allowed.join(', ')}`;
    throw new DomainError('CONFLICT', `${op} is not allowed: ${state}; ${hint} (${t.regulation})`, [
      { field: 'operation', message: `${op} not allowed from ${from}` },
    ]);
  }
  if (t.guard === 'historical-not-converted' && !facts.historicalNotConverted)
    throw new DomainError('CONFLICT', `${op} is not allowed: ${GUARD_MESSAGES[t.guard]}`, [{ field: 'operation', message: t.guard }]);
  if (t.guard === 'fixed-term' && !facts.fixedTerm)
    throw new DomainError('CONFLICT', `${op} is not allowed: ${GUARD_MESSAGES[t.guard]}`, [{ field: 'operation', message: t.guard }]);
  if (t.to === 'unchanged') {
    if (from === 'none') throw new Error(`table error: ${op} keeps the status but may start from none`);
    return from;
  }
  return t.to;
}

export function permitNextStatus(op: PermitOperation, from: PermitStatus | 'none', facts?: TransitionFacts): PermitStatus {
  return nextStatus('permits', PERMIT_TRANSITIONS, op, from, facts);
}

export function notificationNextStatus(
  op: NotificationOperation,
  from: NotificationStatus | 'none',
  facts?: TransitionFacts,
): NotificationStatus {
  return nextStatus('notifications', NOTIFICATION_TRANSITIONS, op, from, facts);
}

export function isPermitOperation(s: string): s is PermitOperation {
  return (PERMIT_OPERATIONS as readonly string[]).includes(s);
}
export function isNotificationOperation(s: string): s is NotificationOperation {
  return (NOTIFICATION_OPERATIONS as readonly string[]).includes(s);
}

/** Operations that create an entry (allowed only from 'none'). */
export function isCreatingOperation(register: RegisterKind, op: string): boolean {
  const t = (
    register === 'permits'
      ? (PERMIT_TRANSITIONS as Record<string, Transition<string>>)
      : (NOTIFICATION_TRANSITIONS as Record<string, Transition<string>>)
  )[op];
  return t !== undefined && t.from.length === 1 && t.from[0] === 'none';
}

/** Statuses from which no operation is allowed any more. */
export function isFinalStatus(register: RegisterKind, status: string): boolean {
  const table =
    register === 'permits'
      ? (PERMIT_TRANSITIONS as Record<string, Transition<string>>)
      : (NOTIFICATION_TRANSITIONS as Record<string, Transition<string>>);
  return allowedOps(table, status).length === 0;
}

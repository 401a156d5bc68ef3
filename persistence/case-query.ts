/**
 * The dashboard's query over the application read model, as plain data and pure functions: the filter
 * (service, stage, licensor, SLA states, waiting-on, open/closed, registration or closing period), the
 * two orders (newest registration first; most urgent first) and their keyset cursors. The stores'
 * Prisma queries implement the same semantics; the in-memory store uses these functions directly.
 */
import { z } from 'zod';
import { DomainError } from '../domain/errors';
import type { ApplicationRecord as CaseRecord, CaseFilter, CaseListQuery, CaseSort, PendingActionRecord } from './port';
import { invalidInput } from '../domain/zod-issues';

export type { CaseCount, CaseFilter, CaseListQuery, CaseSort, PendingActionRecord } from './port';

export const DEFAULT_CASE_LIMIT = 50;
export const MAX_CASE_LIMIT = 500;

const date = z.date().refine((d) => !Number.isNaN(d.getTime()), 'must be a valid date');
const CaseFilterSchema = z.object({
  serviceCode: z.string().min(1).max(100).optional(),
  stage: z.string().min(1).max(100).optional(),
  slaStates: z.array(z.string().min(1).max(50)).min(1).max(10).optional(),
  licensorBody: z.string().min(1).max(100).optional(),
  applicantRef: z.string().min(1).max(100).optional(),
  waitingOn: z.string().min(1).max(50).optional(),
  state: z.enum(['open', 'closed']).optional(),
  registeredFrom: date.optional(),
  registeredTo: date.optional(),
  closedFrom: date.optional(),
  closedTo: date.optional(),
});
const CaseListSchema = CaseFilterSchema.extend({
  sort: z.enum(['registered-desc', 'due-asc']).optional(),
  limit: z.number().int().min(1).max(MAX_CASE_LIMIT).optional(),
  cursor: z.string().min(1).max(1000).optional(),
});

const invalid = invalidInput;

export function checkCaseFilter(f: CaseFilter): CaseFilter {
  const r = CaseFilterSchema.safeParse(f ?? {});
  if (!r.success) throw invalid(r.error, 'case filter');
  return r.data;
}

/** The query with its defaults and the decoded cursor position. */
export function checkCaseQuery(q: CaseListQuery): CaseFilter & { sort: CaseSort; limit: number; after: { at: Date; id: string } | null } {
  const r = CaseListSchema.safeParse(q ?? {});
  if (!r.success) throw invalid(r.error, 'case query');
  const sort = r.data.sort ?? 'registered-desc';
  return {
    ...r.data,
    sort,
    limit: r.data.limit ?? DEFAULT_CASE_LIMIT,
    after: r.data.cursor ? decodeCaseCursor(r.data.cursor, sort) : null,
  };
}

/** True when a progress versioned `next` may overwrite a row last written by `stored` (older or unversioned). */
export function isNewerProgress(next: { at: Date; seq: number } | undefined, stored: { at: Date | null; seq: number | null }): boolean {
  if (!next || stored.at === null || stored.seq === null) return true;
  const t = next.at.getTime() - stored.at.getTime();
  return t > 0 || (t === 0 && next.seq > stored.seq);
}

/** Read-model fields derived from a progress: closing moment and the earliest deadline. */
export function derivedOnProgress(
  current: { status: string; dueAt: Date; pendingActions: PendingActionRecord[]; closedAt: Date | null },
  next: { status: string; dueAt: Date; pendingActions: PendingActionRecord[] },
  at: Date,
): { nextDueAt: Date; closedAt: Date | null } {
  return {
    nextDueAt: nextDueOf(next.dueAt, next.pendingActions),
    // The closing moment is the case clock's (the audit event's), so met/missed periods match the case.
    closedAt: current.closedAt ?? (next.status !== 'open' ? at : null),
  };
}

const inRange = (d: Date | null | undefined, from?: Date, to?: Date): boolean => {
  if (from === undefined && to === undefined) return true;
  if (!d) return false;
  return (from === undefined || d.getTime() >= from.getTime()) && (to === undefined || d.getTime() < to.getTime());
};

export function matchesCaseFilter(a: CaseRecord, f: CaseFilter): boolean {
  return (
    (f.serviceCode === undefined || a.serviceCode === f.serviceCode) &&
    (f.stage === undefined || a.stage === f.stage) &&
    (f.slaStates === undefined || f.slaStates.includes(a.slaState)) &&
    (f.licensorBody === undefined || a.licensorBody === f.licensorBody) &&
    (f.applicantRef === undefined || a.applicantRef === f.applicantRef) &&
    (f.waitingOn === undefined || a.waitingOn === f.waitingOn) &&
    (f.state === undefined || (f.state === 'open') === (a.status === 'open')) &&
    inRange(a.registeredAt, f.registeredFrom, f.registeredTo) &&
    (f.closedFrom === undefined && f.closedTo === undefined ? true : inRange(a.closedAt, f.closedFrom, f.closedTo))
  );
}

/** The moment a case is sorted by in 'due-asc'. */
export function urgencyOf(a: CaseRecord): Date {
  return a.nextDueAt;
}

interface Position {
  at: Date;
  id: string;
}

function positionOf(a: CaseRecord, sort: CaseSort): Position {
  return { at: sort === 'due-asc' ? urgencyOf(a) : a.registeredAt, id: a.id };
}

/** Negative when a comes first. Ties broken by id (ascending for due-asc, descending for registered-desc). */
export function compareCases(a: CaseRecord, b: CaseRecord, sort: CaseSort): number {
  return comparePositions(positionOf(a, sort), positionOf(b, sort), sort);
}

function comparePositions(a: Position, b: Position, sort: CaseSort): number {
  const t = a.at.getTime() - b.at.getTime();
  const idCmp = a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  return sort === 'due-asc' ? t || idCmp : -t || -idCmp;
}

export function positionAfter(a: CaseRecord, cursor: Position, sort: CaseSort): boolean {
  return comparePositions(positionOf(a, sort), cursor, sort) > 0;
}

/** `<sort>.<epoch ms>.<id as base64url>`: every string of this shape is a position (api/schemas.ts ZCaseCursor). */
export const CASE_CURSOR_PATTERN = /^(registered-desc|due-asc)\.([0-9]{1,15})\.([A-Za-z0-9_-]{1,400})$/;

export function encodeCaseCursor(a: CaseRecord, sort: CaseSort): string {
  const p = positionOf(a, sort);
  return `${sort}.${p.at.getTime()}.${Buffer.from(p.id, 'utf8').toString('base64url')}`;
}

export function decodeCaseCursor(cursor: string, sort: CaseSort): Position {
  const m = CASE_CURSOR_PATTERN.exec(cursor);
  if (!m?.[1] || !m[2] || !m[3]) {
    throw new DomainError('VALIDATION_FAILED', 'cursor is not one this list returned', [
      { field: 'query.cursor', message: 'not a cursor' },
    ]);
  }
  if (m[1] !== sort) {
    throw new DomainError('INCONSISTENT_REQUEST', `the cursor belongs to sort ${m[1]}, not ${sort}`, [
      { field: 'query.cursor', message: `it belongs to sort ${m[1]}, not ${sort}` },
    ]);
  }
  return { at: new Date(Number(m[2])), id: Buffer.from(m[3], 'base64url').toString('utf8') };
}

export function pageCases<T extends CaseRecord>(rows: T[], limit: number, sort: CaseSort): { items: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { items, nextCursor: more && last ? encodeCaseCursor(last, sort) : null };
}

/** The earliest deadline the case waits for (see CaseExtras.nextDueAt). */
export function nextDueOf(dueAt: Date, pending: PendingActionRecord[] | null | undefined): Date {
  let next = dueAt;
  for (const p of pending ?? []) {
    if (!p.dueAt) continue;
    const d = new Date(p.dueAt);
    if (!Number.isNaN(d.getTime()) && d.getTime() < next.getTime()) next = d;
  }
  return next;
}

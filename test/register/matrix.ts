/**
 * The transition matrix, run against a real RegisterService over any RegisterStore: every cell of
 * (status or 'none') × operation of both registers. The expected grid is written out below by hand from
 * seed 004 (¶6, ¶7, ¶16) and checked against the tables first, so a change to a table must change this
 * grid too. Allowed cells: the new status, one new history row, a signed notice, one cabinet message.
 * Forbidden cells: CONFLICT (NOT_FOUND when the entry does not exist), and nothing changed.
 */
import { isDomainError } from '../../domain/errors';
import {
  NOTIFICATION_OPERATIONS,
  NOTIFICATION_STATUSES,
  NOTIFICATION_TRANSITIONS,
  PERMIT_OPERATIONS,
  PERMIT_STATUSES,
  PERMIT_TRANSITIONS,
  type RegisterKind,
} from '../../register/transitions';
import { kzMoment } from '../../domain/calendar';
import type { RegisterStore } from '../../register/store';
import { BIN, createHarness, permitRequest, STAFF, uniqueKey, type RegisterHarness } from './helpers';

/** '·' forbidden; otherwise the status the operation leads to ('=' keeps it). Columns: none + statuses. */
const PERMIT_GRID: Record<string, string[]> = {
  //                       none       active        suspended     re-issued revoked terminated deprived
  issue: /*             */ ['active', '·', '·', '·', '·', '·', '·'],
  'enter-external-result': ['active', '·', '·', '·', '·', '·', '·'],
  'restore-historical': /**/ ['active', '·', '·', '·', '·', '·', '·'],
  'convert-historical': /**/ ['·', '=', '=', '·', '·', '·', '·'],
  reissue: /*           */ ['·', 're-issued', '·', '·', '·', '·', '·'],
  suspend: /*           */ ['·', 'suspended', '·', '·', '·', '·', '·'],
  resume: /*            */ ['·', '·', 'active', '·', '·', '·', '·'],
  extend: /*            */ ['·', '=', '·', '·', '·', '·', '·'],
  revoke: /*            */ ['·', 'revoked', 'revoked', '·', '·', '·', '·'],
  terminate: /*         */ ['·', 'terminated', 'terminated', '·', '·', '·', '·'],
  deprive: /*           */ ['·', 'deprived', 'deprived', '·', '·', '·', '·'],
  duplicate: /*         */ ['·', '=', '=', '·', '·', '·', '·'],
  'correct-data': /*    */ ['·', '=', '=', '·', '·', '·', '·'],
};

const NOTIFICATION_GRID: Record<string, string[]> = {
  //                    none      active      suspended  ended excluded revoked
  'file-start': /*   */ ['active', '·', '·', '·', '·', '·'],
  'restore-historical': ['active', '·', '·', '·', '·', '·'],
  'change-data': /*  */ ['·', '=', '=', '·', '·', '·'],
  'file-end': /*     */ ['·', 'ended', 'ended', '·', '·', '·'],
  suspend: /*        */ ['·', 'suspended', '·', '·', '·', '·'],
  resume: /*         */ ['·', '·', 'active', '·', '·', '·'],
  exclude: /*        */ ['·', 'excluded', 'excluded', '·', '·', '·'],
  revoke: /*         */ ['·', 'revoked', 'revoked', '·', '·', '·'],
};

export function gridFromTable(
  table: Record<string, { from: readonly string[]; to: string }>,
  statuses: readonly string[],
): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(table).map(([op, t]) => [
      op,
      ['none', ...statuses].map((s) => (t.from.includes(s) ? (t.to === 'unchanged' ? '=' : t.to) : '·')),
    ]),
  );
}

export interface Cell {
  register: RegisterKind;
  from: string;
  op: string;
  expected: string;
}

export function cells(): Cell[] {
  const out: Cell[] = [];
  const add = (register: RegisterKind, grid: Record<string, string[]>, statuses: readonly string[]): void => {
    for (const [op, row] of Object.entries(grid))
      ['none', ...statuses].forEach((from, i) => out.push({ register, from, op, expected: row[i] as string }));
  };
  add('permits', PERMIT_GRID, PERMIT_STATUSES);
  add('notifications', NOTIFICATION_GRID, NOTIFICATION_STATUSES);
  return out;
}

/** Builds an entry in `status`: restored from paper with a term, so that every guard of the table holds. */
async function entryIn(h: RegisterHarness, store: RegisterStore, register: RegisterKind, status: string): Promise<string> {
  const base =
    register === 'permits'
      ? permitRequest({ operation: 'restore-historical', number: `P-${uniqueKey('paper')}`, validUntil: kzMoment('2027-03-01', '18:30') })
      : permitRequest({
          register: 'notifications',
          operation: 'file-start',
          category: null,
          serviceCode: 'notification-retail-alcohol',
          activity: 'Retail sale of alcoholic beverages',
        });
  const created = await h.service.enter(base, STAFF);
  const ancn = created.entry.ancn;
  const step = async (op: string): Promise<void> => {
    await h.service.apply(ancn, op, { reason: `bring to ${status}`, idempotencyKey: uniqueKey(op) }, STAFF);
  };
  switch (status) {
    case 'active':
      break;
    case 'suspended':
      await step('suspend');
      break;
    case 're-issued': {
      const next = await store.allocateAncn('PRM');
      await h.service.enter(
        permitRequest({ operation: 'issue', ancn: next, previousAncn: ancn, idempotencyKey: uniqueKey('reissue') }),
        STAFF,
      );
      break;
    }
    case 'revoked':
    case 'terminated':
    case 'deprived':
    case 'excluded':
    case 'ended':
      await step({ revoked: 'revoke', terminated: 'terminate', deprived: 'deprive', excluded: 'exclude', ended: 'file-end' }[status]);
      break;
    default:
      throw new Error(`no path to ${status}`);
  }
  const e = await store.getEntry(ancn);
  if (e?.status !== status) throw new Error(`set-up failed: ${ancn} is ${e?.status}, wanted ${status}`);
  return ancn;
}

/** Runs one cell; returns what happened in the grid's words ('=' / status / '·'). */
async function runCell(h: RegisterHarness, store: RegisterStore, c: Cell): Promise<string> {
  const creating = ['issue', 'enter-external-result', 'restore-historical', 'file-start'].includes(c.op);
  if (c.from === 'none') {
    if (creating) {
      const req =
        c.register === 'permits'
          ? permitRequest({
              operation: c.op as 'issue',
              ...(c.op === 'issue' ? { ancn: await store.allocateAncn('PRM') } : {}),
              ...(c.op === 'restore-historical' ? { number: 'P-77' } : {}),
            })
          : permitRequest({
              register: 'notifications',
              operation: c.op as 'file-start',
              category: null,
              serviceCode: 'notification-retail-alcohol',
            });
      const r = await h.service.enter(req, STAFF);
      expectOneHistoryRow((await store.listHistory(r.entry.ancn)).length, 1);
      return r.entry.status;
    }
    // an operation on an entry that is not there: NOT_FOUND, nothing written
    const ghost = await store.allocateAncn(c.register === 'permits' ? 'PRM' : 'NTF');
    try {
      await h.service.apply(ghost, c.op, opInput(c.op), STAFF);
    } catch (e) {
      if (isDomainError(e) && e.code === 'NOT_FOUND') return '·';
      throw e;
    }
    throw new Error(`${c.op} on a missing entry succeeded`);
  }

  const ancn = await entryIn(h, store, c.register, c.from);
  const before = await store.getEntry(ancn);
  const historyBefore = await store.listHistory(ancn);
  const messagesBefore = (await h.cabinet.list(BIN)).length;
  try {
    if (c.op === 'reissue') {
      const next = await store.allocateAncn('PRM');
      await h.service.enter(permitRequest({ operation: 'issue', ancn: next, previousAncn: ancn }), STAFF);
    } else {
      await h.service.apply(ancn, c.op, opInput(c.op), STAFF);
    }
  } catch (e) {
    if (!isDomainError(e) || e.code !== 'CONFLICT') throw e;
    // refused: nothing changed — same entry, same history, no message to the holder
    expectSame(await store.getEntry(ancn), before);
    expectOneHistoryRow((await store.listHistory(ancn)).length, historyBefore.length);
    expectOneHistoryRow((await h.cabinet.list(BIN)).length, messagesBefore);
    if (!/not allowed/.test(e.message)) throw new Error(`unclear refusal: ${e.message}`);
    return '·';
  }
  const after = await store.getEntry(ancn);
  const history = await store.listHistory(ancn);
  expectOneHistoryRow(history.length, historyBefore.length + 1);
  const last = history[history.length - 1];
  if (!last || last.operation !== c.op || last.fromStatus !== c.from || last.toStatus !== after?.status)
    throw new Error(`history row does not record ${c.op}: ${JSON.stringify(last)}`);
  if (!(await store.getDocument(last.documentAncn))) throw new Error('no notice stored for the history row');
  expectOneHistoryRow((await h.cabinet.list(BIN)).length, messagesBefore + 1);
  return after?.status === c.from ? '=' : (after?.status ?? '?');
}

function opInput(op: string): { reason: string; idempotencyKey: string; validUntil?: Date; corrections?: { activity: string } } {
  return {
    reason: `matrix: ${op}`,
    idempotencyKey: uniqueKey(op),
    ...(op === 'extend' ? { validUntil: kzMoment('2027-12-30', '18:30') } : {}),
    ...(op === 'correct-data' || op === 'change-data' ? { corrections: { activity: 'Corrected activity text' } } : {}),
  };
}

function expectSame(a: unknown, b: unknown): void {
  if (JSON.stringify(a) !== JSON.stringify(b))
    throw new Error(`entry changed by a refused operation:\n${JSON.stringify(b)}\n→ ${JSON.stringify(a)}`);
}
function expectOneHistoryRow(actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`expected ${expected} rows/messages, found ${actual}`);
}

export function describeTransitionMatrix(name: string, open: () => Promise<{ store: RegisterStore; close?: () => Promise<void> }>): void {
  describe(`transition matrix (${name})`, () => {
    let h: RegisterHarness;
    let store: RegisterStore;
    let close: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      ({ store, close } = await open());
      h = await createHarness(store);
    });
    afterAll(async () => {
      h.cleanup();
      await close?.();
    });

    it('the hand-written grids match the tables of register/transitions.ts (seed 004 ¶6, ¶7, ¶16)', () => {
      expect(gridFromTable(PERMIT_TRANSITIONS, PERMIT_STATUSES)).toEqual(PERMIT_GRID);
      expect(gridFromTable(NOTIFICATION_TRANSITIONS, NOTIFICATION_STATUSES)).toEqual(NOTIFICATION_GRID);
      expect(Object.keys(PERMIT_GRID).sort()).toEqual([...PERMIT_OPERATIONS].sort());
      expect(Object.keys(NOTIFICATION_GRID).sort()).toEqual([...NOTIFICATION_OPERATIONS].sort());
    });

    it.each(cells().map((c) => [`${c.register}: ${c.op} from ${c.from} → ${c.expected === '·' ? 'refused' : c.expected}`, c] as const))(
      '%s',
      async (_title, c) => {
        expect(await runCell(h, store, c)).toBe(c.expected);
      },
    );
  });
}

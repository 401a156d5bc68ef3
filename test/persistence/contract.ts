/**
 * The ApplicationStore contract, run against every implementation (in-memory, SQLite, PostgreSQL):
 * what callers rely on, including the bad-input and concurrency cases.
 */
import { formatAncn, parseAncn } from '../../domain/ancn';
import { DomainError, type ErrorCode } from '../../domain/errors';
import type { ApplicationStore, NewApplication } from '../../persistence/port';

export interface StoreUnderTest {
  store: ApplicationStore;
  /** Test-only: put a sequence at a given last number (to reach the 8-digit limit). */
  setSequence(documentType: string, last: number): Promise<void>;
  /** A second store on the same database (another process's connection pool), if the kind has one. */
  second?(): Promise<ApplicationStore>;
  cleanup(): Promise<void>;
}

export const timings: Record<string, number> = {};

let counter = 0;
export function newApplication(overrides: Partial<NewApplication> = {}): NewApplication {
  counter += 1;
  const n = counter;
  return {
    id: `sme-registration-${n}`,
    serviceCode: 'sme-registration',
    workflowId: `sme-registration-${n}`,
    ancn: formatAncn('APP', n),
    applicantRef: `iin:9001011234${n % 10}`,
    licensorBody: 'state-corporation',
    submittedAt: new Date('2025-03-20T10:15:00.123+05:00'),
    registeredAt: new Date('2025-03-20T10:15:00.123+05:00'),
    dueAt: new Date('2025-03-20T11:15:00.123+05:00'),
    calendarVersion: 'kz-2025.1',
    ...overrides,
  };
}

async function refusal(p: Promise<unknown>, code: ErrorCode): Promise<DomainError> {
  let error: unknown = null;
  try {
    await p;
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}

export function describeStoreContract(kind: string, open: () => Promise<StoreUnderTest>, options: { sharedDatabase?: boolean } = {}): void {
  describe(`ApplicationStore contract: ${kind}`, () => {
    let t: StoreUnderTest;
    let store: ApplicationStore;
    beforeEach(async () => {
      t = await open();
      store = t.store;
    });
    afterEach(async () => {
      await t.cleanup();
    });

    describe('applications', () => {
      it('creates an application with stage/status/SLA defaults and reads it back exactly (ms precision)', async () => {
        const input = newApplication();
        const created = await store.createApplication(input);
        expect(created).toMatchObject({ ...input, stage: 'registered', status: 'open', slaState: 'on-track', resultDocumentAncn: null });
        expect(created.updatedAt).toBeInstanceOf(Date);
        const read = await store.getApplication(input.id);
        expect(read).toEqual(created);
        expect(read?.registeredAt.toISOString()).toBe('2025-03-20T05:15:00.123Z');
        expect(await store.getApplication('no-such-application')).toBeNull();
      });

      it('normalises the application ANCN and refuses a bad one, writing nothing', async () => {
        const ok = newApplication();
        const printed = `${ok.ancn.slice(0, 4)} ${ok.ancn.slice(4, 7)} ${ok.ancn.slice(7, 11)} ${ok.ancn.slice(11)}`.toLowerCase();
        expect((await store.createApplication({ ...ok, ancn: printed })).ancn).toBe(ok.ancn);

        const bad = newApplication();
        const wrongCheck = `KZ${bad.ancn.slice(2, 4) === '99' ? '98' : '99'}${bad.ancn.slice(4)}`;
        const e = await refusal(store.createApplication({ ...bad, ancn: wrongCheck }), 'VALIDATION_FAILED');
        expect(e.details[0]?.field).toBe('ancn');
        expect(e.message).toMatch(/check digits/);
        expect(await store.getApplication(bad.id)).toBeNull();
      });

      it('refuses an unknown service code and an invalid date, writing nothing', async () => {
        const a = newApplication();
        const e1 = await refusal(store.createApplication({ ...a, serviceCode: 'no-such-service' }), 'VALIDATION_FAILED');
        expect(e1.details[0]?.field).toBe('serviceCode');
        const e2 = await refusal(store.createApplication({ ...a, dueAt: new Date('not a date') }), 'VALIDATION_FAILED');
        expect(e2.details[0]?.field).toBe('dueAt');
        expect((await store.listApplications({})).items).toEqual([]);
      });

      it('refuses a second application with the same id, workflow id or ANCN (CONFLICT) and keeps the first', async () => {
        const a = newApplication();
        await store.createApplication(a);
        await refusal(store.createApplication({ ...newApplication(), id: a.id }), 'CONFLICT');
        await refusal(store.createApplication({ ...newApplication(), workflowId: a.workflowId }), 'CONFLICT');
        await refusal(store.createApplication({ ...newApplication(), ancn: a.ancn }), 'CONFLICT');
        expect((await store.listApplications({})).items.map((x) => x.id)).toEqual([a.id]);
      });

      it('lists newest registration first, filters, and pages with a cursor through every row once', async () => {
        const base = Date.parse('2025-04-01T09:00:00Z');
        const made: string[] = [];
        for (let i = 0; i < 7; i += 1) {
          // Two pairs share a registration moment: the id breaks the tie.
          const at = new Date(base + Math.floor(i / 2) * 60_000);
          const a = newApplication({
            registeredAt: at,
            submittedAt: at,
            ...(i % 3 === 0 ? { serviceCode: 'flag-emblem-license', licensorBody: 'ctrm' } : {}),
          });
          await store.createApplication(a);
          made.push(a.id);
        }
        await store.updateApplication(made[1]!, { stage: 'review', slaState: 'at-risk' });

        const seen: string[] = [];
        let cursor: string | undefined;
        for (let pageNo = 0; pageNo < 10; pageNo += 1) {
          const res = await store.listApplications({ limit: 3, ...(cursor ? { cursor } : {}) });
          seen.push(...res.items.map((x) => x.id));
          if (!res.nextCursor) break;
          cursor = res.nextCursor;
        }
        const all = await store.listApplications({ limit: 100 });
        expect(seen).toEqual(all.items.map((x) => x.id));
        expect(new Set(seen).size).toBe(7);
        const times = all.items.map((x) => x.registeredAt.getTime());
        expect([...times].sort((a, b) => b - a)).toEqual(times);
        expect(all.nextCursor).toBeNull();

        expect((await store.listApplications({ serviceCode: 'flag-emblem-license' })).items.map((x) => x.id).sort()).toEqual(
          [made[0], made[3], made[6]].sort(),
        );
        expect((await store.listApplications({ licensorBody: 'ctrm', stage: 'registered' })).items).toHaveLength(3);
        expect((await store.listApplications({ stage: 'review', slaState: 'at-risk' })).items.map((x) => x.id)).toEqual([made[1]]);
      });

      it('refuses a forged cursor and an out-of-range limit', async () => {
        await refusal(store.listApplications({ cursor: 'not-a-cursor' }), 'VALIDATION_FAILED');
        await refusal(store.listApplications({ limit: 0 }), 'VALIDATION_FAILED');
        await refusal(store.listApplications({ limit: 100_000 }), 'VALIDATION_FAILED');
      });
    });

    describe('progress and audit trail', () => {
      it('updates progress and records its audit event together; a retried event (same key) is recorded once', async () => {
        const a = await store.createApplication(newApplication());
        const doc = formatAncn('PRM', 1);
        const audit = {
          actor: 'staff:ctrm:aliya',
          action: 'decision-recorded',
          at: new Date('2025-03-21T04:00:00.500Z'),
          details: { decision: 'issue', nested: { n: 1 } },
          signatureRef: doc,
          idempotencyKey: `${a.workflowId}:decision`,
        };
        await store.updateApplication(a.id, { stage: 'issued', status: 'issued', resultDocumentAncn: doc, slaState: 'met' }, audit);
        await store.updateApplication(a.id, { stage: 'issued', status: 'issued', resultDocumentAncn: doc, slaState: 'met' }, audit);

        const read = await store.getApplication(a.id);
        expect(read).toMatchObject({ stage: 'issued', status: 'issued', slaState: 'met', resultDocumentAncn: doc });
        expect(read!.updatedAt.getTime()).toBeGreaterThanOrEqual(a.updatedAt.getTime());
        const events = await store.listAudit(a.id);
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({
          applicationId: a.id,
          actor: audit.actor,
          action: audit.action,
          at: audit.at,
          details: audit.details,
          signatureRef: doc,
          idempotencyKey: audit.idempotencyKey,
        });
        expect(typeof events[0]!.id).toBe('string');
      });

      it('stamps each application row when its progress lands, for many ids in one read (the status long poll)', async () => {
        if (!store.progressStamps) throw new Error('the store has no progressStamps');
        const a = await store.createApplication(newApplication());
        const b = await store.createApplication(newApplication());
        const before = await store.progressStamps([a.id, b.id, 'no-such-application']);
        expect([...before.keys()].sort()).toEqual([a.id, b.id].sort());
        await new Promise((r) => setTimeout(r, 5)); // a new millisecond for the stores that stamp with the clock
        await store.updateApplication(a.id, { stage: 'review' });
        const after = await store.progressStamps([a.id, b.id]);
        expect(after.get(a.id)).not.toBe(before.get(a.id));
        expect(after.get(b.id)).toBe(before.get(b.id));
        expect((await store.progressStamps([])).size).toBe(0);
      });

      it('moves a case to another body when the progress names one (a forwarded complaint leaves one inbox for the other)', async () => {
        const a = await store.createApplication({ ...newApplication(), licensorBody: 'ctrm' });
        await store.updateApplication(a.id, { stage: 'review' });
        expect((await store.getApplication(a.id))?.licensorBody).toBe('ctrm');
        await store.updateApplication(a.id, { stage: 'review', licensorBody: 'mti' });
        expect((await store.getApplication(a.id))?.licensorBody).toBe('mti');
        expect((await store.listApplications({ licensorBody: 'ctrm' })).items.map((x) => x.id)).not.toContain(a.id);
        expect((await store.listApplications({ licensorBody: 'mti' })).items.map((x) => x.id)).toContain(a.id);
      });

      it("filters the dashboard query by the applicant's IIN/BIN (the cabinet's complaints)", async () => {
        const a = await store.createApplication({ ...newApplication(), applicantRef: '900101300111' });
        const b = await store.createApplication({ ...newApplication(), applicantRef: '900101300222' });
        const mine = await store.queryApplications({ applicantRef: '900101300111' });
        expect(mine.items.map((x) => x.id)).toContain(a.id);
        expect(mine.items.map((x) => x.id)).not.toContain(b.id);
        expect(mine.items.every((x) => x.applicantRef === '900101300111')).toBe(true);
      });

      it('changes nothing when the audit event cannot be stored (one transaction)', async () => {
        const a = await store.createApplication(newApplication());
        // A circular structure cannot be stored as JSON: the audit row fails after the progress update was issued.
        const circular: Record<string, unknown> = { step: 'review' };
        circular.self = circular;
        await expect(
          store.updateApplication(
            a.id,
            { stage: 'review' },
            { actor: 'system', action: 'stage-entered', at: new Date(), details: circular },
          ),
        ).rejects.toThrow();
        expect((await store.getApplication(a.id))?.stage).toBe('registered');
        expect(await store.listAudit(a.id)).toEqual([]);
      });

      it('refuses progress for an unknown application and bad progress, writing nothing', async () => {
        await refusal(
          store.updateApplication('nope', { stage: 'review' }, { actor: 'system', action: 'stage-entered', at: new Date() }),
          'UNKNOWN_APPLICATION',
        );
        expect(await store.listAudit('nope')).toEqual([]);
        const a = await store.createApplication(newApplication());
        const e = await refusal(
          store.updateApplication(
            a.id,
            { stage: 'issued', resultDocumentAncn: 'KZ00PRM00000001' },
            { actor: 'system', action: 'x', at: new Date() },
          ),
          'VALIDATION_FAILED',
        );
        expect(e.details[0]?.field).toBe('resultDocumentAncn');
        expect((await store.getApplication(a.id))?.stage).toBe('registered');
        expect(await store.listAudit(a.id)).toEqual([]);
      });

      it('appends audit events in time order, idempotently by key, and refuses an unknown application', async () => {
        const a = await store.createApplication(newApplication());
        await store.appendAudit({
          applicationId: a.id,
          actor: 'system',
          action: 'second',
          at: new Date('2025-03-21T05:00:00Z'),
          idempotencyKey: 'k2',
        });
        await store.appendAudit({ applicationId: a.id, actor: 'system', action: 'first', at: new Date('2025-03-21T04:00:00Z') });
        await store.appendAudit({
          applicationId: a.id,
          actor: 'system',
          action: 'second',
          at: new Date('2025-03-21T05:00:00Z'),
          idempotencyKey: 'k2',
        });
        await store.appendAudit({
          applicationId: a.id,
          actor: 'payment-gateway',
          action: 'same-moment',
          at: new Date('2025-03-21T05:00:00Z'),
        });
        const events = await store.listAudit(a.id);
        expect(events.map((e) => e.action)).toEqual(['first', 'second', 'same-moment']);
        expect(events[0]).toEqual({
          id: events[0]!.id,
          applicationId: a.id,
          actor: 'system',
          action: 'first',
          at: new Date('2025-03-21T04:00:00Z'),
          signatureRef: null,
        });
        await refusal(store.appendAudit({ applicationId: 'nope', actor: 'system', action: 'x', at: new Date() }), 'UNKNOWN_APPLICATION');
        await refusal(store.appendAudit({ applicationId: a.id, actor: '', action: 'x', at: new Date() }), 'VALIDATION_FAILED');
        expect(await store.listAudit(a.id)).toHaveLength(3);
      });
    });

    describe('documents', () => {
      it('stores signed documents, finds them by ANCN and by idempotency key, lists them without XML', async () => {
        const a = await store.createApplication(newApplication());
        const n1 = formatAncn('NTF', 1);
        const n2 = formatAncn('PRM', 1);
        await store.saveDocument({
          ancn: n2,
          applicationId: a.id,
          kind: 'license',
          xml: '<doc n="2"/>',
          issuedAt: new Date('2025-03-22T04:00:00Z'),
          idempotencyKey: `${a.id}:license`,
        });
        await store.saveDocument({
          ancn: n1,
          applicationId: a.id,
          kind: 'registration-notification',
          xml: '<doc n="1"/>',
          issuedAt: new Date('2025-03-21T04:00:00Z'),
        });
        expect(await store.getDocument(n2)).toEqual({
          ancn: n2,
          applicationId: a.id,
          kind: 'license',
          xml: '<doc n="2"/>',
          issuedAt: new Date('2025-03-22T04:00:00Z'),
          idempotencyKey: `${a.id}:license`,
        });
        expect((await store.getDocumentByIdempotencyKey(`${a.id}:license`))?.ancn).toBe(n2);
        expect(await store.getDocumentByIdempotencyKey('missing')).toBeNull();
        expect(await store.getDocument(formatAncn('PRM', 2))).toBeNull();
        const listed = await store.listDocuments(a.id);
        expect(listed.map((d) => d.ancn)).toEqual([n1, n2]);
        expect(listed[0]).not.toHaveProperty('xml');
      });

      it('keeps the first document for an ANCN; another ANCN under a used key is a CONFLICT', async () => {
        const a = await store.createApplication(newApplication());
        const n = formatAncn('RFS', 1);
        await store.saveDocument({
          ancn: n,
          applicationId: a.id,
          kind: 'reasoned-refusal',
          xml: '<first/>',
          issuedAt: new Date(),
          idempotencyKey: 'key-1',
        });
        await store.saveDocument({
          ancn: n,
          applicationId: a.id,
          kind: 'reasoned-refusal',
          xml: '<second/>',
          issuedAt: new Date(),
          idempotencyKey: 'key-1',
        });
        expect((await store.getDocument(n))?.xml).toBe('<first/>');
        await refusal(
          store.saveDocument({
            ancn: formatAncn('RFS', 2),
            applicationId: a.id,
            kind: 'reasoned-refusal',
            xml: '<x/>',
            issuedAt: new Date(),
            idempotencyKey: 'key-1',
          }),
          'CONFLICT',
        );
        expect(await store.getDocument(formatAncn('RFS', 2))).toBeNull();
      });

      it('refuses a document for an unknown application or with a bad ANCN', async () => {
        await refusal(
          store.saveDocument({ ancn: formatAncn('NTC', 1), applicationId: 'nope', kind: 'k', xml: '<x/>', issuedAt: new Date() }),
          'UNKNOWN_APPLICATION',
        );
        const a = await store.createApplication(newApplication());
        await refusal(
          store.saveDocument({ ancn: 'KZ03ABC0000000l', applicationId: a.id, kind: 'k', xml: '<x/>', issuedAt: new Date() }),
          'VALIDATION_FAILED',
        );
        expect(await store.listDocuments(a.id)).toEqual([]);
      });
    });

    describe('API idempotency keys', () => {
      it('stores a key once per principal; a second put reports false and keeps the first', async () => {
        const rec = {
          principal: 'portal:egov',
          key: 'k-1',
          requestHash: 'h1',
          responseStatus: 201,
          responseBody: '{"id":"a"}',
          createdAt: new Date('2025-03-20T05:00:00Z'),
        };
        expect(await store.putIdempotency(rec)).toBe(true);
        expect(await store.putIdempotency({ ...rec, requestHash: 'h2', responseBody: '{}' })).toBe(false);
        expect(await store.getIdempotency('portal:egov', 'k-1')).toEqual(rec);
        expect(await store.getIdempotency('portal:other', 'k-1')).toBeNull();
        expect(await store.putIdempotency({ ...rec, principal: 'portal:other' })).toBe(true);
        await refusal(store.putIdempotency({ ...rec, key: 'k-2', responseStatus: 42 }), 'VALIDATION_FAILED');
        expect(await store.getIdempotency('portal:egov', 'k-2')).toBeNull();
      });
    });

    describe('ANCN sequences (seed 004 appendix)', () => {
      it('numbers each document type from 1 without gaps, independently per type', async () => {
        expect(await store.nextAncnSequence('APP')).toBe(1);
        expect(await store.nextAncnSequence('APP')).toBe(2);
        expect(await store.nextAncnSequence('PRM')).toBe(1);
        const ancn = await store.allocateAncn('APP');
        expect(ancn).toBe(formatAncn('APP', 3));
        expect(parseAncn(ancn)).toMatchObject({ typeCode: 'APP', sequence: 3 });
      });

      it('refuses a type code that is not three Latin letters other than I and O, allocating nothing', async () => {
        await refusal(store.nextAncnSequence('ABI'), 'INVALID_ANCN');
        await refusal(store.allocateAncn('app'), 'INVALID_ANCN');
        await refusal(store.nextAncnSequence('ÀPP'), 'INVALID_ANCN');
        expect(await store.nextAncnSequence('ABC')).toBe(1);
      });

      it('stops at 99,999,999 (8 digits) with a clear error and does not move the sequence', async () => {
        await t.setSequence('NTF', 99_999_998);
        expect(await store.allocateAncn('NTF')).toBe(formatAncn('NTF', 99_999_999));
        const e = await refusal(store.nextAncnSequence('NTF'), 'CONFLICT');
        expect(e.message).toMatch(/exhausted/);
        await refusal(store.nextAncnSequence('NTF'), 'CONFLICT');
        expect(await store.nextAncnSequence('NTC')).toBe(1);
      });

      it('gives 1,000 concurrent allocations 1,000 distinct numbers with no gaps', async () => {
        const started = performance.now();
        const got = await Promise.all(Array.from({ length: 1000 }, () => store.nextAncnSequence('NTC')));
        const ms = performance.now() - started;
        timings[`${kind}: 1000 concurrent allocations`] = ms;
        console.log(`[measure] ${kind}: 1,000 concurrent ANCN allocations took ${ms.toFixed(0)} ms`);
        expect([...got].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
        expect(await store.nextAncnSequence('NTC')).toBe(1001);
      });

      // In memory there is no second connection to the same data: the case exists only for databases.
      if (options.sharedDatabase)
        it('stays gap-free when two stores (two connection pools) allocate at once', async () => {
          if (!t.second) throw new Error('harness has no second store');
          const other = await t.second();
          try {
            const started = performance.now();
            const [a, b] = await Promise.all([
              Promise.all(Array.from({ length: 500 }, () => store.allocateAncn('REQ'))),
              Promise.all(Array.from({ length: 500 }, () => other.allocateAncn('REQ'))),
            ]);
            console.log(
              `[measure] ${kind}: 2 × 500 concurrent allocations from two stores took ${(performance.now() - started).toFixed(0)} ms`,
            );
            const numbers = [...a, ...b].map((x) => parseAncn(x).sequence).sort((x, y) => x - y);
            expect(numbers).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
          } finally {
            await other.close();
          }
        });
    });

    describe('counter SLA breaches (seed 001 ¶9(2), ¶12(2); seed 002 ¶4(2))', () => {
      const breach = (subjectId: string, kind: 'waiting' | 'service' | 'hand-over', at: string, serviceCode: string | null = null) => ({
        subjectId,
        kind,
        branchId: 'astana-yesil',
        serviceCode,
        limitMinutes: 20,
        regulation: 'seed 001 ¶9(2)',
        dueAt: new Date(new Date(at).getTime() - 60_000),
        recordedAt: new Date(at),
        cause: 'the operator has not entered the application',
      });
      it('keeps each breach once per subject and kind, counts them by branch × kind × service, newest first, in a period', async () => {
        const first = breach('visit-1', 'waiting', '2026-03-02T10:20:00+05:00');
        await store.recordCounterBreach(first);
        await store.recordCounterBreach({ ...first, cause: 'a retry' }); // idempotent
        await store.recordCounterBreach(breach('visit-1', 'service', '2026-03-02T10:45:00+05:00', 'mne-import-export-license'));
        await store.recordCounterBreach(breach('case-1', 'hand-over', '2026-03-20T12:00:00+05:00', 'mne-import-export-license'));
        const all = await store.counterBreaches({});
        expect(all.counts.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
          { branchId: 'astana-yesil', kind: 'hand-over', serviceCode: 'mne-import-export-license', count: 1 },
          { branchId: 'astana-yesil', kind: 'service', serviceCode: 'mne-import-export-license', count: 1 },
          { branchId: 'astana-yesil', kind: 'waiting', serviceCode: null, count: 1 },
        ]);
        expect(all.recent.map((b) => b.kind)).toEqual(['hand-over', 'service', 'waiting']);
        expect(all.recent[2]).toEqual(first);
        const march2 = await store.counterBreaches({
          from: new Date('2026-03-02T00:00:00+05:00'),
          to: new Date('2026-03-03T00:00:00+05:00'),
          limit: 1,
        });
        expect(march2.counts.reduce((n, c) => n + c.count, 0)).toBe(2);
        expect(march2.recent.map((b) => b.kind)).toEqual(['service']);
      });
    });

    it('answers the readiness probe', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}

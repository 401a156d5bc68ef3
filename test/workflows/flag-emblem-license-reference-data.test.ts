/**
 * Law set by decree reaches the Flag/Emblem case as reference data (workflows/shared/reference-data.ts):
 * across 31 December 2026 → 1 January 2027, with no 2027 MRP published, a case waits at the fee with the
 * reason on its status, escalates, and goes on once the value is published — it never crashes.
 */
import { timeSkippingSuite, runSettled, taskQueueFor } from '../helpers/temporal';
import { finalDecisionUpdate, siteInspectionUpdate, withdrawUpdate } from '../../services/flag-emblem/license-workflow';
import { REFERENCE_DATA_RECHECK_MS, referenceDataPublishedSignal } from '../../workflows/shared/reference-data';
import { SEARCH_ATTRIBUTES } from '../../workflows/shared/case';
import { kzYear, mrpOn } from '../../domain/fees';
import {
  APPLICANT,
  approveChain,
  atStage,
  auditActions,
  conforming,
  createHarness,
  CTRM_STAFF,
  pay,
  status,
  toSiteInspection,
  waitFor,
  type Harness,
  submitLicense,
} from './flag-emblem-license.fixtures';

const suite = timeSkippingSuite();
const { started } = suite;

const kz = (iso: string): string => new Date(iso).toISOString();
/** A value the test publishes as "the 2027 MRP": not the law's figure, which is not in the data yet. */
const PUBLISHED_2027 = { year: 2027, tenge: 4600, source: 'published in this test' };

const submit = (taskQueue: string, submittedAt: string) => submitLicense(suite.env, taskQueue, submittedAt, started, 'fel-ref');

test('the 2027 MRP is not in the reference data (its budget law is not published here); a waiting case asks again every 30 minutes (ours)', () => {
  expect(REFERENCE_DATA_RECHECK_MS).toBe(30 * 60_000);
  expect(mrpOn(new Date('2027-01-01T00:10:00+05:00'))).toBeUndefined();
  expect(kzYear(new Date('2026-12-31T19:10:00Z'))).toBe(2027);
});

test('submitted 23:50 on 31 Dec 2026: charged at the 2026 MRP on the day of the charge, registered Tuesday 5 January 2027', async () => {
  const taskQueue = taskQueueFor('fee 31 december');
  const h: Harness = await createHarness(suite.env, taskQueue);
  await runSettled(h.worker, started, async () => {
    const { handle, time } = await submit(taskQueue, '2026-12-31T23:50:00+05:00');
    const s = await atStage(handle, 'accepted');
    // ¶9: after hours on 31 Dec; 1–2 Jan holidays, Sun 3, Mon 4 Jan for Sat 2 Jan → Tuesday 5 January.
    expect(s.registeredAt).toBe(kz('2027-01-05T09:00:00+05:00'));
    expect(await pay(h, handle, time)).toBe(43_250); // Annex 2 item 6(1): 10 × 4 325 (2026)
    expect((await status(handle)).details['fee']).toMatchObject({ mrp: 10, amountTenge: 43_250, mrpValue: { year: 2026, tenge: 4325 } });
    // seed 004 ¶42: the applicant withdraws, so the case closes (the fee is all this test is about).
    await handle.executeUpdate(withdrawUpdate, { args: [{ reason: 'test over', actor: APPLICANT }] });
    expect(await handle.result()).toEqual({ outcome: 'withdrawn' });
  });
});

test('submitted 00:10 on 1 Jan 2027 with no 2027 MRP: waits on reference data, escalated; goes on when the MRP is published', async () => {
  const taskQueue = taskQueueFor('fee 1 january');
  const h: Harness = await createHarness(suite.env, taskQueue);
  await runSettled(h.worker, started, async () => {
    const { handle, time } = await submit(taskQueue, '2027-01-01T00:10:00+05:00');
    const id = handle.workflowId;

    const waiting = await waitFor(handle, (s) => s.waitingOn === 'reference-data', 'waiting on reference data');
    expect(waiting.stage).toBe('accepted');
    expect(waiting.details['referenceData']).toMatchObject({
      status: 'missing',
      what: 'the MRP for 2027 (republican budget law)',
      regulation: 'seed 003 Annex 2 item 6',
    });
    expect(waiting.details['fee']).toMatchObject({ status: 'not-invoiced' });
    expect((waiting.details['fee'] as { amountTenge?: number }).amountTenge).toBeUndefined();
    // Escalated: at risk at once with the reason; dashboards filter on the search attribute.
    const atRisk = await waitFor(handle, (s) => s.slaState === 'at-risk', 'at risk');
    expect(atRisk.outcome).toBe('open');
    expect((await handle.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.waitingOn)).toBe('reference-data');
    const risk = h.rec.progress.find((p) => p.applicationId === id && p.audit?.action === 'sla-at-risk');
    expect(risk?.audit?.details).toMatchObject({ waitingOn: 'reference-data', cause: expect.stringContaining('the MRP for 2027') });
    expect(auditActions(h.rec, id)).toContain('reference-data-missing');

    // Still missing at the next check: the case keeps waiting, nothing invoiced.
    await suite.env.sleep(REFERENCE_DATA_RECHECK_MS + 60_000);
    expect((await status(handle)).waitingOn).toBe('reference-data');
    expect(h.payments.invoices.filter((i) => i.applicationId === id)).toEqual([]);

    // The MRP is published through the admin API: the store answers it, and the broadcast's signal makes the
    // waiting case ask again at once — not at its next 30-minute check.
    h.rec.mrpOn = (at) => (kzYear(at) === 2027 ? PUBLISHED_2027 : mrpOn(at));
    const publishedAt = await time.now();
    await handle.signal(referenceDataPublishedSignal, {
      kind: 'mrp',
      version: 'mrp-2027@1',
      act: { title: 'Law on the republican budget for 2027–2029 (test value)', date: '2026-12-01' },
      publishedAt: publishedAt.toISOString(),
      publishedBy: 'admin:test',
      year: 2027,
      tenge: PUBLISHED_2027.tenge,
    });
    await waitFor(handle, (st) => typeof (st.details['fee'] as { invoiceId?: string }).invoiceId === 'string', 'the invoice');
    expect((await time.now()).getTime() - publishedAt.getTime()).toBeLessThan(60_000);
    expect(await pay(h, handle, time)).toBe(46_000); // 10 × 4 600
    const priced = await status(handle);
    expect(priced.details['fee']).toMatchObject({ amountTenge: 46_000, mrpValue: PUBLISHED_2027, status: 'paid' });
    expect(priced.details['referenceData']).toMatchObject({ status: 'published' });
    expect(auditActions(h.rec, id)).toContain('reference-data-published');

    // The case goes on to its license on 2027 working days: registered Tuesday 5 January.
    await time.advanceTo('2027-01-05T09:05:00+05:00');
    await toSiteInspection(h, handle, time, { pay: false });
    await time.advanceTo('2027-01-06T10:00:00+05:00');
    await handle.executeUpdate(siteInspectionUpdate, { args: [{ ...conforming('2027-01-06'), actor: CTRM_STAFF }] });
    await atStage(handle, 'decision');
    await handle.executeUpdate(finalDecisionUpdate, { args: [{ decision: 'issue', actor: CTRM_STAFF }] });
    await approveChain(handle);
    expect(await handle.result()).toMatchObject({ outcome: 'issued' });
    const closed = await status(handle);
    expect(closed.registeredAt).toBe(kz('2027-01-05T09:00:00+05:00'));
    expect(closed.waitingOn).toBe('nobody');
  });
});

/**
 * The worker's side of reference data: `lookUpMrp` answers from the published versions (a value published
 * through the admin API reaches a waiting case at its next ask), and the broadcast activity signals every
 * listed running case once per version.
 */
import { createCommonActivities } from '../../activities/common';
import { InMemoryPersonalCabinet } from '../../adapters/cabinet/fake';
import { InMemoryMonitoringSystem } from '../../adapters/monitoring/fake';
import type { DocumentSigner } from '../../adapters/signer/port';
import { EMBEDDED_CALENDAR } from '../../domain/calendar';
import type { ReferenceDataPublished } from '../../domain/reference-data';
import { InMemoryApplicationStore } from '../../persistence/in-memory';
import { createReferenceDataActivities, signalRequestId, type CaseExecution, type RunningCases } from '../../reference-data/activities';
import { applyMrp } from '../../reference-data/decree';
import { InMemoryReferenceDataStore } from '../../reference-data/store-memory';
import { BUDGET_2027 } from './contract';

const unusedSigner: DocumentSigner = {
  sign: () => Promise.reject(new Error('not used here')),
  verify: () => Promise.reject(new Error('not used here')),
};

test('lookUpMrp answers a value published after the case first asked', async () => {
  const referenceData = new InMemoryReferenceDataStore();
  const { lookUpMrp } = createCommonActivities({
    store: new InMemoryApplicationStore(),
    signer: unusedSigner,
    cabinet: new InMemoryPersonalCabinet(),
    monitoring: new InMemoryMonitoringSystem(),
    mrpOn: (at) => referenceData.mrpOn(at),
  });
  const at = '2027-01-05T10:00:00+05:00';
  expect(await lookUpMrp({ at })).toBeNull();
  expect(await lookUpMrp({ at: '2026-12-31T18:00:00+05:00' })).toEqual({
    year: 2026,
    tenge: 4325,
    source: expect.stringContaining('2026–2028'),
  });

  const current = await referenceData.current('mrp');
  const applied = applyMrp(current.data, current.version, { year: 2027, tenge: 4500, act: BUDGET_2027 });
  await referenceData.publish({
    kind: 'mrp',
    basedOn: current.number,
    act: BUDGET_2027,
    summary: applied.summary,
    publishedAt: new Date(),
    publishedBy: 'admin-1',
    principal: 'admin-1',
    data: applied.data,
  });

  expect(await lookUpMrp({ at })).toEqual({
    year: 2027,
    tenge: 4500,
    source: 'Law "On the republican budget for 2027–2029" of 2026-12-04',
  });
});

class FakeRunning implements RunningCases {
  readonly sent: Array<{ workflowId: string; version: string; requestId: string }> = [];
  private readonly seen = new Set<string>();
  constructor(
    private readonly cases: CaseExecution[],
    private readonly closed: Set<string> = new Set(),
  ) {}
  async *list(): AsyncIterable<CaseExecution> {
    for (const c of this.cases) yield c;
  }
  async signal(c: CaseExecution, payload: ReferenceDataPublished, requestId: string): Promise<'signalled' | 'gone'> {
    if (this.closed.has(c.workflowId)) return 'gone';
    // As the server does: a second signal with the same request id is dropped.
    if (!this.seen.has(requestId)) this.sent.push({ workflowId: c.workflowId, version: payload.version, requestId });
    this.seen.add(requestId);
    return 'signalled';
  }
}

test('the broadcast signals every running case, counts the ones that closed meanwhile, and a second pass adds no signal', async () => {
  const cases = Array.from({ length: 120 }, (_, i) => ({ workflowId: `flag-emblem-license-KZ${i}`, runId: `run-${i}` }));
  const running = new FakeRunning(cases, new Set(['flag-emblem-license-KZ7']));
  const { signalRunningCases } = createReferenceDataActivities({ cases: running });
  const payload: ReferenceDataPublished = {
    kind: 'calendar',
    version: 'kz-calendar@2',
    act: { title: 'Order', date: '2026-11-20' },
    summary: 's',
    publishedAt: '2026-12-03T05:00:00.000Z',
    publishedBy: 'admin-1',
    calendar: { ...EMBEDDED_CALENDAR, version: 'kz-calendar@2' },
  };
  expect(await signalRunningCases({ payload, pass: 1 })).toEqual({ pass: 1, listed: 120, signalled: 119, gone: 1 });
  expect(await signalRunningCases({ payload, pass: 2 })).toEqual({ pass: 2, listed: 120, signalled: 119, gone: 1 });
  expect(running.sent).toHaveLength(119);
  expect(running.sent[0]).toEqual({
    workflowId: 'flag-emblem-license-KZ0',
    version: 'kz-calendar@2',
    requestId: signalRequestId('kz-calendar@2', 'flag-emblem-license-KZ0'),
  });
  expect(signalRequestId('kz-calendar@3', 'flag-emblem-license-KZ0')).not.toBe(running.sent[0]?.requestId);
});

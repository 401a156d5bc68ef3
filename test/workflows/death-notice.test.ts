/**
 * seed 004 ¶50: a death notice from the individuals database annuls every permit and notification of
 * that IIN — each with a history row and a notice signed with the system's transport signature — and
 * touches nobody else's. Real register service (in-memory store, real signer), real Temporal worker.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { InMemoryIndividualsDatabase } from '../../adapters/individuals-database/fake';
import { kzMoment } from '../../domain/calendar';
import { createRegisterActivities } from '../../register/activities';
import { forwardDeathNotices } from '../../register/death-notices';
import { InMemoryRegisterStore } from '../../register/store-memory';
import { deathNoticeWorkflow, deathNoticeWorkflowId } from '../../register/death-notice.workflow';
import { createTimeSkippingEnv, createWorker, runSettled, taskQueueFor } from '../helpers/temporal';
import { BIN, createHarness, IIN, IIN_2, permitRequest, STAFF, SYSTEM, uniqueKey, type RegisterHarness } from '../register/helpers';

let env: TestWorkflowEnvironment;
const WORKFLOWS_PATH = require.resolve('../../register/death-notice.workflow');
beforeAll(async () => {
  env = await createTimeSkippingEnv();
}, 120_000);
afterAll(async () => {
  await env?.teardown();
});

describe('death notice (seed 004 ¶50)', () => {
  let h: RegisterHarness;
  let store: InMemoryRegisterStore;
  beforeEach(async () => {
    store = new InMemoryRegisterStore();
    h = await createHarness(store, () => kzMoment('2026-04-14', '10:00'));
  });
  afterEach(() => h.cleanup());

  async function seed(): Promise<{ mine: string[]; closed: string; others: string[] }> {
    const person = { ref: IIN, name: 'Ахметов Ерлан' };
    const p1 = await h.service.enter(permitRequest({ holder: person }), STAFF);
    const p2 = await h.service.enter(permitRequest({ holder: person, operation: 'restore-historical', number: 'П-2019-44' }), STAFF);
    await h.service.apply(p2.entry.ancn, 'suspend', { reason: 'inspection', idempotencyKey: uniqueKey() }, STAFF);
    const n1 = await h.service.enter(
      permitRequest({
        register: 'notifications',
        operation: 'file-start',
        category: null,
        serviceCode: 'notification-retail-tobacco',
        holder: person,
      }),
      SYSTEM,
    );
    const ended = await h.service.enter(
      permitRequest({
        register: 'notifications',
        operation: 'file-start',
        category: null,
        serviceCode: 'notification-retail-alcohol',
        holder: person,
      }),
      SYSTEM,
    );
    await h.service.apply(ended.entry.ancn, 'file-end', { reason: 'activity ended', idempotencyKey: uniqueKey() }, SYSTEM);
    const someoneElse = await h.service.enter(permitRequest({ holder: { ref: IIN_2, name: 'Серікова Айжан' } }), STAFF);
    const company = await h.service.enter(permitRequest({ holder: { ref: BIN, name: 'Qazaq Flag LLP' } }), STAFF);
    return {
      mine: [p1.entry.ancn, p2.entry.ancn, n1.entry.ancn],
      closed: ended.entry.ancn,
      others: [someoneElse.entry.ancn, company.entry.ancn],
    };
  }

  it('annuls every live permit and notification of the IIN, each with history and a system-signed notice; others untouched', async () => {
    const { mine, closed, others } = await seed();
    const taskQueue = taskQueueFor('death notice revokes all');
    const worker = await createWorker(env, {
      taskQueue,
      workflowsPath: WORKFLOWS_PATH,
      activities: createRegisterActivities({ service: h.service }),
    });
    const started: WorkflowHandle[] = [];
    const db = new InMemoryIndividualsDatabase();
    forwardDeathNotices(db, env.client.workflow, taskQueue);

    await runSettled(worker, started, async () => {
      const notice = await db.announceDeath(IIN, '2026-04-12', '2026-04-14T09:30:00+05:00');
      await db.announceDeath(IIN, '2026-04-12', '2026-04-14T09:31:00+05:00', notice.noticeId); // redelivered: no second run
      const handle = env.client.workflow.getHandle<typeof deathNoticeWorkflow>(deathNoticeWorkflowId(notice.noticeId));
      started.push(handle);
      const result = await handle.result();
      expect(result.revoked.map((r) => r.ancn).sort()).toEqual([...mine].sort());
      expect(result.alreadyClosed).toEqual([]);
      expect(db.undelivered()).toEqual([]);
    });

    for (const ancn of mine) {
      const e = await store.getEntry(ancn);
      expect(e?.status).toBe('revoked');
      const history = await store.listHistory(ancn);
      const last = history[history.length - 1];
      expect(last).toMatchObject({ operation: 'revoke', toStatus: 'revoked', actor: 'e-licensing-system' });
      expect(last?.reason).toMatch(/¶50/);
      expect(history.filter((r) => r.operation === 'revoke')).toHaveLength(1);
      const doc = await store.getDocument(last?.documentAncn ?? '');
      const v = await h.signer.verify(doc?.xml ?? '');
      expect(v.valid).toBe(true);
      expect(v.signerSubject).toMatch(/transport signature/);
    }
    expect((await store.getEntry(closed))?.status).toBe('ended');
    for (const ancn of others) expect((await store.getEntry(ancn))?.status).toBe('active');
    // one cabinet message per annulment (plus the earlier ones for entering and suspending)
    const revokeMessages = (await h.cabinet.list(IIN)).filter((m) => /annulled/.test(m.message));
    expect(revokeMessages).toHaveLength(mine.length);
  });

  it('a notice for a person with nothing in the register ends with nothing revoked', async () => {
    const taskQueue = taskQueueFor('death notice nothing');
    const worker = await createWorker(env, {
      taskQueue,
      workflowsPath: WORKFLOWS_PATH,
      activities: createRegisterActivities({ service: h.service }),
    });
    const started: WorkflowHandle[] = [];
    await runSettled(worker, started, async () => {
      const handle = await env.client.workflow.start(deathNoticeWorkflow, {
        taskQueue,
        workflowId: deathNoticeWorkflowId(uniqueKey('n')),
        args: [{ noticeId: 'n-0', iin: IIN, dateOfDeath: '2026-04-12' }],
      });
      started.push(handle);
      const r = await handle.result();
      expect(r).toEqual({ noticeId: 'n-0', revoked: [], alreadyClosed: [] });
    });
  });
});

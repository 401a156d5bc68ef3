/**
 * seed 004 ¶50: recorded death-notice histories replay against today's register/death-notice.workflow.ts. A
 * change that would break a notice already being processed (another activity, another order of
 * commands, a new timer…) fails here with a DeterminismViolationError. Temporal compares the commands
 * (kind, activity type, sequence), not the activities' arguments.
 *
 * The histories in test/workflows/histories/death-notice-*.history.pb are recorded by this file
 * (test/helpers/temporal.ts recordHistory; replay.test.ts replays them with every other history too):
 *
 *   RECORD_HISTORIES=1 npx jest test/workflows/death-notice-replay.test.ts
 *
 * (a real Temporal test server, the register service on an in-memory store and a real signer, as in
 * death-notice.test.ts). Re-record only after an intentional change that is safe for running
 * workflows (patched, or no notice in flight) — never to make this test pass.
 */
import { temporal } from '@temporalio/proto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DeterminismViolationError } from '@temporalio/workflow';
import { kzMoment } from '../../domain/calendar';
import { createRegisterActivities, type RegisterActivities } from '../../register/activities';
import { InMemoryRegisterStore } from '../../register/store-memory';
import { deathNoticeWorkflow, deathNoticeWorkflowId } from '../../register/death-notice.workflow';
import { createHarness, IIN, IIN_2, permitRequest, STAFF, SYSTEM, uniqueKey, type RegisterHarness } from '../register/helpers';
import {
  createTimeSkippingEnv,
  createWorker,
  loadHistory,
  recordHistory,
  RECORDING,
  replayHistory,
  runSettled,
  taskQueueFor,
  workflowBundle,
} from '../helpers/temporal';

const WORKFLOWS_PATH = require.resolve('../../register/death-notice.workflow');
const { History, HistoryEvent } = temporal.api.history.v1;
const { EventType } = temporal.api.enums.v1;

/** The recorded cases: file name (without .history.pb) → what the run must have done. */
const CASES = {
  /** Two permits (one suspended) and a notification revoked; a fourth entry closed by staff meanwhile. */
  'death-notice-several-entries': { revoked: 3, alreadyClosed: 1 },
  /** A person with nothing in the register: one activity, nothing revoked. */
  'death-notice-nothing-to-revoke': { revoked: 0, alreadyClosed: 0 },
} as const;
type CaseName = keyof typeof CASES;

const replay = (history: temporal.api.history.v1.History, name: string): Promise<void> => replayHistory(history, name, WORKFLOWS_PATH);

// ---------------------------------------------------------------------------------------------------
// Recording (RECORD_HISTORIES=1 only)
// ---------------------------------------------------------------------------------------------------

(RECORDING ? describe : describe.skip)('recording death-notice histories (RECORD_HISTORIES=1)', () => {
  let env: TestWorkflowEnvironment;
  let h: RegisterHarness;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  }, 120_000);
  afterAll(async () => {
    await env?.teardown();
  });
  beforeEach(async () => {
    h = await createHarness(new InMemoryRegisterStore(), () => kzMoment('2026-04-14', '10:00'));
  });
  afterEach(() => h.cleanup());

  async function record(name: CaseName, activities: RegisterActivities, noticeId: string, iin: string): Promise<void> {
    const taskQueue = taskQueueFor(name);
    const worker = await createWorker(env, { taskQueue, workflowsPath: WORKFLOWS_PATH, activities });
    const started: WorkflowHandle[] = [];
    await runSettled(worker, started, async () => {
      const handle = await env.client.workflow.start(deathNoticeWorkflow, {
        taskQueue,
        workflowId: deathNoticeWorkflowId(noticeId),
        args: [{ noticeId, iin, dateOfDeath: '2026-04-12' }],
      });
      started.push(handle);
      const result = await handle.result();
      expect({ revoked: result.revoked.length, alreadyClosed: result.alreadyClosed.length }).toEqual(CASES[name]);
      await recordHistory(handle, name);
    });
  }

  it('death-notice-several-entries', async () => {
    const person = { ref: IIN, name: 'Ахметов Ерлан' };
    await h.service.enter(permitRequest({ holder: person }), STAFF);
    const paper = await h.service.enter(permitRequest({ holder: person, operation: 'restore-historical', number: 'П-2019-44' }), STAFF);
    await h.service.apply(paper.entry.ancn, 'suspend', { reason: 'inspection', idempotencyKey: uniqueKey() }, STAFF);
    await h.service.enter(
      permitRequest({
        register: 'notifications',
        operation: 'file-start',
        category: null,
        serviceCode: 'notification-retail-tobacco',
        holder: person,
      }),
      SYSTEM,
    );
    const closing = await h.service.enter(permitRequest({ holder: person, activity: 'Sale of the State Flag' }), STAFF);
    await h.service.enter(permitRequest({ holder: { ref: IIN_2, name: 'Серікова Айжан' } }), STAFF);
    const real = createRegisterActivities({ service: h.service });
    const activities: RegisterActivities = {
      liveEntriesOfHolder: real.liveEntriesOfHolder,
      // Staff terminate one permit between the listing and its annulment: the "already-closed" branch.
      async revokeForDeath(input) {
        if (input.ancn === closing.entry.ancn && (await h.service.store.getEntry(input.ancn))?.status === 'active') {
          await h.service.apply(input.ancn, 'terminate', { reason: 'holder request of 13 April', idempotencyKey: uniqueKey() }, STAFF);
        }
        return real.revokeForDeath(input);
      },
    };
    await record('death-notice-several-entries', activities, 'n-several-1', IIN);
  });

  it('death-notice-nothing-to-revoke', async () => {
    await h.service.enter(permitRequest({ holder: { ref: IIN_2, name: 'Серікова Айжан' } }), STAFF);
    await record('death-notice-nothing-to-revoke', createRegisterActivities({ service: h.service }), 'n-nothing-1', IIN);
  });
});

// ---------------------------------------------------------------------------------------------------
// Replay (always)
// ---------------------------------------------------------------------------------------------------

describe('death-notice histories replay on the current workflow code', () => {
  beforeAll(async () => {
    await workflowBundle(WORKFLOWS_PATH);
  }, 120_000);

  const names = Object.keys(CASES) as CaseName[];

  test.each(names)(
    '%s replays without nondeterminism',
    async (name) => {
      const history = loadHistory(name);
      const scheduled = history.events.filter((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
      // 1 listing + one annulment per live entry: the history is the case it claims to be.
      expect(scheduled).toHaveLength(1 + CASES[name].revoked + CASES[name].alreadyClosed);
      expect(history.events.at(-1)?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
      await replay(history, name);
    },
    60_000,
  );

  // The guard is live: the same replay fails when the history and the code disagree on a command.
  test('a history whose second activity differs from the code fails with DeterminismViolationError', async () => {
    const history = loadHistory('death-notice-several-entries');
    const tampered = History.create({
      events: history.events.map((e) => {
        const copy = HistoryEvent.decode(HistoryEvent.encode(e).finish());
        const attrs = copy.activityTaskScheduledEventAttributes;
        if (attrs?.activityType?.name === 'revokeForDeath' && attrs.activityId === '2') attrs.activityType.name = 'terminateForDeath';
        return copy;
      }),
    });
    expect(tampered.events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'terminateForDeath')).toHaveLength(
      1,
    );
    await expect(replay(tampered, 'tampered')).rejects.toThrow(DeterminismViolationError);
  }, 60_000);
});

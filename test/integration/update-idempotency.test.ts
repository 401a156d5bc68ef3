/**
 * Idempotency of a staff or applicant action on a real Temporal server (the `make start` dev server),
 * not on a fake: two API replicas that both receive the same retried request (same principal and
 * Idempotency-Key, so the same update id: api/idempotency.ts updateIdFor) send the Update twice; the
 * server runs it once — one accepted Update in the history, one Digital ID signature — and both callers
 * get the same receipt. Another key for the same act is refused by the workflow's validator.
 */
import { temporal } from '@temporalio/proto';
import { TemporalCaseGateway } from '../../api/temporal-case-gateway';
import { updateIdFor } from '../../api/idempotency';
import { createSmeActivities } from '../../services/sme-registration/activities';
import { signUpdate, smeRegistration, type SmeRegistrationResult } from '../../services/sme-registration/workflow';
import { startTestDevServer, type TestDevServer } from '../helpers/dev-server';
import { createWorker, taskQueueFor, workflowIdFor } from '../helpers/temporal';
import { InMemoryBank } from '../../adapters/bank/fake';
import { InMemoryInsurer } from '../../adapters/insurer/fake';
import { InMemoryPaymentGateway } from '../../adapters/payment-gateway/fake';
import { InMemoryDigitalId } from '../../adapters/digital-id/fake';
import { InMemoryLegalEntityRegistry } from '../../adapters/legal-entity-registry/fake';
import {
  FOUNDER_1,
  FOUNDER_2,
  RecordingCommon,
  SUBMITTED_AT,
  WORKFLOWS_PATH,
  waitForStatus,
  workflowInput,
} from '../workflows/sme-registration.fixtures';

let server: TestDevServer;
beforeAll(async () => {
  server = await startTestDevServer();
}, 90_000);
afterAll(async () => {
  await server?.teardown();
});

test('the same update id sent by two API replicas runs once on the server: one accepted Update, one signature, the same receipt', async () => {
  const taskQueue = taskQueueFor('update idempotency');
  const digitalId = new InMemoryDigitalId();
  const worker = await createWorker(server, {
    taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    activities: {
      ...createSmeActivities({
        bank: new InMemoryBank(),
        insurer: new InMemoryInsurer(),
        paymentGateway: new InMemoryPaymentGateway({ now: () => new Date(SUBMITTED_AT) }),
        digitalId,
        legalEntityRegistry: new InMemoryLegalEntityRegistry(),
        paymentCallbackUrl: 'http://127.0.0.1:3000/v1/callbacks/payment-gateway',
      }),
      ...new RecordingCommon().activities(),
    },
  });
  const replicaA = new TemporalCaseGateway({ client: server.client, taskQueue });
  const replicaB = new TemporalCaseGateway({ client: server.client, taskQueue });

  const result = await worker.runUntil(async () => {
    const workflowId = workflowIdFor('sme-idem');
    expect(await replicaA.start(smeRegistration, workflowId, workflowInput(workflowId))).toEqual({ started: true });
    expect(await replicaB.start(smeRegistration, workflowId, workflowInput(workflowId))).toEqual({ started: false });
    const handle = server.client.workflow.getHandle(workflowId);
    await waitForStatus(handle, (s) => s.pendingActions.some((a) => a.action === 'sign'), 'signing to open');

    const updateId = updateIdFor({ principal: 'portal-egov', key: 'sign-founder-1', requestHash: 'same body' });
    const sign = { signerIin: FOUNDER_1.iin, biometricSessionId: 'bio-1', actor: 'portal-egov' };
    const [a, b] = await Promise.all([
      replicaA.update(workflowId, signUpdate, sign, { updateId }),
      replicaB.update(workflowId, signUpdate, sign, { updateId }),
    ]);
    expect(b).toEqual(a);
    // Sent again later (a retry after a lost answer): the same receipt, still nothing new.
    expect(await replicaB.update(workflowId, signUpdate, sign, { updateId })).toEqual(a);
    // The same act under another key is a new Update: the validator refuses it.
    await expect(replicaA.update(workflowId, signUpdate, sign, { updateId: `${updateId}-other` })).rejects.toMatchObject({
      message: expect.stringMatching(/already signed/),
    });

    const history = await handle.fetchHistory();
    const accepted = (history.events ?? []).filter(
      (e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
    );
    expect(accepted).toHaveLength(1);
    expect(digitalId.signatures.filter((s) => s.iin === FOUNDER_1.iin)).toHaveLength(1);

    await replicaA.update(
      workflowId,
      signUpdate,
      { signerIin: FOUNDER_2.iin, biometricSessionId: 'bio-2', actor: 'portal-egov' },
      { updateId: `${updateId}-2` },
    );
    return (await handle.result()) as SmeRegistrationResult;
  });
  expect(result.outcome).toBe('issued');
}, 120_000);

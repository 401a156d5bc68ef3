/**
 * The real TemporalCaseGateway, through the HTTP API, against the time-skipping test server: a
 * validator's refusal becomes a 4xx carrying the validator's message, and leaves no trace in history.
 */
import pino from 'pino';
import request from 'supertest';
import type { Express } from 'express';
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApp } from '../../api/app';
import { createAuthenticator, mintToken } from '../../api/auth';
import { serviceAction, type ServiceModule } from '../../api/service-module';
import { TemporalCaseGateway } from '../../api/temporal-case-gateway';
import { z } from '../../api/zod';
import { loadConfig } from '../../config';
import { createTimeSkippingEnv, taskQueueFor } from '../helpers/temporal';
import { NOW, LICENSE_BODY } from './helpers/harness';
import { MemoryStore } from './helpers/memory-store';
import { testLicenseModule } from './helpers/test-modules';
import { InMemoryStateDatabases } from '../../adapters/state-databases/fake';
import { InMemoryPermitRegister } from '../../register/permit-register-memory';
import { paymentSignal } from '../../workflows/shared/payment-signal';
import { gatewayTestWorkflow, recordCompletenessCheck, recordSiteVisit } from './fixtures/gateway-test-workflow';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const secret = 'integration-secret-of-at-least-32-characters';
const staff = mintToken(secret, { subject: 'ctrm-employee-7', role: 'staff', licensorBody: 'ctrm' });
const portal = mintToken(secret, { subject: 'portal-egov', role: 'portal' });

const gatewayTestModule: ServiceModule = {
  ...testLicenseModule,
  workflow: gatewayTestWorkflow,
  actions: [
    serviceAction({
      update: recordCompletenessCheck,
      summary: 'Record the completeness check',
      roles: ['staff'],
      // Deliberately loose, so the workflow's own validator is what refuses a bad value.
      input: z.object({ complete: z.unknown() }).openapi({ example: { complete: true } }),
      toUpdateArg: (input, p) => ({ ...(input as { complete: boolean }), actor: p.subject }),
    }),
    serviceAction({
      update: recordSiteVisit,
      summary: 'Record the site visit conclusion',
      roles: ['staff'],
      input: z.object({ conforms: z.boolean() }).openapi({ example: { conforms: true } }),
      toUpdateArg: (input, p) => ({ ...input, actor: p.subject }),
    }),
  ],
};

function appFor(taskQueue: string): { app: Express; cases: TemporalCaseGateway } {
  const cases = new TemporalCaseGateway({ client: env.client, taskQueue });
  const app = createApp({
    config: loadConfig({ APP_ENV: 'test', LOG_LEVEL: 'silent' }),
    store: new MemoryStore(),
    cases,
    modules: [gatewayTestModule],
    auth: createAuthenticator({ secret, refuseDevTokens: false }),
    clock: () => NOW,
    logger: pino({ level: 'silent' }),
    // The test module declares no checks before acceptance: nothing reads these.
    preAcceptance: { stateDatabases: new InMemoryStateDatabases(), permits: new InMemoryPermitRegister() },
  });
  return { app, cases };
}

test('submission starts the workflow; validator refusals are 4xx with their message and no history event; decisions run', async () => {
  const taskQueue = taskQueueFor('api gateway');
  const { app, cases } = appFor(taskQueue);
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('./fixtures/gateway-test-workflow'),
  });

  await worker.runUntil(async () => {
    const created = await request(app)
      .post('/v1/services/flag-emblem-license/applications')
      .set('Authorization', `Bearer ${portal}`)
      .set('Idempotency-Key', 'it-1')
      .send(LICENSE_BODY);
    expect(created.status).toBe(201);
    const id = created.body.applicationId as string;
    const handle = env.client.workflow.getHandle(id);
    const description = await handle.describe();
    expect(description.type).toBe('gatewayTestWorkflow');
    expect(description.taskQueue).toBe(taskQueue);

    // Same id again: Temporal refuses the duplicate, the gateway reports "not started".
    expect(await cases.start(gatewayTestWorkflow, id, {} as Parameters<typeof gatewayTestWorkflow>[0])).toEqual({ started: false });

    const status = await request(app).get(created.body.statusUrl).set('Authorization', `Bearer ${staff}`);
    expect(status.body).toMatchObject({
      live: true,
      stage: 'completeness-check',
      pendingActions: [{ action: 'record-completeness-check' }],
    });

    const historyBefore = (await handle.fetchHistory()).events ?? [];
    expect(historyBefore.length).toBeGreaterThan(0);

    // Out of order: the validator (plain Error) refuses → 409 ACTION_NOT_ALLOWED_NOW with its words.
    const early = await request(app)
      .post(`${created.body.statusUrl}/actions/record-site-visit`)
      .set('Authorization', `Bearer ${staff}`)
      .send({ conforms: true });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({
      code: 'ACTION_NOT_ALLOWED_NOW',
      detail: 'the site visit comes after a complete package (seed 003 ¶10)',
    });

    // A validator's ApplicationFailure typed with one of our codes keeps it, with field details → 400.
    const wrongType = await request(app)
      .post(`${created.body.statusUrl}/actions/record-completeness-check`)
      .set('Authorization', `Bearer ${staff}`)
      .send({ complete: 'yes' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      detail: 'complete must be true or false',
      errors: [{ field: 'complete', message: 'expected a boolean' }],
    });

    // Nothing about either update was recorded. (A real server drops the speculative workflow task of
    // a rejected update entirely; the Java time-skipping server keeps empty workflow-task bookkeeping.)
    const historyAfter = (await handle.fetchHistory()).events ?? [];
    const kinds = (events: typeof historyAfter) => events.map((e) => Object.keys(e).find((k) => k.endsWith('EventAttributes')) ?? '?');
    const added = kinds(historyAfter.slice(historyBefore.length));
    expect(added.filter((k) => !/^workflowTask(Scheduled|Started|Completed)EventAttributes$/.test(k))).toEqual([]);
    expect(kinds(historyAfter).filter((k) => k.includes('Update'))).toEqual([]);

    // In order: accepted and run, the result comes back through the API.
    const check = await request(app)
      .post(`${created.body.statusUrl}/actions/record-completeness-check`)
      .set('Authorization', `Bearer ${staff}`)
      .set('Idempotency-Key', 'check-1')
      .send({ complete: true });
    expect(check.status).toBe(200);
    expect(check.body.result).toEqual({ stage: 'site-visit' });
    // …and an accepted update IS in history (the check above could see one).
    expect(kinds((await handle.fetchHistory()).events ?? [])).toContain('workflowExecutionUpdateAcceptedEventAttributes');
    // Replaying the key does not run it again (the validator would refuse a second one).
    const replay = await request(app)
      .post(`${created.body.statusUrl}/actions/record-completeness-check`)
      .set('Authorization', `Bearer ${staff}`)
      .set('Idempotency-Key', 'check-1')
      .send({ complete: true });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(check.body);

    const visit = await request(app)
      .post(`${created.body.statusUrl}/actions/record-site-visit`)
      .set('Authorization', `Bearer ${staff}`)
      .send({ conforms: true });
    expect(visit.status).toBe(200);
    expect(await handle.result()).toBe('issued');

    // The case is closed: a further decision is refused, not "unknown application".
    const late = await request(app)
      .post(`${created.body.statusUrl}/actions/record-site-visit`)
      .set('Authorization', `Bearer ${staff}`)
      .send({ conforms: false });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('ACTION_NOT_ALLOWED_NOW');

    // A closed workflow still answers the status query (while a worker runs).
    const closed = await request(app).get(created.body.statusUrl).set('Authorization', `Bearer ${staff}`);
    expect(closed.body).toMatchObject({ live: true, stage: 'issued', outcome: 'issued' });
  });
});

test('unknown workflow ids are UNKNOWN_APPLICATION; ping answers', async () => {
  const { cases } = appFor(taskQueueFor('unknown'));
  await expect(cases.status('no-such-case')).rejects.toMatchObject({ code: 'UNKNOWN_APPLICATION' });
  await expect(cases.update('no-such-case', recordSiteVisit, { conforms: true, actor: 'ctrm-employee-7' })).rejects.toMatchObject({
    code: 'UNKNOWN_APPLICATION',
  });
  await expect(
    cases.signal('no-such-case', paymentSignal, {
      invoiceId: 'INV-1',
      status: 'paid',
      amountTenge: 0,
      at: '2025-03-20T14:10:00Z',
      gatewayRef: 'none',
    }),
  ).rejects.toMatchObject({ code: 'UNKNOWN_APPLICATION' });
  await expect(cases.ping()).resolves.toBeUndefined();
});

/**
 * An approving body's answer end to end over loopback HTTP: the simulated body (simulators/approving-bodies.ts)
 * posts `{requestId, conforms, summary, answeredAt}` with the gateway's token and an Idempotency-Key to
 * the API's POST /v1/applications/{id}/events/approving-body-answer (createApp with the real Flag/Emblem
 * module, a fake CaseGateway), which signals `approving-body-answer` to the case — once, even when the
 * body delivers the answer twice.
 */
import express from 'express';
import request from 'supertest';
import { HttpApprovingBodyGateway } from '../../adapters/approving-body/http';
import { exampleOf } from '../../api/openapi';
import { flagEmblemLicenseModule } from '../../services/flag-emblem/license-api';
import { approvingBodiesRouter } from '../../simulators/approving-bodies';
import { makeHarness } from '../api/helpers/harness';
import { listen, type Listening } from './loopback';

const h = makeHarness({ modules: [flagEmblemLicenseModule] });
let api: Listening;
let bodies: Listening;
beforeAll(async () => {
  api = await listen(h.app);
  bodies = await listen(
    express().use('/approving-bodies', approvingBodiesRouter({ faults: {}, apiUrl: api.url, gatewayToken: () => h.tokens.gateway })),
  );
});
afterAll(async () => {
  await bodies.close();
  await api.close();
});

async function openCase(key: string): Promise<string> {
  const res = await request(h.app)
    .post('/v1/services/flag-emblem-license/applications')
    .set('Authorization', `Bearer ${h.tokens.portal}`)
    .set('Idempotency-Key', key)
    .send(exampleOf(flagEmblemLicenseModule.input) as object);
  expect(res.status).toBe(201);
  return res.body.applicationId as string;
}

/** What the workflow's activity does: the licensor's request through the HTTP adapter. */
async function askBody(applicationId: string, key: string): Promise<string> {
  const sent = await new HttpApprovingBodyGateway({ baseUrl: bodies.url }).sendRequest({
    idempotencyKey: key,
    applicationId,
    body: 'mvd',
    applicantRef: '180340001231',
    question: 'Does the production site meet the security requirements?',
    answerBy: '2026-04-02T18:30:00+05:00',
  });
  return sent.requestId;
}

const answer = (requestId: string, body: object) =>
  fetch(`${bodies.url}/approving-bodies/_simulator/requests/${requestId}/answer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then(async (r) => (await r.json()) as { delivered: boolean; error?: string; answeredAt: string });

test('the answer reaches cases.signal once although the body delivers it twice', async () => {
  const applicationId = await openCase('case-1');
  const requestId = await askBody(applicationId, 'req-1');
  const verdict = { conforms: false, summary: 'The site has no alarm system connected to the police.' };

  const first = await answer(requestId, verdict);
  const second = await answer(requestId, verdict);
  expect(first).toMatchObject({ delivered: true });
  expect(first.error).toBeUndefined();
  expect(second).toMatchObject({ delivered: true, answeredAt: first.answeredAt });

  const mine = h.cases.signals.filter((s) => s.workflowId === applicationId);
  expect(mine).toEqual([
    {
      workflowId: applicationId,
      signalName: 'approving-body-answer',
      arg: { requestId, conforms: false, summary: verdict.summary, answeredAt: first.answeredAt },
    },
  ]);
});

test('a different answer to the same request is refused by the API (409) and not signalled', async () => {
  const applicationId = await openCase('case-2');
  const requestId = await askBody(applicationId, 'req-2');
  expect(await answer(requestId, { conforms: true, summary: 'No objections.' })).toMatchObject({ delivered: true });
  const changed = await answer(requestId, { conforms: false, summary: 'On reflection: objections.' });
  expect(changed.delivered).toBe(false);
  expect(changed.error).toContain('409');
  expect(h.cases.signals.filter((s) => s.workflowId === applicationId)).toHaveLength(1);
});

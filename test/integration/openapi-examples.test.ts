/**
 * README: "every request example succeeds as sent". Each request example of the real service modules'
 * operations in the OpenAPI document (submissions, actions, events, the payment callback, complaints,
 * reference data) is sent through the real API (createApp with SERVICE_MODULES, TemporalCaseGateway) to a
 * real case on the time-skipping Temporal server, run by the worker's own composition (worker.ts
 * createWorker, fakes for the outside systems) — each case first driven to the state where the example is
 * valid. Only ids are substituted (application, invoice, request ids) and the values the document says
 * are relative to the case (a site visit's day, a payment's moment, the day a complaint's applicant
 * learned of the decision). The last test fails when an operation with a request example is added to the
 * document and not sent here.
 *
 * Time: the server's clock starts at the real time and is moved once to 10:00 Astana of the next working
 * day, so no case waits for registration and nothing depends on the hour the suite runs; the API's clock
 * follows the server's. Waits are on the case's state, with a ceiling that only bounds a hang.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import type { Express } from 'express';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createApp } from '../../api/app';
import { createAuthenticator, mintToken } from '../../api/auth';
import { TemporalCaseGateway } from '../../api/temporal-case-gateway';
import { loadConfig } from '../../config';
import { migrate, openDatabase } from '../../persistence';
import { SERVICE_CODES, SERVICE_MODULES } from '../../services';
import { createWorker } from '../../worker';
import { embeddedCalendar, localDateOf, nextWorkingDay, toKzIso } from '../../domain/calendar';
import type { Principal } from '../../domain/roles';
import { InMemoryStateDatabases } from '../../adapters/state-databases/fake';
import { InMemoryPaymentGateway } from '../../adapters/payment-gateway/fake';
import { InMemoryApprovingBodyGateway } from '../../adapters/approving-body/fake';
import { createDocumentSigner } from '../../adapters/signer';
import { createPersonalCabinet } from '../../adapters/cabinet';
import { SEEDED_INDIVIDUALS, SEEDED_LEGAL_ENTITIES } from '../../simulators/egov-gateway';
import { RegisterService } from '../../register/service';
import { registerStoreOn } from '../../register/database';
import { RegisterPermitRegister } from '../../register/permit-register-service';
import { referenceDataStoreOn } from '../../reference-data/database';
import { ncaOn } from '../../pki/database';
import { paymentSignal, type PaymentEvent } from '../../workflows/shared/payment-signal';
import { ALL_WORKFLOWS, createTimeSkippingEnv, HANG_CEILING_MS, workflowBundle, workflowTaskSummary } from '../helpers/temporal';
import { enterExampleLicense } from '../api/helpers/harness';
import { MNE_LICENSE_APPROVAL_CHAINS } from '../../domain/approval-chains';
import { MNE_SERVICES, type MneServiceCode } from '../../services/mne-licensing/rules';
import { InMemoryNotarialSystem } from '../../adapters/notarial-system/fake';
import { SEEDED_POWERS_OF_ATTORNEY } from '../../simulators/notarial-system';
import { queueWorkflowId } from '../../counter/queue-types';
import { A1_FORM_EXAMPLE } from '../../services/nca/counter';

jest.setTimeout(180_000);

interface Media {
  schema: { $ref?: string; example?: unknown };
  examples?: Record<string, { value: unknown }>;
}
interface Operation {
  requestBody?: { content: Record<string, Media> };
  parameters?: Array<{ name: string; in: string; schema?: { example?: unknown } }>;
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { example?: unknown }> };
}
type Json = Record<string, unknown>;
interface View {
  stage: string;
  outcome: string;
  pendingActions: Array<{ action: string }>;
  details: Json;
}

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let closeWorker: () => Promise<void>;
let closeDb: () => Promise<void>;
let app: Express;
let doc: Doc;
let dataDir: string;
let offsetMs = 0;
const now = (): Date => new Date(Date.now() + offsetMs);
const secret = crypto.randomBytes(32).toString('hex');
const token = (p: Principal): string => mintToken(secret, p, { expiresIn: '1h' });
const portal = token({ subject: 'portal-egov', role: 'portal' });
const gateway = token({ subject: 'payment-gateway', role: 'gateway' });
const admin = token({ subject: 'admin-1', role: 'admin' });
const viewer = token({ subject: 'dashboard-1', role: 'viewer' });
const staffOf = (licensorBody: string, subject = `${licensorBody}-employee-1`): string => token({ subject, role: 'staff', licensorBody });
const paymentGateway = new InMemoryPaymentGateway({ now });
const approvingBodies = new InMemoryApprovingBodyGateway();

/** The workflow ids of the cases and complaints this file started. */
const started: string[] = [];
/** `method path#example` of every request example sent and answered with its documented success. */
const sent = new Set<string>();

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  // 10:00 Astana on the next working day: every case registers when submitted (seed 003 ¶9).
  const serverNow = new Date(await env.currentTimeMs());
  const target = new Date(embeddedCalendar.startOfWorkingDay(nextWorkingDay(localDateOf(serverNow))).getTime() + 60 * 60_000);
  await env.sleep(target.getTime() - serverNow.getTime());
  offsetMs = (await env.currentTimeMs()) - Date.now();

  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kz-openapi-examples-'));
  const config = loadConfig({
    APP_ENV: 'test',
    LOG_LEVEL: 'silent',
    ADAPTERS: 'fake',
    DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_NAMESPACE: env.namespace ?? 'default',
    TEMPORAL_TASK_QUEUE: `openapi-examples-${crypto.randomUUID().slice(0, 8)}`,
  });
  // The worker and the API read the same state databases, as they read the simulator's with `make start`.
  const stateDatabases = new InMemoryStateDatabases({ individuals: SEEDED_INDIVIDUALS, legalEntities: SEEDED_LEGAL_ENTITIES });
  await migrate(config.database);
  const db = await openDatabase(config.database, { serviceCodes: SERVICE_CODES });
  closeDb = () => db.close();
  const created = await createWorker(config, {
    database: db,
    systems: { stateDatabases, paymentGateway, approvingBodies, notarialSystem: new InMemoryNotarialSystem(SEEDED_POWERS_OF_ATTORNEY) },
    now,
    workflowBundle: await workflowBundle(ALL_WORKFLOWS),
  });
  worker = created.worker;
  closeWorker = created.close;
  running = worker.run();

  const signer = await createDocumentSigner(config.adapters);
  const register = new RegisterService({ store: registerStoreOn(db), signer, cabinet: createPersonalCabinet(config.adapters) });
  const permits = new RegisterPermitRegister(register);
  // The license the re-issue and duplicate examples name (PRM 42), held by the examples' applicant.
  await enterExampleLicense({ permits });
  const { connection } = env;
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const nca = await ncaOn(db, config.adapters.signingKeysDir, config.api.publicBaseUrl);
  app = createApp({
    config,
    store: db.store,
    cases: new TemporalCaseGateway({ client, taskQueue: config.temporal.taskQueue }),
    modules: SERVICE_MODULES,
    auth: createAuthenticator({ secret, refuseDevTokens: false }),
    clock: now,
    logger: pino({ level: 'silent' }),
    register: { service: register, signer },
    preAcceptance: { stateDatabases, permits, nca },
    referenceData: referenceDataStoreOn(db),
    nca,
  });
  doc = (await request(app).get('/openapi.json')).body as Doc;
}, 180_000);

afterAll(async () => {
  // Every case still open ends here, before its worker stops (the test server cannot list them).
  for (const id of started)
    await env?.client.workflow
      .getHandle(id)
      .terminate('test finished')
      .catch(() => undefined);
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await running?.catch(() => undefined);
  await closeWorker?.();
  await closeDb?.();
  await env?.teardown();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

// ---- the document's examples -------------------------------------------------------------------------

const schemaExample = (media: Media): unknown => {
  const ref = media.schema.$ref?.replace('#/components/schemas/', '');
  return ref ? doc.components.schemas[ref]?.example : media.schema.example;
};

/** The example of `method path` (named `name` when the operation has one per service). */
function example<T = Json>(method: string, p: string, name?: string): T {
  const media = doc.paths[p]?.[method]?.requestBody?.content['application/json'];
  if (!media) throw new Error(`${method} ${p} has no JSON request body in the document`);
  const value = name === undefined ? schemaExample(media) : media.examples?.[name]?.value;
  if (value === undefined) throw new Error(`${method} ${p} has no example${name ? ` ${name}` : ''}`);
  return structuredClone(value) as T;
}

/** Every `method path#example` with a request example in the document. */
function documentedExamples(): string[] {
  const out: string[] = [];
  for (const [p, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops))
      for (const media of Object.values(op.requestBody?.content ?? {})) {
        if (media.examples) for (const name of Object.keys(media.examples)) out.push(`${method} ${p}#${name}`);
        else if (schemaExample(media) !== undefined) out.push(`${method} ${p}#`);
      }
  return out.sort();
}

// ---- talking to the API --------------------------------------------------------------------------------

/**
 * POST with a bearer token and an Idempotency-Key. An answer that does not come within a third of the hang
 * ceiling is asked again with the same key (what a client does after a lost answer; the same key is the same
 * update id, so nothing runs twice, and the API answers the second with the first's result): on the loaded
 * time-skipping server an Update can take several 10-s rounds (test/helpers/temporal.ts, HANG_CEILING_MS).
 * A late answer prints the case's workflow tasks, the evidence for the next look.
 */
async function post(url: string, tok: string, body: unknown, key: string = crypto.randomUUID()): Promise<request.Response> {
  let last: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      return await request(app)
        .post(url)
        .set('Authorization', `Bearer ${tok}`)
        .set('Idempotency-Key', key)
        .timeout(HANG_CEILING_MS / 3)
        .send(body as object);
    } catch (e) {
      last = e;
      // The evidence for the next look at an unanswered Update (test/helpers/temporal.ts HANG_CEILING_MS).
      const id = /^\/v1\/(?:applications|complaints|counter\/visits|counter\/hand-overs)\/([^/]+)\//.exec(url)?.[1];
      const summary = id ? await workflowTaskSummary(env.client.workflow.getHandle(id)).catch((x: unknown) => String(x)) : '';
      process.stderr.write(`POST ${url}: no answer in ${HANG_CEILING_MS / 3} ms (attempt ${attempt + 1}); ${summary}\n`);
    }
  }
  throw new Error(`POST ${url}: no answer (${String(last)})`);
}

/** Sends `body` (the example of `method path#name`, ids substituted) to `url` and expects `status`. */
async function sendExample(docPath: string, name: string, url: string, tok: string, body: unknown, status: number): Promise<Json> {
  const res = await post(url, tok, body);
  expect({ example: `${docPath}#${name}`, status: res.status, body: res.status === status ? undefined : res.body }).toEqual({
    example: `${docPath}#${name}`,
    status,
    body: undefined,
  });
  sent.add(`post ${docPath}#${name}`);
  if (process.env['EXAMPLES_TRACE']) process.stderr.write(`sent ${docPath}#${name} → ${res.status}\n`);
  return res.body as Json;
}

async function view(id: string, tok = viewer): Promise<View> {
  const res = await request(app).get(`/v1/applications/${id}`).set('Authorization', `Bearer ${tok}`);
  if (res.status !== 200) throw new Error(`GET /v1/applications/${id}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as View;
}

/**
 * Waits until the case's view satisfies `ok`: the workflow moves on as its activities finish (no timer
 * needs to fire), so this is a wait on an event; the ceiling only bounds a hang.
 */
async function until(id: string, what: string, ok: (v: View) => boolean, tok = viewer): Promise<View> {
  const ceiling = Date.now() + 90_000;
  let last: View | undefined;
  for (;;) {
    last = await view(id, tok).catch(() => undefined);
    if (last && ok(last)) return last;
    if (Date.now() > ceiling) {
      if (process.env['EXAMPLES_TRACE']) process.stderr.write(`${id}: ${what} did not happen\n`);
      throw new Error(`${id}: ${what} did not happen; last view ${JSON.stringify(last)?.slice(0, 2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
const pending = (action: string) => (v: View) => v.pendingActions.some((a) => a.action === action);

async function submit(code: string, body: unknown, tok = portal): Promise<string> {
  const res = await post(`/v1/services/${code}/applications`, tok, body);
  if (res.status !== 201) throw new Error(`submit ${code}: ${res.status} ${JSON.stringify(res.body)}`);
  started.push(res.body.applicationId as string);
  return res.body.applicationId as string;
}

/** Sends the submission example of `code` as documented, with its header's Idempotency-Key. */
async function submitExample(code: string, tok = portal): Promise<string> {
  const docPath = `/v1/services/${code}/applications`;
  const body = await sendExample(docPath, '', docPath, tok, example('post', docPath), 201);
  started.push(body.applicationId as string);
  return body.applicationId as string;
}

const act = (id: string, action: string, tok: string, body: unknown): Promise<request.Response> =>
  post(`/v1/applications/${id}/actions/${action}`, tok, body);

async function actOk(id: string, action: string, tok: string, body: unknown): Promise<void> {
  const res = await act(id, action, tok, body);
  if (res.status !== 200) throw new Error(`${action} on ${id}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Sends the action example of `service` to case `id`. */
function actionExample(service: string, action: string, id: string, tok: string, edit: (e: Json) => Json = (e) => e): Promise<Json> {
  const docPath = `/v1/applications/{id}/actions/${action}`;
  return sendExample(docPath, service, `/v1/applications/${id}/actions/${action}`, tok, edit(example('post', docPath, service)), 200);
}

// ---- the services ----------------------------------------------------------------------------------------

test('SME registration: the submission, a founder’s signature and the choice of another bank', async () => {
  const code = 'sme-registration';
  const id = await submitExample(code);
  await until(id, 'signing opens', pending('sign'));
  await actionExample(code, 'sign', id, portal);

  // Halyk Bank refuses a founder on its risk list (adapters/bank/data.ts): the applicant chooses another bank.
  const body = example<{ founders: Array<{ iin: string; fullName: string; sharePercent: number }> }>(
    'post',
    `/v1/services/${code}/applications`,
  );
  body.founders[1] = { iin: '881102400154', fullName: 'Risk Listed Person', sharePercent: 40 };
  const refused = await submit(code, body);
  await until(refused, 'the bank refuses', pending('choose-another-bank'));
  await actionExample(code, 'choose-another-bank', refused, portal);
});

const ctrm = staffOf('ctrm');
const licensingHead = staffOf('ctrm', 'ctrm:licensing-head');
const chairman = staffOf('ctrm', 'ctrm:chairman');
const today = (): string => localDateOf(now());
/** A site inspection that finds the calibration certificates wanting: a refusal may then be heard (¶12-1). */
const nonConformingSite = (code: string): Json => {
  const e = example<{ findings: Array<{ requirement: string; conforms: boolean; note: string }> } & Json>(
    'post',
    '/v1/applications/{id}/actions/site-inspection',
    code,
  );
  e.findings = e.findings.map((f) =>
    f.requirement === 'calibration-certificates' ? { ...f, conforms: false, note: 'No valid verification mark.' } : f,
  );
  return { ...e, visitedOn: today() };
};
/** The refused Flag/Emblem license of the complaint tests. */
let refusedLicense: string | undefined;

/**
 * Idempotency of a signal on the real server: the gateway's retry of a delivered callback (another
 * Idempotency-Key, the same event) is answered 202 from the store without a second signal; and the same
 * event signalled to the case again directly (as two API replicas racing past the store would) changes
 * nothing: the fee stays paid at the first moment, the timeline gains no entry.
 */
async function repeatedPaymentHasNoSecondEffect(id: string, callback: Json, paid: View): Promise<void> {
  const handle = env.client.workflow.getHandle(id);
  const paymentSignals = async (): Promise<number> =>
    ((await handle.fetchHistory()).events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'payment').length;
  expect(await paymentSignals()).toBe(1);
  const retry = await post('/v1/callbacks/payment-gateway', gateway, callback);
  expect(retry.status).toBe(202);
  expect(await paymentSignals()).toBe(1);

  const { applicationId: _case, ...event } = callback;
  await handle.signal(paymentSignal, event as unknown as PaymentEvent);
  for (const deadline = Date.now() + 30_000; (await paymentSignals()) < 2 && Date.now() < deadline; )
    await new Promise((r) => setTimeout(r, 50));
  expect(await paymentSignals()).toBe(2);
  const after = await view(id);
  expect(after.details['fee']).toEqual(paid.details['fee']);
  expect((after as unknown as { timeline: unknown[] }).timeline).toEqual((paid as unknown as { timeline: unknown[] }).timeline);
}

describe.each(['flag-emblem-license', 'flag-emblem-license-reissue'])('%s', (code) => {
  test('issue path: completeness, approving body asked and answered (event), site inspection, fee paid (callback), decision, approval', async () => {
    const id = await submitExample(code);
    await until(id, 'the completeness check opens', pending('completeness-check'));
    await actionExample(code, 'completeness-check', id, ctrm);
    await until(id, 'the site inspection opens', pending('site-inspection'));
    await actionExample(code, 'approving-body-request', id, ctrm);
    // The example's visitedOn is the day the API started (documented with the example); this case's visit is today.
    await actionExample(code, 'site-inspection', id, ctrm, (e) => ({ ...e, visitedOn: today() }));
    const atDecision = await until(id, 'the decision opens with the request sent and the fee invoiced', (v) => {
      const fee = v.details['fee'] as { invoiceId?: string } | undefined;
      const requests = v.details['approvingBodyRequests'] as Array<{ requestId?: string }> | undefined;
      return pending('final-decision')(v) && fee?.invoiceId !== undefined && requests?.[0]?.requestId !== undefined;
    });

    // The approving body's answer, to this case's request.
    const requestId = (atDecision.details['approvingBodyRequests'] as Array<{ requestId: string }>)[0]!.requestId;
    const eventPath = '/v1/applications/{id}/events/approving-body-answer';
    await sendExample(
      eventPath,
      code,
      `/v1/applications/${id}/events/approving-body-answer`,
      gateway,
      { ...example<Json>('post', eventPath, code), requestId },
      202,
    );
    await until(id, 'the answer is recorded', (v) =>
      (v.details['approvingBodyRequests'] as Array<{ answer?: unknown }>).every((r) => r.answer !== undefined),
    );

    // The fee: the gateway's callback for this case's invoice (the example's ids, amount and moment are another case's).
    const fee = atDecision.details['fee'] as { invoiceId: string; amountTenge: number };
    await paymentGateway.settle(fee.invoiceId, 'paid');
    const callbackPath = '/v1/callbacks/payment-gateway';
    const callback = {
      ...example<Json>('post', callbackPath),
      applicationId: id,
      invoiceId: fee.invoiceId,
      amountTenge: fee.amountTenge,
      at: toKzIso(now()),
    };
    if (code === 'flag-emblem-license') {
      await sendExample(callbackPath, '', callbackPath, gateway, callback, 202);
    } else {
      const paid = {
        invoiceId: fee.invoiceId,
        applicationId: id,
        status: 'paid',
        amountTenge: fee.amountTenge,
        at: toKzIso(now()),
        gatewayRef: 'GW-1',
      };
      expect((await post('/v1/callbacks/payment-gateway', gateway, paid)).status).toBe(202);
    }
    const paidView = await until(id, 'the fee is paid', (v) => (v.details['fee'] as { status: string }).status === 'paid');
    if (code === 'flag-emblem-license') await repeatedPaymentHasNoSecondEffect(id, callback, paidView);

    await actionExample(code, 'final-decision', id, ctrm);
    await until(id, 'the approval chain opens', pending('draft-review'));
    await actionExample(code, 'draft-review', id, licensingHead);
  });

  test('refusal path: preliminary decision, objection, a returned draft resubmitted', async () => {
    const id = await submit(code, example('post', `/v1/services/${code}/applications`));
    await until(id, 'the completeness check opens', pending('completeness-check'));
    await actOk(id, 'completeness-check', ctrm, { complete: true, findings: [] });
    await until(id, 'the site inspection opens', pending('site-inspection'));
    await actOk(id, 'site-inspection', ctrm, nonConformingSite(code));
    await until(id, 'the decision opens', pending('preliminary-decision'));
    await actionExample(code, 'preliminary-decision', id, ctrm);
    await until(id, 'the hearing opens', pending('objection'));
    await actionExample(code, 'objection', id, portal);
    await until(id, 'the final decision opens', pending('final-decision'));
    const submitted = example<{ content: Json }>('post', '/v1/applications/{id}/actions/draft-submit', code).content;
    await actOk(id, 'final-decision', ctrm, submitted);
    await until(id, 'the approval chain opens', pending('draft-review'));
    await actOk(id, 'draft-review', licensingHead, { chain: 'final-decision', verdict: 'reject', comment: 'Cite the serial number.' });
    await until(id, 'the draft is returned', pending('draft-submit'));
    await actionExample(code, 'draft-submit', id, ctrm);
    if (code !== 'flag-emblem-license') return;
    // Signed up the chain: the refusal the complaint tests complain about.
    await until(id, 'the chain reopens', pending('draft-review'));
    await actOk(id, 'draft-review', licensingHead, { chain: 'final-decision', verdict: 'approve' });
    await until(id, 'the chairman reviews', pending('draft-review'));
    await actOk(id, 'draft-review', chairman, { chain: 'final-decision', verdict: 'approve' });
    await until(id, 'the case is refused', (v) => v.outcome === 'refused');
    refusedLicense = id;
  });

  test('withdrawal', async () => {
    const id = await submit(code, example('post', `/v1/services/${code}/applications`));
    await until(id, 'the review starts', pending('completeness-check'));
    await actionExample(code, 'withdraw', id, portal);
  });
});

test('Flag/Emblem duplicate: the submission', async () => {
  const id = await submitExample('flag-emblem-license-duplicate');
  await until(id, 'the duplicate is decided', (v) => v.outcome !== 'open');
});

describe.each([
  'mne-import-export-license',
  'mne-export-import-permit',
  'mne-commodity-dealer-license',
  'mne-commodity-broker-license',
  'mne-commodity-exchange-license',
])('%s', (code) => {
  const body = SERVICE_MODULES.find((m) => m.descriptor.code === code)!.descriptor.licensorBody;
  const staff = staffOf(body);
  // seed 001 ¶11(11): the division head, then the authorized person who signs (domain/approval-chains.ts).
  const [head, authorized] = MNE_LICENSE_APPROVAL_CHAINS[MNE_SERVICES[code as MneServiceCode].family].map((p) => staffOf(body, p.subject));
  test('the submission and an eligible conclusion up the approval chain (a draft returned and resubmitted); an ineligible one heard, objected to and refused', async () => {
    const id = await submitExample(code);
    await until(id, 'the conclusion opens', pending('record-conclusion'));
    await actionExample(code, 'record-conclusion', id, staff);
    await until(id, 'the approval chain opens', pending('draft-review'));
    await actOk(id, 'draft-review', head as string, { chain: 'licence', verdict: 'reject', comment: 'Name the goods code.' });
    await until(id, 'the draft is returned', pending('draft-submit'));
    await actionExample(code, 'draft-submit', id, staff);
    await until(id, 'the chain reopens', pending('draft-review'));
    await actionExample(code, 'draft-review', id, head as string);
    await until(id, 'the authorized person reviews', pending('draft-review'));
    await actOk(id, 'draft-review', authorized as string, { chain: 'licence', verdict: 'approve' });
    await until(id, 'the licence is issued', (v) => v.outcome !== 'open' || v.stage === 'hand-over');

    const heard = await submit(code, example('post', `/v1/services/${code}/applications`));
    await until(heard, 'the conclusion opens', pending('record-conclusion'));
    await actOk(heard, 'record-conclusion', staff, {
      eligible: false,
      findings: [{ requirement: 'foreign-trade contract', finding: 'contract not signed by the counterparty', met: false }],
      conclusion: 'The applicant is not eligible (Annex 3).',
    });
    await until(heard, 'the hearing opens', pending('submit-objection'));
    await actionExample(code, 'submit-objection', heard, portal);
    await until(heard, 'the final decision opens', (v) => v.stage === 'final-decision');
    await actionExample(code, 'record-final-decision', heard, staff);
  });
});

test('NCA certificate issue: the provider’s check of a package handed in at the counter', async () => {
  const sts = staffOf('sts');
  const key = (): string =>
    crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const id = await submit(
    'nca-certificate-issue',
    {
      package: {
        category: 1,
        // The counter's A1 example (services/nca/counter.ts), with real keys and this case's day.
        form: { ...A1_FORM_EXAMPLE, signaturePublicKey: key(), authenticationPublicKey: key(), appliedOn: today() },
        handedIn: ['application-form', 'identity-document'],
        representative: false,
        consentToProtectedData: true,
      },
    },
    sts,
  );
  await until(id, 'the provider’s check opens', (v) => v.stage === 'provider-check', sts);
  await actionExample('nca-certificate-issue', 'record-nca-check', id, sts);
});

describe('complaints against a refused Flag/Emblem license', () => {
  const filingPath = '/v1/complaints';
  /** The filing example against `refusedLicense`: its application and the day its applicant learned of the decision substituted. */
  const filing = (edit: Json = {}): Json => ({
    ...example('post', filingPath),
    applicationId: refusedLicense,
    learnedOn: today(),
    ...edit,
  });
  const untilComplaint = async (c: string, stage: string): Promise<void> => {
    for (const ceiling = Date.now() + HANG_CEILING_MS; ; ) {
      const v = await request(app).get(`/v1/complaints/${c}`).set('Authorization', `Bearer ${ctrm}`);
      if (v.status === 200 && (v.body as View).stage === stage) return;
      if (Date.now() > ceiling)
        throw new Error(`complaint ${c} did not reach ${stage}: ${v.status} ${JSON.stringify(v.body).slice(0, 1000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const complaintAct = (c: string, action: string, tok: string) =>
    sendExample(
      `/v1/complaints/{id}/actions/${action}`,
      '',
      `/v1/complaints/${c}/actions/${action}`,
      tok,
      example('post', `/v1/complaints/{id}/actions/${action}`),
      200,
    );

  test('to the provider: filed, extended with its notice, upheld', async () => {
    expect(refusedLicense).toBeDefined();
    const filed = await sendExample(filingPath, '', filingPath, portal, filing(), 201);
    const c = filed.complaintId as string;
    started.push(c);
    await untilComplaint(c, 'review');
    await complaintAct(c, 'complaint-extend', ctrm);
    await complaintAct(c, 'complaint-extension-notice', ctrm);
    await complaintAct(c, 'complaint-decision', ctrm);
  });

  test('to the reviewing body through the provider: forwarded; another satisfied by a favourable act', async () => {
    expect(refusedLicense).toBeDefined();
    for (const action of ['complaint-forward', 'complaint-favourable-act']) {
      const res = await post(filingPath, portal, filing({ addressee: 'reviewing-body', viaProvider: true }));
      expect(res.status).toBe(201);
      const c = res.body.complaintId as string;
      started.push(c);
      await untilComplaint(c, 'forwarding');
      await complaintAct(c, action, ctrm);
    }
  });
});

describe('State Corporation counter', () => {
  const branch = 'astana-yesil';
  const operator = token({ subject: `${branch}-operator-1`, role: 'operator', branch });
  const code = 'mne-import-export-license';
  const body = SERVICE_MODULES.find((m) => m.descriptor.code === code)!.descriptor.licensorBody;
  const staff = staffOf(body);
  const chain = MNE_LICENSE_APPROVAL_CHAINS[MNE_SERVICES[code].family].map((p) => staffOf(body, p.subject));
  /** Sends the counter operation's example (ids in `url` substituted, `edit` for the ids in the body) and expects `status`. */
  const counterExample = (docPath: string, url: string, tok: string, status: number, edit: (e: Json) => Json = (e) => e) =>
    sendExample(docPath, '', url, tok, edit(example('post', docPath)), status);
  const untilVisit = async (visit: string, stage: string): Promise<Json> => {
    for (const ceiling = Date.now() + HANG_CEILING_MS; ; ) {
      const v = await request(app).get(`/v1/counter/visits/${visit}`).set('Authorization', `Bearer ${operator}`);
      if (v.status === 200 && (v.body as Json)['stage'] === stage) return v.body as Json;
      if (Date.now() > ceiling)
        throw new Error(`visit ${visit} did not reach ${stage}: ${v.status} ${JSON.stringify(v.body).slice(0, 1000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  test('a slot booked; a walk-in ticket called; the S1 application entered (look-ups found), a scan uploaded, signed and forwarded; the licence issued and handed over at the branch', async () => {
    // The booking example's slot is relative to the day the API started (documented with it): in this
    // server's future, as the server's day is the next working day and the slot the second.
    const bookings = '/v1/counter/branches/{branch}/bookings';
    const slot = example<{ slot: string }>('post', bookings).slot;
    started.push(queueWorkflowId(branch, localDateOf(new Date(slot))));
    const booked = await counterExample(bookings, `/v1/counter/branches/${branch}/bookings`, portal, 201);
    expect(booked['code']).toMatch(/^\d{8}-\d{3}$/);

    // A walk-in ticket (the example: no booking code), the only one waiting, called by the operator.
    started.push(queueWorkflowId(branch, today()));
    const tickets = '/v1/counter/branches/{branch}/tickets';
    const ticket = await counterExample(tickets, `/v1/counter/branches/${branch}/tickets`, operator, 201);
    const visit = ticket['visitId'] as string;
    started.push(visit);
    const called = await post(`/v1/counter/branches/${branch}/call-next`, operator, {});
    expect({ status: called.status, visit: (called.body as { ticket?: { visitId?: string } }).ticket?.visitId }).toEqual({
      status: 200,
      visit,
    });

    // ¶11(2)–(3): the example's legal entity and notarised PoA are in the state databases and the notarial system.
    await counterExample('/v1/counter/visits/{visit}/application', `/v1/counter/visits/${visit}/application`, operator, 202);
    await untilVisit(visit, 'documents');
    // ¶11(6): the scan example, then the signing example naming it.
    await counterExample('/v1/counter/scans', '/v1/counter/scans', operator, 201);
    await counterExample('/v1/counter/visits/{visit}/sign', `/v1/counter/visits/${visit}/sign`, operator, 202);
    const forwarded = await untilVisit(visit, 'forwarded');
    const id = (forwarded['forwarded'] as { applicationId: string }).applicationId;
    const receiptAncn = (forwarded['receipt'] as { ancn: string }).ancn;
    started.push(id);

    // The provider concludes and its approval chain signs the licence (seed 001 ¶11(11)).
    await until(id, 'the conclusion opens', pending('record-conclusion'), staff);
    await actOk(id, 'record-conclusion', staff, {
      eligible: true,
      findings: [{ requirement: 'eligibility', finding: 'meets the requirements', met: true }],
      conclusion: 'The applicant is eligible (Annex 3).',
    });
    for (const reviewer of chain) {
      await until(id, 'the approval chain asks the next reviewer', pending('draft-review'), staff);
      await actOk(id, 'draft-review', reviewer, { chain: 'licence', verdict: 'approve' });
    }
    await until(id, 'the licence waits at the branch', (v) => v.outcome === 'issued' && v.details['handOver'] !== undefined, staff);

    // ¶12: the applicant is back with this visit's receipt (the example's ANCN is another case's); the hand-over.
    await counterExample(
      '/v1/counter/hand-overs/{applicationId}/receipt-presented',
      `/v1/counter/hand-overs/${id}/receipt-presented`,
      operator,
      200,
      (e) => ({ ...e, receiptAncn }),
    );
    const handed = await counterExample(
      '/v1/counter/hand-overs/{applicationId}/hand-over',
      `/v1/counter/hand-overs/${id}/hand-over`,
      operator,
      200,
    );
    expect(handed['status']).toBe('handed-over');
  });
});

test('reference data: the admin publishes a decree and an MRP', async () => {
  for (const p of ['/v1/admin/reference-data/calendar/decrees', '/v1/admin/reference-data/mrp'])
    await sendExample(p, '', p, admin, example('post', p), 201);
});

test('register of permits and notifications: an external result entered, a notification filed, the permit suspended', async () => {
  const success = (p: string): number => {
    const op = (doc.paths[p]?.['post'] ?? {}) as { responses?: Record<string, unknown> };
    return Number(Object.keys(op.responses ?? {}).find((c) => c.startsWith('2')));
  };
  const permits = '/v1/register/permits';
  const entered = await sendExample(permits, '', permits, ctrm, example('post', permits), success(permits));
  const notifications = '/v1/register/notifications';
  await sendExample(notifications, '', notifications, portal, example('post', notifications), success(notifications));
  const ancn = (entered['ancn'] ?? (entered['entry'] as Json | undefined)?.['ancn']) as string;
  const operation = '/v1/register/{kind}/{ancn}/operations/{operation}';
  await sendExample(operation, '', `/v1/register/permits/${ancn}/operations/suspend`, ctrm, example('post', operation), success(operation));
});

test('every request example of the document was sent above and succeeded', () => {
  // An operation with a request example added to the document and not sent here is listed, and fails.
  expect(documentedExamples().filter((e) => !sent.has(e))).toEqual([]);
});

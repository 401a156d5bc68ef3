/**
 * A complaint in the reviewing body's web inbox, in a real browser (Debian's chromium via playwright-core),
 * against the API in-process and a REAL complaint workflow (workflows/complaints/complaint.workflow.ts) on
 * the time-skipping Temporal server, with the real common and complaint activities writing the in-memory
 * read model and signing with the local test chain.
 *
 * Story (seed 003 ¶16): the applicant of a refused Flag/Emblem license complains to the provider through
 * the portal. A CTRM employee signs in, finds the complaint in the inbox with its 5-working-day deadline,
 * asks for an extension beyond the 10 working days the law allows (refused, naming the field), then
 * extends it by 5; the inbox then offers the extension notice the complainant is owed within 3 working
 * days. Screenshots: test-artifacts/e2e/. Without chromium this test FAILS (it is never skipped).
 */
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import type { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { flagEmblemLicenseModule } from '../../services/flag-emblem/license-api';
import { TemporalCaseGateway } from '../../api/temporal-case-gateway';
import { createCommonActivities } from '../../activities/common';
import { createComplaintActivities, temporalCaseInputs } from '../../activities/complaints';
import { InMemoryPersonalCabinet } from '../../adapters/cabinet/fake';
import { InMemoryMonitoringSystem } from '../../adapters/monitoring/fake';
import { LocalXmlSigner } from '../../adapters/signer/local';
import { InMemoryStateDatabases } from '../../adapters/state-databases/fake';
import { InMemoryPermitRegister } from '../../register/permit-register-memory';
import { formatAncn } from '../../domain/ancn';
import { InMemoryApplicationStore } from '../../persistence/in-memory';
import { createTimeSkippingEnv, createWorker, taskQueueFor } from '../helpers/temporal';
import { ARTIFACTS, launchChromium, startApi, type Api } from './helpers';

const APPLICANT_BIN = '180340001231';
const REFUSED_CASE = 'flag-emblem-license-KZ77APP00000777';
/** Monday 6 April 2026, 10:00 Astana: a working day, so the complaint is registered at once. */
const FILED_AT = new Date('2026-04-06T10:00:00+05:00');

let env: TestWorkflowEnvironment;
let worker: Worker;
let workerRun: Promise<void>;
let api: Api;
let browser: BrowserContext;
let baseUrl = '';
let staffToken = '';
let portalToken = '';
let caseNow = FILED_AT;
let serverStartMs = 0;
const store = new InMemoryApplicationStore(() => caseNow);

async function syncClock(): Promise<Date> {
  caseNow = new Date(FILED_AT.getTime() + ((await env.currentTimeMs()) - serverStartMs));
  return caseNow;
}

beforeAll(async () => {
  browser = await launchChromium({ viewport: { width: 1280, height: 900 } });
  env = await createTimeSkippingEnv();
  serverStartMs = await env.currentTimeMs();
  const taskQueue = taskQueueFor('e2e complaints');
  const signer = await LocalXmlSigner.fromDir(path.join(os.tmpdir(), 'kz-e2e-pki'), () => caseNow);
  worker = await createWorker(env, {
    taskQueue,
    workflowsPath: require.resolve('../../workflows/complaints/complaint.workflow'),
    activities: {
      ...createCommonActivities({
        store,
        signer,
        cabinet: new InMemoryPersonalCabinet(() => caseNow),
        monitoring: new InMemoryMonitoringSystem(() => caseNow),
      }),
      ...createComplaintActivities({ store, cases: temporalCaseInputs(env.client) }),
    },
  });
  workerRun = worker.run();

  api = await startApi({
    store,
    cases: new TemporalCaseGateway({ client: env.client, taskQueue }),
    modules: [flagEmblemLicenseModule],
    clock: () => caseNow,
    preAcceptance: { stateDatabases: new InMemoryStateDatabases(), permits: new InMemoryPermitRegister() },
  });
  baseUrl = api.baseUrl;
  staffToken = api.token({ subject: 'ctrm-employee-7', role: 'staff', licensorBody: 'ctrm' });
  portalToken = api.token({ subject: 'portal-egov', role: 'portal' });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  worker?.shutdown();
  await workerRun?.catch(() => undefined);
  await env?.teardown();
}, 60_000);

async function staffAct(complaintId: string, action: string, body: unknown): Promise<Response> {
  return fetch(`${baseUrl}/v1/complaints/${encodeURIComponent(complaintId)}/actions/${action}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${staffToken}`, 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify(body),
  });
}

test('staff extend a complaint from the inbox: beyond 10 working days refused in words, 5 accepted, the notice offered next', async () => {
  await store.createApplication({
    id: REFUSED_CASE,
    serviceCode: 'flag-emblem-license',
    workflowId: REFUSED_CASE,
    ancn: formatAncn('APP', 777),
    applicantRef: APPLICANT_BIN,
    licensorBody: 'ctrm',
    submittedAt: new Date('2026-03-23T10:00:00+05:00'),
    registeredAt: new Date('2026-03-23T10:00:00+05:00'),
    dueAt: new Date('2026-04-01T18:30:00+05:00'),
    calendarVersion: 'kz-calendar/2024-2029@2',
    status: 'refused',
    stage: 'closed',
  });
  const filed = await fetch(`${baseUrl}/v1/complaints`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${portalToken}`, 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify({
      applicationId: REFUSED_CASE,
      complainant: { iinOrBin: APPLICANT_BIN },
      addressee: 'provider',
      learnedOn: '2026-04-02',
      subject: 'decision',
      demands: 'Cancel the refusal: the verification certificate was valid.',
    }),
  });
  expect(filed.status).toBe(201);
  const complaint = (await filed.json()) as { complaintId: string; dueAt: string };
  // seed 003 ¶16: 5 working days from registration (Monday 6 April → Monday 13 April).
  expect(complaint.dueAt).toBe('2026-04-13T18:30:00+05:00');
  const id = complaint.complaintId;

  // The workflow registers it and opens the review (a signed registration notice first).
  for (const t0 = Date.now(); !(await store.getApplication(id))?.pendingActions.some((a) => a.action === 'complaint-extend'); ) {
    if (Date.now() - t0 > 60_000)
      throw new Error(`the complaint never reached its review: ${JSON.stringify(await store.getApplication(id))}`);
    await new Promise((r) => setTimeout(r, 100));
  }

  const page = await browser.newPage();
  let settled = false;
  try {
    await page.goto(`${baseUrl}/web/#/login`);
    await page.evaluate('sessionStorage.clear()');
    await page.goto(`${baseUrl}/web/#/login`);
    await page.fill('#token', staffToken);
    await page.click('#login button[type=submit]');
    const card = page.locator(`#inbox article[data-case="${id}"]`);
    await card.waitFor({ timeout: 30_000 });
    expect(await card.textContent()).toContain('2026-04-13 18:30');
    expect(await card.textContent()).toContain('Complaint');
    await card.locator('button[data-action="complaint-extend"]').click();
    const form = card.locator('form.decision[data-action="complaint-extend"]');
    await form.waitFor();
    await form.locator('select[name="ground"]').selectOption('on-site-check');
    await form.locator('textarea[name="reasons"], input[name="reasons"]').fill('The production site must be visited again.');
    await form.locator('input[name="workingDays"]').fill('11'); // seed 003 ¶16: at most 10
    await form.locator('button[type=submit]').click();
    const problem = form.locator('.problem');
    await problem.waitFor();
    expect(await problem.textContent()).toContain('workingDays');
    await page.screenshot({ path: path.join(ARTIFACTS, 'complaint-extension-refused.png'), fullPage: true });

    await form.locator('input[name="workingDays"]').fill('5');
    await form.locator('button[type=submit]').click();
    await form.locator('.notice').waitFor();
    await page.locator(`#inbox article[data-case="${id}"] button[data-action="complaint-extension-notice"]`).waitFor({ timeout: 30_000 });
    await syncClock();
    const row = await store.getApplication(id);
    // Extended by 5 working days: 13 April → 20 April.
    expect(row?.dueAt.toISOString()).toBe(new Date('2026-04-20T18:30:00+05:00').toISOString());
    await page.screenshot({ path: path.join(ARTIFACTS, 'complaint-extended.png'), fullPage: true });

    // Settle the case before the worker stops: the notice, then a dismissal.
    expect((await staffAct(id, 'complaint-extension-notice', {})).status).toBe(200);
    const dismissed = await staffAct(id, 'complaint-decision', {
      decision: 'dismissed',
      reasoning: 'The site inspection found the production non-conforming; the refusal stands.',
    });
    expect(dismissed.status).toBe(200);
    settled = true;
  } finally {
    await page.close();
    if (!settled) await env.client.workflow.getHandle(id).terminate('test failed');
  }
}, 120_000);

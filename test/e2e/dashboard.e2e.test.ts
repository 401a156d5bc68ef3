/**
 * The web dashboard in a real browser (Debian's chromium, driven by playwright-core, launched by path)
 * against the API in-process, with a REAL Flag/Emblem license case (services/flag-emblem/license-workflow.ts)
 * on the time-skipping Temporal server, real common activities writing the in-memory read model and
 * signing documents with the local test chain.
 *
 * Story: a license application is paid and waits for the completeness check (seed 003 ¶10: 1 working
 * day). Nobody acts; the deadline passes and the case is escalated and flagged at risk. A CTRM employee
 * signs in, finds it in the overview's at-risk list and in the inbox, first records an inconsistent
 * decision (refused, shown in words), then a valid one — and the case moves to the site inspection.
 * Screenshots: test-artifacts/e2e/. Without chromium this test FAILS (it is never skipped).
 */
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { EXAMPLE_FORM, flagEmblemLicenseModule } from '../../services/flag-emblem/license-api';
import { TemporalCaseGateway } from '../../api/temporal-case-gateway';
import { createCommonActivities } from '../../activities/common';
import { createFlagEmblemActivities } from '../../services/flag-emblem/license-activities';
import { InMemoryApprovingBodyGateway } from '../../adapters/approving-body/fake';
import { InMemoryPersonalCabinet } from '../../adapters/cabinet/fake';
import { InMemoryMonitoringSystem } from '../../adapters/monitoring/fake';
import { InMemoryPaymentGateway } from '../../adapters/payment-gateway/fake';
import { InMemoryPermitRegister } from '../../register/permit-register-memory';
import { LocalXmlSigner } from '../../adapters/signer/local';
import { InMemoryStateDatabases } from '../../adapters/state-databases/fake';
import { InMemoryApplicationStore } from '../../persistence/in-memory';
import { paymentSignal } from '../../workflows/shared/payment-signal';
import { statusQuery, type CaseStatus } from '../../workflows/shared/case';
import { createTimeSkippingEnv, createWorker, HANG_CEILING_MS, taskQueueFor } from '../helpers/temporal';
import { ARTIFACTS, launchChromium, startApi, type Api } from './helpers';
const APPLICANT_BIN = '180340001231'; // the module's example applicant
/** Monday 6 April 2026, 10:00 Astana: inside working hours, so registered at once (seed 003 ¶9). */
const SUBMITTED_AT = new Date('2026-04-06T10:00:00+05:00');

let env: TestWorkflowEnvironment;
let worker: Worker;
let workerRun: Promise<void>;
let api: Api;
let browser: BrowserContext;
let baseUrl = '';
let staffToken = '';
let portalToken = '';
const store = new InMemoryApplicationStore(() => caseNow);
const payments = new InMemoryPaymentGateway({ now: () => caseNow });
let caseNow = SUBMITTED_AT;
let serverStartMs = 0;
let cases: TemporalCaseGateway;

/** The case clock: submission moment + the skipping server's elapsed time. */
async function syncClock(): Promise<Date> {
  caseNow = new Date(SUBMITTED_AT.getTime() + ((await env.currentTimeMs()) - serverStartMs));
  return caseNow;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = HANG_CEILING_MS): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  // Fail, never skip: the dashboard is part of the product.
  browser = await launchChromium({ viewport: { width: 1280, height: 900 } });

  env = await createTimeSkippingEnv();
  serverStartMs = await env.currentTimeMs();
  const taskQueue = taskQueueFor('e2e dashboard');
  const signer = await LocalXmlSigner.fromDir(path.join(os.tmpdir(), 'kz-e2e-pki'), () => caseNow);
  const stateDatabases = new InMemoryStateDatabases({
    legalEntities: [
      {
        bin: APPLICANT_BIN,
        name: 'ТОО "Рәміз Өндіріс"',
        registeredOn: '2018-03-14',
        legalAddress: 'Астана қ., Тұран д-лы, 12',
        head: { iin: '850512400125', fullName: 'Сейтқали Айгерім' },
        status: 'active',
      },
    ],
  });
  const permitRegister = new InMemoryPermitRegister();
  worker = await createWorker(env, {
    taskQueue,
    workflowsPath: require.resolve('../../services/flag-emblem/license-workflow'),
    activities: {
      ...createCommonActivities({
        store,
        signer,
        cabinet: new InMemoryPersonalCabinet(() => caseNow),
        monitoring: new InMemoryMonitoringSystem(() => caseNow),
      }),
      ...createFlagEmblemActivities({
        stateDatabases,
        approvingBodies: new InMemoryApprovingBodyGateway(),
        permitRegister,
        paymentGateway: payments,
      }),
    },
  });
  workerRun = worker.run();

  cases = new TemporalCaseGateway({ client: env.client, taskQueue });
  api = await startApi({
    store,
    cases,
    modules: [flagEmblemLicenseModule],
    clock: () => caseNow,
    // seed 004 ¶21: the API checks the applicant in the same state databases the worker reads.
    preAcceptance: { stateDatabases, permits: permitRegister },
  });
  baseUrl = api.baseUrl;
  staffToken = api.token({ subject: 'ctrm-employee-7', role: 'staff', licensorBody: 'ctrm', displayName: 'Aigerim Seitkali' });
  portalToken = api.token({ subject: 'portal-egov', role: 'portal' });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  worker?.shutdown();
  await workerRun?.catch(() => undefined);
  await env?.teardown();
}, 60_000);

async function signIn(page: Page, token: string): Promise<void> {
  // One profile for all tests: start each signed out.
  await page.goto(`${baseUrl}/web/#/login`);
  await page.evaluate('sessionStorage.clear()');
  await page.goto(`${baseUrl}/web/#/login`);
  await page.fill('#token', token);
  await page.click('#login button[type=submit]');
}

/** A license case, paid, waiting for the completeness check; then its 1-working-day deadline passes. */
async function atRiskCase(): Promise<{ id: string; ancn: string }> {
  const submit = await fetch(`${baseUrl}/v1/services/flag-emblem-license/applications`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${portalToken}`, 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify({ applicant: { kind: 'legal-entity', iinOrBin: APPLICANT_BIN }, form: EXAMPLE_FORM }),
  });
  expect(submit.status).toBe(201);
  const accepted = (await submit.json()) as { applicationId: string; ancn: string };
  const handle = env.client.workflow.getHandle(accepted.applicationId);
  const invoiceId = await until('the fee invoice', async () => {
    const s: CaseStatus = await handle.query(statusQuery);
    return (s.details['fee'] as { invoiceId?: string } | undefined)?.invoiceId;
  });
  await syncClock();
  const ev = await payments.settle(invoiceId, 'paid');
  await handle.signal(paymentSignal, { invoiceId, status: 'paid', amountTenge: ev.amountTenge, at: ev.at, gatewayRef: ev.gatewayRef });
  await until('the completeness check', async () =>
    (await store.getApplication(accepted.applicationId))?.stage === 'completeness-check' ? true : undefined,
  );
  // seed 003 ¶10: completeness check within 1 working day → by Tuesday 18:30; skip to Tuesday 18:40.
  await env.sleep(new Date('2026-04-07T18:40:00+05:00').getTime() - (await syncClock()).getTime());
  await until('the at-risk flag in the read model', async () =>
    (await store.getApplication(accepted.applicationId))?.slaState === 'at-risk' ? true : undefined,
  ).catch(async (e: unknown) => {
    const s: CaseStatus = await handle.query(statusQuery);
    throw new Error(
      `${String(e)}; case now ${(await syncClock()).toISOString()}, status ${JSON.stringify({ stage: s.stage, sla: s.slaState, waitingOn: s.waitingOn })}, audit ${JSON.stringify((await store.listAudit(accepted.applicationId)).map((a) => [a.action, a.at]))}`,
    );
  });
  await syncClock();
  return { id: accepted.applicationId, ancn: accepted.ancn };
}

test('staff find the at-risk case, a wrong decision is refused in words, a valid one moves the case', async () => {
  const { id, ancn } = await atRiskCase();
  const page = await browser.newPage();
  try {
    await signIn(page, staffToken);
    // Staff land on their inbox.
    await page.waitForSelector(`#inbox article[data-case="${id}"]`);

    // The overview's at-risk list names the case.
    await page.click('#nav-overview');
    await page.waitForSelector('#at-risk');
    expect(await page.textContent('#at-risk')).toContain(ancn);
    expect(await page.textContent('section.service[data-service="flag-emblem-license"] [data-figure="at-risk"]')).toBe('1');
    await page.screenshot({ path: path.join(ARTIFACTS, 'overview-desktop.png'), fullPage: true });

    // The inbox: the case, at risk, with the completeness check it accepts now.
    await page.click('#nav-inbox');
    const card = page.locator(`#inbox article[data-case="${id}"]`);
    await card.waitFor();
    expect(await card.locator('.sla').getAttribute('data-sla')).toBe('at-risk');
    expect(await card.locator('.stage').textContent()).toBe('Completeness check');
    await card.locator('button[data-action="completeness-check"]').click();
    const form = card.locator('form.decision[data-action="completeness-check"]');
    await form.waitFor();

    // "Incomplete" without saying what is missing: refused (the action's schema, as in the workflow's
    // Update validator), in words, naming the field.
    await form.locator('input[name="complete"]').uncheck();
    await form.locator('button[type=submit]').click();
    const problem = form.locator('.problem');
    await problem.waitFor();
    expect(await problem.textContent()).toContain('an incomplete package needs at least one finding');
    await page.screenshot({ path: path.join(ARTIFACTS, 'inbox-validation-error.png'), fullPage: true });
    expect((await store.getApplication(id))?.stage).toBe('completeness-check'); // nothing changed

    // The valid decision: complete. The case moves on to the site inspection.
    await form.locator('input[name="complete"]').check();
    await form.locator('button[type=submit]').click();
    await form.locator('.notice').waitFor();
    await page.waitForSelector(`#inbox article[data-case="${id}"][data-stage="site-inspection"]`, { timeout: HANG_CEILING_MS });
    expect((await store.getApplication(id))?.stage).toBe('site-inspection');
    await page.screenshot({ path: path.join(ARTIFACTS, 'inbox-after-decision.png'), fullPage: true });

    // The case page: stages planned vs actual in working days, who acted, the audit history.
    await page.click(`#inbox article[data-case="${id}"] a.case-link`);
    await page.waitForSelector('#timeline');
    const timeline = await page.textContent('#timeline');
    expect(timeline).toContain('Completeness check');
    expect(timeline).toContain('Late'); // decided after its deadline
    expect(timeline).toContain('ctrm-employee-7'); // who recorded the completeness check
    expect(await page.textContent('#audit')).toContain('sla-at-risk');
    await page.screenshot({ path: path.join(ARTIFACTS, 'case-desktop.png'), fullPage: true });
  } finally {
    await page.close();
  }
}, 120_000);

test('phone width and the language switch (Kazakh, Russian)', async () => {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 390, height: 844 }); // a phone
  try {
    await signIn(page, staffToken);
    await page.waitForSelector('#inbox');
    // One column: nothing wider than the screen.
    // (browser-side code as strings: this file is type-checked without the DOM library)
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.selectOption('#lang', 'kk');
    await page.locator('h1', { hasText: 'Кіріс жәшігі' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('kk');
    await page.screenshot({ path: path.join(ARTIFACTS, 'inbox-phone-kk.png'), fullPage: true });
    await page.selectOption('#lang', 'ru');
    await page.click('#nav-overview');
    await page.locator('h1', { hasText: 'Обзор' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'overview-phone-ru.png'), fullPage: true });
  } finally {
    await page.close();
  }
}, 60_000);

test('a token that is not valid is refused on the sign-in page, in words', async () => {
  const page = await browser.newPage();
  try {
    await signIn(page, 'not-a-token');
    await page.waitForSelector('#login .problem');
    expect(await page.textContent('#login .problem')).toContain('the token is not valid');
  } finally {
    await page.close();
  }
}, 30_000);

/**
 * The operator workstation (web/counter.html) for an NCA certificate (seed 002 ¶3(2), ¶9–¶10) in a real
 * browser (Debian's chromium, playwright-core) against the real stack (startStack()). An operator of the Yesil
 * branch chooses an individual applicant (IIN), sees the individuals database's answer live, marks the ¶9
 * paper documents the API lists for the service, signs and forwards, and gets the receipt with its planned
 * result date; on the next ticket an incomplete package (no identity document) ends the visit with the
 * operator-signed A9 receipt listing the missing document, in two copies, nothing forwarded.
 * Screenshots: test-artifacts/e2e/counter-nca-*.png.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startStack, type Stack } from '../helpers/stack';
import { ARTIFACTS, launchChromium } from './helpers';

jest.setTimeout(300_000);

const BRANCH = 'astana-yesil';
const IIN = '850612300414';
let stack: Stack;
let browser: BrowserContext;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kz-e2e-counter-nca-'));
  stack = await startStack('counter-nca-e2e');
  browser = await launchChromium({ profileDir: path.join(dir, 'profile') });
}, 200_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** openssl: a key pair; the A1 form carries its public key (as in test/integration/nca-counter.test.ts). */
function publicKey(name: string): string {
  execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', `${name}.key`], {
    cwd: dir,
    stdio: 'pipe',
  });
  return execFileSync('openssl', ['pkey', '-in', `${name}.key`, '-pubout'], { cwd: dir, stdio: 'pipe' }).toString();
}

/** The service's form example with real keys and today's date (the operator's JSON). */
async function ncaForm(page: Page): Promise<string> {
  const example = JSON.parse(await page.inputValue('#form-json')) as { form: Record<string, unknown> };
  example.form['signaturePublicKey'] = publicKey('sign');
  example.form['authenticationPublicKey'] = publicKey('auth');
  example.form['appliedOn'] = new Date().toISOString().slice(0, 10);
  return JSON.stringify(example, null, 2);
}

async function enterIndividual(page: Page): Promise<void> {
  await page.click('#call-next');
  await page.waitForSelector('#intake-form:not([hidden])');
  await page.selectOption('#service', 'nca-certificate-issue');
  await page.selectOption('#applicant-kind', 'individual');
  expect(await page.isVisible('#bin')).toBe(false);
  expect(await page.inputValue('#iin')).toBe(IIN);
  await page.fill('#name', 'Сейітов Нұрлан');
  await page.selectOption('#poa-kind', 'none');
  await page.fill('#form-json', await ncaForm(page));
  await page.click('#intake-form button[type=submit]');
  await page.waitForSelector('#documents-form:not([hidden])', { timeout: 60_000 });
  // seed 002 ¶9: the individuals database answers (the legal-entities one is not asked for an individual).
  expect(await page.textContent('#lookups')).toMatch(/^Individuals database: found — Сейітов Нұрлан Ержанұлы/);
}

async function attachScan(page: Page): Promise<void> {
  const scan = path.join(dir, 'id-card.pdf');
  fs.writeFileSync(scan, `%PDF-1.4 identity ${Date.now()}`);
  await page.setInputFiles('#scan-file', scan);
  await page.waitForSelector('#scan-list li');
  expect(await page.locator('#scan-list li').count()).toBe(1);
}

test('an operator issues an NCA certificate application for an individual (IIN) up to the receipt; an incomplete package gets the A9', async () => {
  const operator = stack.token('operator', BRANCH);
  for (const key of ['e2e-nca-ticket-1', 'e2e-nca-ticket-2'])
    expect((await stack.post(`${stack.api}/v1/counter/branches/${BRANCH}/tickets`, operator, key, {})).status).toBe(201);

  const page = await browser.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${stack.api}/web/counter.html`);
  await page.fill('#token', operator);
  await page.click('#sign-in-button');
  await page.waitForSelector('#service option[value=nca-certificate-issue]', { state: 'attached' });

  // ── a complete package: the receipt ──
  await enterIndividual(page);
  // The paper list is the service's (API: GET /v1/counter/services); ¶9 category 1: form and identity document.
  const papers: Array<string | null> = [];
  for (const box of await page.$$('input[name=paper]')) papers.push(await box.getAttribute('value'));
  expect(papers).toEqual(expect.arrayContaining(['application-form', 'identity-document']));
  // The visit's own checklist (GET /v1/counter/visits/{visit} `checklist`, seed 002 ¶9 category 1, no representative): required ones marked.
  const required: Array<string | null> = [];
  for (const box of await page.$$('input[name=paper][data-required=true]')) required.push(await box.getAttribute('value'));
  expect(required).toEqual(['application-form', 'identity-document']);
  await page.check('input[name=paper][value=application-form]');
  await page.check('input[name=paper][value=identity-document]');
  await attachScan(page);
  await page.screenshot({ path: path.join(ARTIFACTS, 'counter-nca-individual-documents.png'), fullPage: true });
  await page.click('#sign');
  await page.waitForSelector('#receipt[data-kind=receipt]:not([hidden])', { timeout: 60_000 });
  expect(await page.textContent('#error')).toBe('');
  expect(await page.textContent('#receipt-planned')).toMatch(/^Planned result date: 20\d\d-\d\d-\d\d \d\d:\d\d$/);
  expect(await page.inputValue('#ho-app')).not.toBe('');
  await page.screenshot({ path: path.join(ARTIFACTS, 'counter-nca-individual-receipt.png'), fullPage: true });

  // ── the next ticket: the identity document is missing → A9, the visit ends, nothing forwarded ──
  await enterIndividual(page);
  await page.check('input[name=paper][value=application-form]');
  await attachScan(page);
  await page.click('#sign');
  await page.waitForSelector('#receipt[data-kind=a9]:not([hidden])', { timeout: 60_000 });
  expect(await page.isVisible('#documents-form')).toBe(false);
  expect(await page.locator('#a9-missing li').count()).toBe(1);
  expect(await page.getAttribute('#a9-missing li', 'title')).toBe('identity-document');
  expect(await page.textContent('#a9-copies')).toBe('Copies: 2');
  await page.screenshot({ path: path.join(ARTIFACTS, 'counter-nca-a9-desktop.png'), fullPage: true });
  await page.selectOption('#lang', 'kk');
  expect(await page.textContent('#receipt h2')).toBe('Құжаттарды қабылдаудан бас тарту туралы қолхат (A9)');
  expect(await page.textContent('#a9-missing li')).toBe('Жеке басын куәландыратын құжат');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(ARTIFACTS, 'counter-nca-a9-phone-kk.png'), fullPage: true });

  // The A9 the page offers is the operator-signed XML the API serves.
  const visits = await (
    await fetch(`${stack.api}/v1/counter/branches/${BRANCH}/queue`, { headers: { authorization: `Bearer ${operator}` } })
  ).json();
  const visitIds = JSON.stringify(visits).match(/counter-visit-[a-z0-9-]+-\d{4}-\d{2}-\d{2}-\d{3,}/g) ?? [];
  const a9Visit = [...new Set(visitIds)].sort().at(-1) ?? '';
  expect(a9Visit).not.toBe('');
  const a9 = await (
    await fetch(`${stack.api}/v1/counter/visits/${a9Visit}/receipt`, { headers: { authorization: `Bearer ${operator}` } })
  ).text();
  expect(a9).toContain('IncompletePackageReceipt');
  expect(a9).toContain('identity-document');
  const status = (await (
    await fetch(`${stack.api}/v1/counter/visits/${a9Visit}`, { headers: { authorization: `Bearer ${operator}` } })
  ).json()) as { stage: string; forwarded?: unknown };
  expect(status.stage).toBe('package-incomplete');
  expect(status.forwarded).toBeUndefined();
});

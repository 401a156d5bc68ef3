/**
 * The operator workstation (web/counter.html) in a real browser (Debian's chromium, playwright-core) against
 * the real stack (startStack(): make start's processes). An operator of the Yesil branch signs in, calls the
 * ticket an applicant just took, enters an S1 application with a notarised PoA, sees both look-ups found,
 * marks the paper documents, uploads a scan, signs and forwards, and gets the receipt with its planned
 * result date. Desk and phone widths, kk/ru/en. Screenshots: test-artifacts/e2e/counter-*.png.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { startStack, type Stack } from '../helpers/stack';
import { ROOT } from '../helpers/temporal';

jest.setTimeout(300_000);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'e2e');
let stack: Stack;
let browser: BrowserContext;

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  stack = await startStack('counter-e2e');
  browser = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'kz-e2e-counter-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic'],
  });
}, 200_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

test('an operator takes an S1 application at the counter in the browser and prints the receipt', async () => {
  const operator = stack.token('operator', 'astana-yesil');
  const ticket = await stack.post(`${stack.api}/v1/counter/branches/astana-yesil/tickets`, operator, 'e2e-ticket-1', {});
  expect(ticket.status).toBe(201);

  const page = await browser.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${stack.api}/web/counter.html`);
  await page.fill('#token', operator);
  await page.click('#sign-in-button');
  await page.waitForSelector('#service option', { state: 'attached' });
  await page.click('#call-next');
  await page.waitForSelector('#intake-form:not([hidden])');
  await page.screenshot({ path: path.join(ARTIFACTS, 'counter-intake-desktop.png'), fullPage: true });
  await page.click('#intake-form button[type=submit]');
  await page.waitForSelector('#documents-form:not([hidden])');
  expect(await page.textContent('#lookups')).toMatch(/found.*found/s);
  for (const box of await page.$$('input[name=paper]')) await box.check();
  const scan = path.join(os.tmpdir(), 'kz-e2e-contract.pdf');
  fs.writeFileSync(scan, '%PDF-1.4 e2e contract');
  await page.setInputFiles('#scan-file', scan);
  await page.waitForSelector('#scan-list li');
  await page.screenshot({ path: path.join(ARTIFACTS, 'counter-documents-desktop.png'), fullPage: true });
  await page.click('#sign');
  await page.waitForSelector('#receipt:not([hidden])', { timeout: 60_000 });
  expect(await page.textContent('#receipt')).toMatch(/Planned result date: 20\d\d-/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'counter-receipt-desktop.png'), fullPage: true });

  // A phone, in Kazakh and Russian.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.selectOption('#lang', 'kk');
  expect(await page.textContent('#call-next')).toBe('Келесі талонды шақыру');
  await page.screenshot({ path: path.join(ARTIFACTS, 'counter-receipt-phone-kk.png'), fullPage: true });
  await page.selectOption('#lang', 'ru');
  expect(await page.textContent('#call-next')).toBe('Вызвать следующий талон');
  await page.screenshot({ path: path.join(ARTIFACTS, 'counter-phone-ru.png'), fullPage: true });
});

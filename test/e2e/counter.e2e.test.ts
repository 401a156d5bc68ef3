/**
 * The operator workstation (web/counter.html) in a real browser (Debian's chromium, playwright-core) against
 * the real stack (startStack(): make start's processes). An operator of the Yesil branch signs in, calls the
 * ticket an applicant just took, enters an S1 application with a notarised PoA, sees both look-ups found,
 * marks the paper documents, uploads a scan, signs and forwards, and gets the receipt with its planned
 * result date; the provider approves through its approval chain (API); back at the counter the operator hands
 * the licence over. Desk and phone widths, kk/ru/en from the shared web/i18n.js, API errors shown by their
 * code in the chosen language. Screenshots: test-artifacts/e2e/counter-*.png.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { MNE_SERVICES } from '../../services/mne-licensing/rules';
import { startStack, type Stack } from '../helpers/stack';
import { ARTIFACTS, launchChromium } from './helpers';

jest.setTimeout(300_000);

let stack: Stack;
let browser: BrowserContext;

beforeAll(async () => {
  stack = await startStack('counter-e2e');
  browser = await launchChromium();
}, 200_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

test('an operator takes an S1 application at the counter in the browser, prints the receipt and, once the provider approved it, hands the licence over', async () => {
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

  // Bad input in Russian: the API's 400 is shown by its code, translated, naming the field; nothing starts.
  const example = await page.inputValue('#form-json');
  await page.fill('#form-json', example.replace('"1001990000"', '"12"'));
  await page.selectOption('#lang', 'ru');
  await page.click('#intake-form button[type=submit]');
  await page.waitForSelector('#error[data-code=VALIDATION_FAILED]');
  expect(await page.textContent('#error')).toBe('Данные заполнены неверно: form.goods.hsCode');
  await page.screenshot({ path: path.join(ARTIFACTS, 'counter-error-desktop-ru.png'), fullPage: true });
  await page.selectOption('#lang', 'kk');
  expect(await page.textContent('#error')).toBe('Деректер дұрыс толтырылмаған: form.goods.hsCode');
  await page.selectOption('#lang', 'en');
  await page.fill('#form-json', example);
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
  expect(await page.textContent('#error')).toBe('');
  expect(await page.textContent('#receipt-planned')).toMatch(/^Planned result date: 20\d\d-\d\d-\d\d \d\d:\d\d$/);
  expect(await page.textContent('#receipt-accepted')).toMatch(/^Accepted: 20\d\d-\d\d-\d\d \d\d:\d\d$/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'counter-receipt-desktop.png'), fullPage: true });

  // A phone, in Kazakh and Russian.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.selectOption('#lang', 'kk');
  expect(await page.textContent('#call-next')).toBe('Келесі талонды шақыру');
  expect(await page.textContent('#ticket')).toBe('Талон 1');
  // The look-up answers and the receipt follow the language (the shared table, not the API's words).
  expect(await page.textContent('#lookups')).toMatch(/Заңды тұлғалар ДҚ: табылды.*Бірыңғай нотариаттық АЖ: табылды/s);
  expect(await page.textContent('#receipt-planned')).toMatch(/^Нәтиженің жоспарланған күні: 20/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'counter-receipt-phone-kk.png'), fullPage: true });
  await page.selectOption('#lang', 'ru');
  expect(await page.textContent('#call-next')).toBe('Вызвать следующий талон');
  await page.screenshot({ path: path.join(ARTIFACTS, 'counter-phone-ru.png'), fullPage: true });

  // The provider concludes and its approval chain signs the licence (seed 001 ¶11(9), ¶11(11)).
  const applicationId = await page.inputValue('#ho-app');
  const staff = stack.token('staff', 'mne-trade');
  const act = async (token: string, action: string, body: unknown, key: string): Promise<void> => {
    const r = await stack.post(`${stack.api}/v1/applications/${applicationId}/actions/${action}`, token, key, body);
    expect(r.status).toBe(200);
  };
  await waitForCase(applicationId, staff, (c) => c['stage'] === 'provider-review');
  await act(
    staff,
    'record-conclusion',
    { eligible: true, findings: [], conclusion: 'The applicant is eligible (Annex 3).' },
    'e2e-conclusion',
  );
  await waitForCase(applicationId, staff, (c) => c['stage'] === 'approval');
  for (const [i, p] of MNE_SERVICES['mne-import-export-license'].approvalChain.value.entries())
    await act(stack.tokenOf(p.subject), 'draft-review', { chain: 'licence', verdict: 'approve' }, `e2e-review-${i}`);
  await waitForCase(
    applicationId,
    staff,
    (c) => c['outcome'] === 'issued' && Boolean((c['details'] as Record<string, unknown>)['handOver']),
  );

  // Back at the counter (¶12), in Russian on the phone: the receipt is presented, the licence handed over.
  await page.click('#ho-present');
  await page.waitForSelector('#ho-status[data-status=applicant-at-counter]');
  expect(await page.textContent('#ho-status')).toMatch(/^Заявитель у окна · выдать до 20\d\d-/);
  await page.click('#ho-give');
  await page.waitForSelector('#ho-status[data-status=handed-over]');
  expect(await page.textContent('#ho-status')).toBe('Выдано');
  await page.selectOption('#lang', 'en');
  expect(await page.textContent('#ho-status')).toBe('Handed over');
  await page.screenshot({ path: path.join(ARTIFACTS, 'counter-handed-over-phone.png'), fullPage: true });
});

async function waitForCase(id: string, token: string, done: (c: Record<string, unknown>) => boolean): Promise<void> {
  for (let i = 0; i < 150; i += 1) {
    const r = await fetch(`${stack.api}/v1/applications/${id}`, { headers: { authorization: `Bearer ${token}` } });
    if (r.ok && done((await r.json()) as Record<string, unknown>)) return;
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error(`case ${id} did not get there`);
}

/**
 * The public verification page (web/verify.html) in a real browser (Debian's chromium, playwright-core)
 * against the real stack (startStack()): an applicant's NCA certificate (issued at the provider's counter),
 * a portal repeat application signed with it and kept under its ANCN, its printed form's QR code decoded
 * and opened without signing in: "Valid"; the certificate revoked; the same URL now says "signed before the
 * revocation: still valid" with the revocation time and reason. kk/ru/en. Screenshots: test-artifacts/e2e/verify-*.png.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import type { BrowserContext } from 'playwright-core';
import { startStack, type Stack } from '../helpers/stack';
import { firstCertificatePem } from '../../pki/pem';
import { ROOT } from '../helpers/temporal';
import { A1_FORM_EXAMPLE } from '../../services/nca/counter';
import { ARTIFACTS, launchChromium } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- pngjs comes with qrcode; only the tests decode PNGs
const { PNG } = require('pngjs') as { PNG: { sync: { read(b: Buffer): { width: number; height: number; data: Buffer } } } };

jest.setTimeout(300_000);

const IIN = '850612300414';
let stack: Stack;
let browser: BrowserContext;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kz-e2e-verify-'));
  stack = await startStack('verify-e2e');
  browser = await launchChromium();
}, 200_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Json = Record<string, unknown> & { [k: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

const openssl = (...args: string[]): string => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' }).toString();
async function get(p: string, token: string): Promise<{ status: number; text: string }> {
  const once = (): Promise<Response> => fetch(`${stack.api}${p}`, { headers: { authorization: `Bearer ${token}` } });
  const res = await once().catch(once); // a keep-alive socket closed by the server while openssl/tsx ran
  return { status: res.status, text: await res.text() };
}
async function post(p: string, token: string, body: unknown): Promise<{ status: number; body: Json }> {
  const key = randomUUID();
  const res = await stack.post(`${stack.api}${p}`, token, key, body).catch(() => stack.post(`${stack.api}${p}`, token, key, body));
  return { status: res.status, body: (await res.json()) as Json };
}
async function poll(p: string, token: string, done: (b: Json) => boolean): Promise<Json> {
  for (let i = 0; i < 400; i += 1) {
    const r = await get(p, token);
    if (r.status === 200 && done(JSON.parse(r.text) as Json)) return JSON.parse(r.text) as Json;
    await new Promise((x) => setTimeout(x, 200));
  }
  throw new Error(`${p} did not reach the expected state`);
}
function publicKey(name: string): string {
  openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', `${name}.key`);
  return openssl('pkey', '-in', `${name}.key`, '-pubout');
}
const a1 = (sign: string, auth: string): Json => ({
  category: 1,
  // The counter's A1 example (services/nca/counter.ts), the same IIN, with this test's keys and day.
  form: { ...A1_FORM_EXAMPLE, signaturePublicKey: sign, authenticationPublicKey: auth, appliedOn: new Date().toISOString().slice(0, 10) },
  handedIn: ['application-form', 'identity-document'],
  representative: false,
  consentToProtectedData: true,
});
async function issued(id: string, sts: string): Promise<Json> {
  await poll(`/v1/applications/${id}`, sts, (b) => b.stage === 'provider-check');
  expect((await post(`/v1/applications/${id}/actions/record-nca-check`, sts, {})).status).toBeLessThan(300);
  return poll(`/v1/applications/${id}`, sts, (b) => b.outcome === 'issued' && typeof b.resultDocumentAncn === 'string');
}

test('the QR code of a printed document opens the public verification page: valid, then signed before the revocation', async () => {
  const sts = stack.token('staff', 'sts');
  const portal = stack.token('portal');
  // The first certificate, at the provider's counter.
  const first = await post('/v1/services/nca-certificate-issue/applications', sts, { package: a1(publicKey('sign'), publicKey('auth')) });
  expect(first.status).toBe(201);
  const done = await issued(first.body.applicationId as string, sts);
  const doc = (await get(`/v1/applications/${first.body.applicationId as string}/documents/${done.resultDocumentAncn as string}`, sts))
    .text;
  fs.writeFileSync(path.join(dir, 'me.pem'), `${firstCertificatePem(doc)}\n`);
  const serial = openssl('x509', '-in', 'me.pem', '-noout', '-serial').trim().split('=')[1]!;

  // A portal repeat application signed with it: kept under its ANCN, printed with the verification QR code.
  fs.writeFileSync(
    path.join(dir, 'request.xml'),
    `<RepeatApplication><Iin>${IIN}</Iin><IssuedAt>${new Date().toISOString()}</IssuedAt></RepeatApplication>`,
  );
  const signedRequest = execFileSync(
    path.join(ROOT, 'node_modules', '.bin', 'tsx'),
    [path.join(ROOT, 'scripts', 'nca.ts'), 'sign', 'request.xml', '--key', 'sign.key', '--cert', 'me.pem'],
    { cwd: dir },
  ).toString();
  const repeat = await post('/v1/services/nca-certificate-issue/applications', portal, {
    package: a1(publicKey('sign2'), publicKey('auth2')),
    signedRequest,
  });
  expect(repeat.status).toBe(201);
  const printed = await get(
    `/v1/applications/${repeat.body.applicationId as string}/documents/${repeat.body.ancn as string}/print`,
    portal,
  );
  const src = /class="verification-code"[^>]*src="data:image\/png;base64,([^"]+)"/.exec(printed.text)?.[1];
  const png = PNG.sync.read(Buffer.from(src!, 'base64'));
  const url = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)!.data;
  expect(url.startsWith(stack.api)).toBe(true);

  // No token anywhere: the page is public.
  const page = await browser.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(url);
  await page.selectOption('#lang', 'en');
  await page.waitForSelector('#result:not([hidden])');
  expect(await page.getAttribute('#verdict', 'data-status')).toBe('valid');
  expect(await page.textContent('#verdict')).toBe('Valid');
  const fields = (await page.textContent('#fields')) ?? '';
  expect(fields).toContain(repeat.body.ancn as string);
  expect(fields.toLowerCase()).toContain(serial.toLowerCase().replace(/^0+/, ''));
  expect(fields).not.toContain(IIN);
  await page.screenshot({ path: path.join(ARTIFACTS, 'verify-valid-desktop.png'), fullPage: true });

  // Revoked (form A7 at the provider's counter).
  const revoke = await post('/v1/services/nca-certificate-revoke/applications', sts, {
    reason: 'keyCompromise',
    form: {
      form: 'A7',
      iin: IIN,
      fullName: 'Сейітов Нұрлан',
      email: 'me@example.kz',
      phone: '+7 701 000 00 00',
      serials: [serial],
      consents: { personalData: true },
      appliedOn: new Date().toISOString().slice(0, 10),
    },
  });
  expect(revoke.status).toBe(201);
  await poll(`/v1/applications/${revoke.body.applicationId as string}`, sts, (b) => b.outcome === 'issued');

  await page.goto(url);
  await page.waitForSelector('#result:not([hidden])');
  expect(await page.getAttribute('#verdict', 'data-status')).toBe('valid-signed-before-revocation');
  expect(await page.textContent('#fields')).toMatch(/Signed before the revocation: still valid/);
  expect(await page.textContent('#fields')).toMatch(/Revoked at\s*20\d\d-\d\d-\d\d \d\d:\d\d \(keyCompromise\)/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'verify-after-revocation-desktop.png'), fullPage: true });

  // A phone, in Kazakh and Russian.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.selectOption('#lang', 'kk');
  expect(await page.textContent('#verdict')).toBe('Жарамды (кері қайтарып алуға дейін қол қойылған)');
  await page.screenshot({ path: path.join(ARTIFACTS, 'verify-phone-kk.png'), fullPage: true });
  await page.selectOption('#lang', 'ru');
  expect(await page.textContent('#verdict')).toBe('Действителен (подписан до отзыва)');
});

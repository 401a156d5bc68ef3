/**
 * Staff sign in to the dashboard through OpenID Connect in a real browser (Debian's chromium, headless):
 * the dashboard sends them to the development identity provider (identity/dev-provider.ts, its own
 * process and origin, as in `make start`) with a PKCE challenge, they choose a user on its login page,
 * and back on the dashboard the page exchanges the code for the API's access token and shows their inbox.
 * Then they sign out, and a viewer signs in to the overview; a counter operator signs in to the workstation
 * (web/counter.html) the same way. Screenshots: test-artifacts/e2e/.
 * Without chromium this test FAILS (it is never skipped).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { createOidcVerifier, createSignIn } from '../../api/oidc';
import { ROLES } from '../../domain/roles';
import { kzMoment } from '../../domain/calendar';
import { flagEmblemLicenseModule } from '../../services/flag-emblem/license-api';
import { InMemoryApplicationStore } from '../../persistence/in-memory';
import { InMemoryStateDatabases } from '../../adapters/state-databases/fake';
import { InMemoryPermitRegister } from '../../register/permit-register-memory';
import { FakeCases } from '../api/helpers/fake-cases';
import { NOW, seedCase } from '../api/dashboard-fixtures';
import { startDevProviderProcess, type DevProviderProcess } from '../helpers/oidc';
import { freePort } from '../../scripts/ports';
import { ARTIFACTS, launchChromium, startApi, type Api } from './helpers';

let idp: DevProviderProcess;
let api: Api;
let browser: BrowserContext;
let baseUrl = '';
let dataDir = '';
let caseId = '';

beforeAll(async () => {
  browser = await launchChromium({ viewport: { width: 1280, height: 900 } });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kz-e2e-oidc-'));
  // Both ports are known before either process starts: the provider redirects to the API, the API trusts the provider.
  const apiPort = await freePort();
  const idpPort = await freePort();
  idp = await startDevProviderProcess({ port: idpPort, apiPort, dataDir });

  const store = new InMemoryApplicationStore(() => NOW);
  // A CTRM case waiting for the completeness check: it is in the CTRM employee's inbox.
  caseId = await seedCase(store, {
    pendingActions: [{ action: 'completeness-check', by: 'staff', dueAt: kzMoment('2026-04-08', '18:30').toISOString() }],
  });
  api = await startApi({
    port: apiPort,
    dataDir,
    env: { OIDC_DEV_PROVIDER_PORT: String(idpPort) },
    store,
    cases: new FakeCases(),
    modules: [flagEmblemLicenseModule],
    // As api/main.ts wires it: the provider's tokens beside the development shared-secret ones.
    auth: (tokens, config) =>
      createSignIn({
        sharedSecret: tokens.auth,
        oidc: createOidcVerifier({ issuer: idp.issuer, audience: config.oidc.audience, refuseDevUsers: false }),
        sharedSecretRoles: ROLES,
      }),
    clock: () => NOW,
    preAcceptance: { stateDatabases: new InMemoryStateDatabases(), permits: new InMemoryPermitRegister() },
  });
  baseUrl = api.baseUrl;
  expect(api.config.oidc.issuer).toBe(idp.issuer);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  await idp?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

/** From the dashboard's sign-in page through the provider's login page and back. */
async function signInAs(page: Page, subject: string, shot: string): Promise<void> {
  await page.goto(`${baseUrl}/web/`);
  await page.click('#oidc-sign-in');
  await page.waitForURL(`${idp.issuer}/interaction/**`);
  expect(await page.textContent('h1')).toBe('Development sign-in');
  await page.screenshot({ path: path.join(ARTIFACTS, `${shot}-provider-login.png`), fullPage: true });
  await page.click(`button[data-sub="${subject}"]`);
  await page.waitForURL(`${baseUrl}/web/**`);
}

test('a CTRM employee signs in through the identity provider and sees their inbox; signing out ends the session in the tab', async () => {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(`${baseUrl}/web/`);
  await page.waitForSelector('#oidc-sign-in');
  expect(await page.textContent('#oidc-sign-in')).toBe('Sign in with your organisation account');
  await page.screenshot({ path: path.join(ARTIFACTS, 'oidc-1-sign-in.png') });

  await signInAs(page, 'dev-staff-ctrm', 'oidc-2');
  // Back on the dashboard: the code was exchanged, the staff member lands in their inbox.
  await page.waitForSelector(`#inbox [data-case="${caseId}"]`);
  expect(new URL(page.url()).search).toBe(''); // no code left in the address bar
  expect(new URL(page.url()).hash).toBe('#/inbox');
  expect(await page.textContent('#who')).toContain('Development employee of Committee for Technical Regulation and Metrology');
  const stored = JSON.parse(
    await page.evaluate<string>(
      "JSON.stringify({ token: sessionStorage.getItem('token'), pending: sessionStorage.getItem('oidc'), local: JSON.stringify(localStorage) })",
    ),
  ) as { token: string | null; pending: string | null; local: string };
  expect(stored.token?.split('.')).toHaveLength(3);
  expect(JSON.parse(Buffer.from(stored.token?.split('.')[0] ?? '', 'base64url').toString())).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
  expect(stored.pending).toBeNull(); // the PKCE verifier is used once and dropped
  expect(stored.local).not.toContain(stored.token ?? '-'); // the token does not outlive the tab
  await page.screenshot({ path: path.join(ARTIFACTS, 'oidc-3-inbox.png'), fullPage: true });

  await page.click('#sign-out');
  await page.waitForSelector('#oidc-sign-in');
  expect(await page.evaluate<string | null>("sessionStorage.getItem('token')")).toBeNull();
  expect(await page.isHidden('#sign-out')).toBe(true);

  // Signing in again asks the provider who you are (prompt=login): now a dashboard viewer.
  await signInAs(page, 'dev-viewer', 'oidc-4');
  await page.waitForURL(/#\/overview$/);
  await page.waitForSelector('#who');
  await page.waitForSelector('#who:has-text("Development dashboard viewer")');
  await page.screenshot({ path: path.join(ARTIFACTS, 'oidc-5-viewer-overview.png'), fullPage: true });
  expect(problems).toEqual([]);
  await page.close();
});

test('a counter operator signs in to the workstation through the identity provider', async () => {
  const page = await browser.newPage();
  await page.goto(`${baseUrl}/web/counter.html`);
  await page.waitForSelector('#oidc-sign-in:not([hidden])');
  await page.click('#oidc-sign-in');
  await page.waitForURL(`${idp.issuer}/interaction/**`);
  await page.click('button[data-sub="dev-operator-astana-yesil"]');
  await page.waitForURL(`${baseUrl}/web/counter.html**`);
  await page.waitForSelector('#intake:not([hidden])');
  expect(await page.textContent('#who')).toBe('Development operator, Yesil district service centre · astana-yesil');
  expect(new URL(page.url()).search).toBe('');
  await page.screenshot({ path: path.join(ARTIFACTS, 'oidc-6-counter.png') });
  await page.close();
});

test('a refused sign-in at the provider comes back as a problem on the sign-in page, in words', async () => {
  const page = await browser.newPage();
  // A state the page never issued: the answer is not accepted.
  await page.goto(`${baseUrl}/web/?code=forged&state=forged&iss=${encodeURIComponent(idp.issuer)}`);
  await page.waitForSelector('#login .problem');
  expect(await page.textContent('#login .problem')).toContain('Sign-in failed: state');
  expect(await page.evaluate<string | null>("sessionStorage.getItem('token')")).toBeNull();
  await page.close();
});

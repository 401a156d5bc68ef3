/**
 * The README's NCA walk-through on the real stack (`make start`'s processes, startStack()), with OpenSSL as
 * the independent verifier: an individual's key pairs and CSRs (openssl) → a State Corporation counter visit
 * (IIN looked up in the individuals database, the ¶9 checklist of category 1, the operator's signature, the
 * receipt with the 1-working-day planned result date) → the provider's check → certificates → hand-over at
 * the branch; `openssl verify -crl_check` OK, `openssl ocsp` good; a portal repeat application signed with
 * that certificate → a second certificate; its printed form's QR code opens the public verification page;
 * revoke (at the counter, A7) → in the CRL, `openssl ocsp` revoked, the repeat application (signed before)
 * still valid on the page, and a document signed after the revocation fails verification. Also: an
 * incomplete package at the counter → the A9 receipt, nothing forwarded.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { startStack, type Stack } from '../helpers/stack';
import { firstCertificatePem } from '../../pki/pem';
import { ROOT } from '../helpers/temporal';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- pngjs comes with qrcode; only the tests decode PNGs
const { PNG } = require('pngjs') as { PNG: { sync: { read(b: Buffer): { width: number; height: number; data: Buffer } } } };

jest.setTimeout(400_000);

let stack: Stack;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nca-counter-'));
  stack = await startStack('nca-counter');
}, 200_000);
afterAll(async () => {
  await stack?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Json = Record<string, unknown> & { [k: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

async function get(p: string, token?: string): Promise<{ status: number; text: string }> {
  const once = (): Promise<Response> => fetch(`${stack.api}${p}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const res = await once().catch(once); // a keep-alive socket closed by the server while openssl/tsx ran
  return { status: res.status, text: await res.text() };
}
async function post(p: string, token: string, body: unknown): Promise<{ status: number; body: Json }> {
  const key = randomUUID();
  let res: Response;
  try {
    res = await stack.post(`${stack.api}${p}`, token, key, body);
  } catch {
    // A keep-alive socket the server closed while openssl/tsx ran ("other side closed"): the same
    // Idempotency-Key makes the second attempt safe.
    res = await stack.post(`${stack.api}${p}`, token, key, body);
  }
  return { status: res.status, body: (await res.json()) as Json };
}
async function poll(p: string, token: string, done: (b: Json) => boolean): Promise<Json> {
  let last = '';
  for (let i = 0; i < 400; i += 1) {
    const r = await get(p, token);
    last = r.text;
    if (r.status === 200) {
      const b = JSON.parse(r.text) as Json;
      if (done(b)) return b;
    }
    await new Promise((x) => setTimeout(x, 200));
  }
  throw new Error(`${p} did not reach the expected state: ${last.slice(0, 3000)}`);
}
const openssl = (...args: string[]): string => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' }).toString();
const ncaCli = (...args: string[]): string =>
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'scripts', 'nca.ts'), ...args], {
    cwd: dir,
    stdio: 'pipe',
  }).toString();

const BRANCH = 'astana-yesil';
const IIN = '850612300414';
const PERSON = { surname: 'Сейітов', name: 'Нұрлан' };
const today = (): string => new Date().toISOString().slice(0, 10);

/** openssl: a key pair and a CSR; the public key the A1 form carries is the CSR's. */
function keyAndCsr(name: string): string {
  const subj = `/CN=SEIITOV NURLAN/serialNumber=IIN${IIN}`;
  openssl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-subj', subj, '-out', `${name}.csr`);
  return openssl('req', '-in', `${name}.csr`, '-noout', '-pubkey');
}

function a1(signing: string, authentication: string): Json {
  return {
    form: 'A1',
    iin: IIN,
    ...PERSON,
    region: 'Astana',
    city: 'Astana',
    email: 'me@example.kz',
    phone: '+7 701 000 00 00',
    validityYears: 1,
    signaturePublicKey: signing,
    authenticationPublicKey: authentication,
    consents: { userAgreement: true, personalData: true, emailNotices: true, policyRead: true },
    appliedOn: today(),
  };
}

async function scan(operator: string): Promise<Json> {
  const s = await post('/v1/counter/scans', operator, {
    fileName: 'id-card.pdf',
    mediaType: 'application/pdf',
    contentBase64: Buffer.from(`%PDF-1.4 identity ${randomUUID()}`).toString('base64'),
  });
  expect(s.status).toBe(201);
  return s.body;
}

async function visit(operator: string): Promise<string> {
  const t = await post(`/v1/counter/branches/${BRANCH}/tickets`, operator, {});
  expect(t.status).toBe(201);
  const called = await post(`/v1/counter/branches/${BRANCH}/call-next`, operator, {});
  expect(called.status).toBe(200);
  return called.body.ticket.visitId as string;
}

async function enter(operator: string, v: string, serviceCode: string, form: unknown): Promise<Json> {
  const entered = await post(`/v1/counter/visits/${v}/application`, operator, {
    serviceCode,
    applicant: { kind: 'individual', iin: IIN, name: `${PERSON.surname} ${PERSON.name}` },
    form,
  });
  expect(entered.status).toBe(202);
  const found = await poll(`/v1/counter/visits/${v}`, operator, (b) => !['looking-up', 'called'].includes(b.stage as string));
  expect(found.stage).toBe('documents');
  expect(found.lookUps.individual).toMatchObject({ status: 'found' });
  return found;
}

async function crlPem(): Promise<void> {
  const der = Buffer.from(await (await fetch(`${stack.api}/v1/pki/crl`)).arrayBuffer());
  fs.writeFileSync(path.join(dir, 'crl.der'), der);
  openssl('crl', '-inform', 'DER', '-in', 'crl.der', '-out', 'crl.pem');
}
const ocsp = (cert: string): string =>
  openssl('ocsp', '-issuer', 'issuing.pem', '-cert', cert, '-url', `${stack.api}/v1/pki/ocsp`, '-CAfile', 'chain.pem');

function qrUrlOf(html: string): string {
  const src = /class="verification-code"[^>]*src="data:image\/png;base64,([^"]+)"/.exec(html)?.[1];
  expect(src).toBeDefined();
  const png = PNG.sync.read(Buffer.from(src!, 'base64'));
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  expect(code).not.toBeNull();
  return code!.data;
}

test('an individual at the State Corporation counter → certificates (openssl verify, ocsp) → portal repeat → revoked at the counter → CRL, ocsp revoked, the verification page, a later signature fails', async () => {
  const operator = stack.token('operator', BRANCH);
  const sts = stack.token('staff', 'sts');
  const portal = stack.token('portal');
  const signPub = keyAndCsr('sign');
  const authPub = keyAndCsr('auth');

  // ── the counter visit (seed 002 ¶3(2), ¶9) ──
  const v = await visit(operator);
  const found = await enter(operator, v, 'nca-certificate-issue', {
    category: 1,
    form: a1(signPub, authPub),
    consentToProtectedData: true,
  });
  // ¶9 category 1: the application form and the identity document (no representative: no PoA).
  expect((found.lookUps as Json).legalEntity).toMatchObject({ status: 'not-asked' });
  const signed = await post(`/v1/counter/visits/${v}/sign`, operator, {
    paperDocuments: ['application-form', 'identity-document'],
    scans: [await scan(operator)],
  });
  expect(signed.status).toBe(202);
  const forwarded = await poll(`/v1/counter/visits/${v}`, operator, (b) => b.stage === 'forwarded');
  const applicationId = forwarded.forwarded.applicationId as string;
  const receiptAncn = forwarded.receipt.ancn as string;
  // ¶4(1): the planned result date is 1 working day after handing in.
  expect(Date.parse(forwarded.receipt.plannedResultDate as string)).toBeGreaterThan(Date.parse(forwarded.forwarded.forwardedAt as string));
  const receipt = (await get(`/v1/counter/visits/${v}/receipt`, operator)).text;
  expect(receipt).toContain('plannedResultDate');
  expect(receipt).toContain('seed 002 ¶9');
  expect(receipt).toContain('documentCount');

  // ── the provider's check, the certificates ──
  await poll(`/v1/applications/${applicationId}`, sts, (b) => b.stage === 'provider-check');
  expect((await post(`/v1/applications/${applicationId}/actions/record-nca-check`, sts, {})).status).toBeLessThan(300);
  const issued = await poll(
    `/v1/applications/${applicationId}`,
    sts,
    (b) => b.outcome === 'issued' && typeof b.resultDocumentAncn === 'string' && Boolean(b.details?.handOver),
  );
  expect(issued.details.channel).toMatchObject({ kind: 'state-corporation', branchId: BRANCH });
  const doc = (await get(`/v1/applications/${applicationId}/documents/${issued.resultDocumentAncn as string}`, sts)).text;
  const pem = firstCertificatePem(doc);
  fs.writeFileSync(path.join(dir, 'me.pem'), `${pem}\n`);
  // ¶8(2): handed over at the branch.
  expect((await post(`/v1/counter/hand-overs/${applicationId}/receipt-presented`, operator, { receiptAncn })).status).toBe(200);
  const handed = await post(`/v1/counter/hand-overs/${applicationId}/hand-over`, operator, { receivedBy: 'the applicant in person' });
  expect(handed.body.status).toBe('handed-over');

  // ── OpenSSL: verify with the CRL, OCSP good ──
  fs.writeFileSync(path.join(dir, 'chain.pem'), (await get('/v1/pki/chain.pem')).text);
  const ca = Buffer.from(await (await fetch(`${stack.api}/v1/pki/ca.crt`)).arrayBuffer());
  fs.writeFileSync(path.join(dir, 'ca.der'), ca);
  openssl('x509', '-inform', 'DER', '-in', 'ca.der', '-out', 'issuing.pem');
  await crlPem();
  expect(openssl('verify', '-crl_check', '-CAfile', 'chain.pem', '-CRLfile', 'crl.pem', 'me.pem')).toContain('me.pem: OK');
  expect(ocsp('me.pem')).toMatch(/me\.pem: good/);
  // The certificate certifies the CSR's key.
  expect(openssl('x509', '-in', 'me.pem', '-noout', '-pubkey')).toBe(signPub);

  // ── the portal: a repeat application signed with that certificate ──
  const sign2 = keyAndCsr('sign2');
  const auth2 = keyAndCsr('auth2');
  fs.writeFileSync(
    path.join(dir, 'request.xml'),
    `<RepeatApplication><Iin>${IIN}</Iin><IssuedAt>${new Date().toISOString()}</IssuedAt></RepeatApplication>`,
  );
  const signedRequest = ncaCli('sign', 'request.xml', '--key', 'sign.key', '--cert', 'me.pem');
  const repeat = await post('/v1/services/nca-certificate-issue/applications', portal, {
    package: {
      category: 1,
      form: a1(sign2, auth2),
      handedIn: ['application-form', 'identity-document'],
      representative: false,
      consentToProtectedData: true,
    },
    signedRequest,
  });
  expect(repeat.status).toBe(201);
  const repeatId = repeat.body.applicationId as string;
  const repeatAncn = repeat.body.ancn as string;
  await poll(`/v1/applications/${repeatId}`, sts, (b) => b.stage === 'provider-check');
  expect((await post(`/v1/applications/${repeatId}/actions/record-nca-check`, sts, {})).status).toBeLessThan(300);
  await poll(`/v1/applications/${repeatId}`, sts, (b) => b.outcome === 'issued');

  // Its printed form: the QR code holds the public verification URL; no login needed there.
  const printed = await get(`/v1/applications/${repeatId}/documents/${repeatAncn}/print`, portal);
  expect(printed.status).toBe(200);
  const url = qrUrlOf(printed.text);
  expect(url).toMatch(new RegExp(`/web/verify\\.html\\?ancn=${repeatAncn}$`));
  const before = JSON.parse((await get(`/v1/documents/${repeatAncn}/verification`)).text) as Json;
  expect(before).toMatchObject({ ancn: repeatAncn, status: 'valid', revocation: 'good', valid: true });
  const serial = openssl('x509', '-in', 'me.pem', '-noout', '-serial').trim().split('=')[1]!.toLowerCase();
  expect(String(before.signer.serial).replace(/^0+/, '')).toBe(serial.replace(/^0+/, ''));
  expect(before.signer.subject).not.toContain(IIN);

  // ── revoke at the counter (A7) ──
  const rv = await visit(operator);
  await enter(operator, rv, 'nca-certificate-revoke', {
    form: {
      form: 'A7',
      iin: IIN,
      fullName: `${PERSON.surname} ${PERSON.name}`,
      email: 'me@example.kz',
      phone: '+7 701 000 00 00',
      serials: [serial],
      consents: { personalData: true },
      appliedOn: today(),
    },
    reason: 'keyCompromise',
  });
  expect(
    (
      await post(`/v1/counter/visits/${rv}/sign`, operator, {
        paperDocuments: ['application-form', 'identity-document'],
        scans: [await scan(operator)],
      })
    ).status,
  ).toBe(202);
  const rf = await poll(`/v1/counter/visits/${rv}`, operator, (b) => b.stage === 'forwarded');
  await poll(`/v1/applications/${rf.forwarded.applicationId as string}`, sts, (b) => b.outcome === 'issued');

  await crlPem();
  expect(openssl('crl', '-in', 'crl.pem', '-noout', '-text').toUpperCase()).toContain(serial.toUpperCase());
  expect(() => openssl('verify', '-crl_check', '-CAfile', 'chain.pem', '-CRLfile', 'crl.pem', 'me.pem')).toThrow(/revoked/);
  expect(ocsp('me.pem')).toMatch(/me\.pem: revoked/);

  // The repeat application was signed before the revocation: still valid, and the page says so.
  const after = JSON.parse((await get(`/v1/documents/${repeatAncn}/verification`)).text) as Json;
  expect(after).toMatchObject({
    status: 'valid-signed-before-revocation',
    signedBeforeRevocation: true,
    revocationReason: 'keyCompromise',
  });
  // A document signed with it after the revocation time fails.
  fs.writeFileSync(path.join(dir, 'late.xml'), `<Letter><IssuedAt>${new Date().toISOString()}</IssuedAt><Text>after</Text></Letter>`);
  const late = ncaCli('sign', 'late.xml', '--key', 'sign.key', '--cert', 'me.pem');
  const verify = (): Promise<Response> =>
    fetch(`${stack.api}/v1/documents/verify`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: late });
  // The keep-alive socket may have been closed by the server while tsx ran: verifying is safe to repeat.
  const verified = (await (await verify().catch(verify)).json()) as Json;
  expect(verified).toMatchObject({ valid: false, revocation: 'revoked' });
  expect((verified.reasons as string[]).join(' ')).toMatch(/revoked: the signing certificate was revoked at/);
});

test('an incomplete package at the counter → the A9 receipt listing the missing documents; nothing forwarded', async () => {
  const operator = stack.token('operator', BRANCH);
  const v = await visit(operator);
  await enter(operator, v, 'nca-certificate-issue', {
    category: 1,
    form: a1(keyAndCsr('x'), keyAndCsr('y')),
    consentToProtectedData: true,
  });
  const signed = await post(`/v1/counter/visits/${v}/sign`, operator, {
    paperDocuments: ['application-form'],
    scans: [await scan(operator)],
  });
  expect(signed.status).toBe(202);
  const ended = await poll(`/v1/counter/visits/${v}`, operator, (b) => b.stage === 'package-incomplete');
  expect(ended.forwarded).toBeUndefined();
  expect(ended.incompletePackage).toMatchObject({ copies: 2, missing: [{ code: 'identity-document' }] });
  const a9 = (await get(`/v1/counter/visits/${v}/receipt`, operator)).text;
  expect(a9).toContain('IncompletePackageReceipt');
  expect(a9).toContain('identity-document');
  expect(a9).toContain('Signature');
});

test('the counter refuses an applicant who is not the one on the form, naming the field', async () => {
  const operator = stack.token('operator', BRANCH);
  const v = await visit(operator);
  const bad = await post(`/v1/counter/visits/${v}/application`, operator, {
    serviceCode: 'nca-certificate-issue',
    applicant: { kind: 'individual', iin: '850315400124', name: 'Sadykova Aigerim' },
    form: {
      category: 1,
      form: a1('-----BEGIN PUBLIC KEY-----\nAA\n-----END PUBLIC KEY-----', '-----BEGIN PUBLIC KEY-----\nAA\n-----END PUBLIC KEY-----'),
      consentToProtectedData: true,
    },
  });
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body)).toMatch(/applicant\.iin/);
});

test("the README's walk-through (scripts/nca-walkthrough.sh) runs as written, OpenSSL verifying", () => {
  const work = fs.mkdtempSync(path.join(dir, 'readme-'));
  let out: string;
  try {
    out = execFileSync('bash', [path.join(ROOT, 'scripts', 'nca-walkthrough.sh')], {
      env: { ...process.env, API: stack.api, CREDS: path.join(stack.dataDir, 'dev-credentials.json'), WORK: work },
      stdio: 'pipe',
      timeout: 240_000,
    }).toString();
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`the walk-through failed:\n${err.stdout?.toString() ?? ''}\n${err.stderr?.toString() ?? ''}`);
  }
  expect(out).toContain('me.pem: OK');
  expect(out).toContain('me.pem: good');
  expect(out).toContain('me.pem: revoked');
  expect(out).toMatch(/handed-over/);
  expect(out).toMatch(/^valid$/m);
  expect(out).toMatch(/^valid-signed-before-revocation$/m);
  expect(out).toMatch(/revoked: the signing certificate was revoked at/);
  expect(out).toContain('== done');
});

/**
 * The register over HTTP (register/routes.ts), mounted as api/app.ts mounts it: JSON body, bearer
 * tokens, the router, the one error handler. Real register service and signer; in-memory store.
 */
import crypto from 'node:crypto';
import express, { type Express } from 'express';
import pino from 'pino';
import request from 'supertest';
import jsQR from 'jsqr';
import { authenticateRequests, createAuthenticator, mintToken } from '../../api/auth';
import { errorHandler } from '../../api/errors';
import { KeyedMutex } from '../../api/idempotency';
import { InMemoryApplicationStore } from '../../persistence/in-memory';
import { registerRouter } from '../../register/routes';
import { buildOpenApiDocument } from '../../api/openapi';
import { kzMoment } from '../../domain/calendar';
import { InMemoryRegisterStore } from '../../register/store-memory';
import { joinMatrixCodePayloads } from '../../register/print';
import { flipOneByte, xmlsec1Verify } from '../adapters/signer/xmlsec1';
import { BIN, createHarness, IIN, permitRequest, STAFF, uniqueKey, type RegisterHarness } from '../register/helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- pngjs comes with qrcode; only the tests decode PNGs
const { PNG } = require('pngjs') as { PNG: { sync: { read(b: Buffer): { width: number; height: number; data: Buffer } } } };

const PERSON = { ref: IIN, name: 'Ахметов Ерлан Маратұлы' };
const COMPANY = { ref: BIN, name: 'Qazaq Flag LLP' };

let h: RegisterHarness;
let store: InMemoryRegisterStore;
let app: Express;
const secret = crypto.randomBytes(32).toString('hex');
const tokens = {
  ctrm: mintToken(secret, { subject: 'ctrm-employee-7', role: 'staff', licensorBody: 'ctrm' }),
  stateCorp: mintToken(secret, { subject: 'sc-employee-3', role: 'staff', licensorBody: 'state-corporation' }),
  portal: mintToken(secret, { subject: 'portal-egov', role: 'portal' }),
  admin: mintToken(secret, { subject: 'admin-1', role: 'admin' }),
};
const bearer = (t: string): [string, string] => ['Authorization', `Bearer ${t}`];
type Item = { ancn: string; holder: Record<string, unknown> } & Record<string, unknown>;
const itemsOf = (res: { body: unknown }): Item[] => (res.body as { items: Item[] }).items;
const ancnsOf = (res: { body: unknown }): string[] => itemsOf(res).map((i) => i.ancn);
let personPermit: string;
let companyPermit: string;

beforeAll(async () => {
  store = new InMemoryRegisterStore();
  h = await createHarness(store);
  app = express();
  app.use(express.json({ limit: '64kb' }));
  app.use(authenticateRequests(createAuthenticator({ secret, refuseDevTokens: false })));
  app.use(
    registerRouter({
      register: h.service,
      signer: h.signer,
      idempotency: { store: new InMemoryApplicationStore(), mutex: new KeyedMutex(), now: () => new Date() },
    }),
  );
  app.use(errorHandler(pino({ level: 'silent' })));
  personPermit = (await h.service.enter(permitRequest({ holder: PERSON, activity: 'Sale of civilian weapons' }), STAFF)).entry.ancn;
  companyPermit = (await h.service.enter(permitRequest({ holder: COMPANY }), STAFF)).entry.ancn;
  await h.service.apply(
    personPermit,
    'suspend',
    { reason: `inspection of ${PERSON.name} found breaches`, idempotencyKey: uniqueKey() },
    STAFF,
  );
});
afterAll(() => h.cleanup());

describe('open search and view (seed 004 ¶14)', () => {
  it('anonymous search returns open fields only: no IIN, no name of an individual, no reasons', async () => {
    const res = await request(app).get('/v1/register/permits').expect(200);
    const text = JSON.stringify(res.body);
    expect(res.body.items).toHaveLength(2);
    expect(text).not.toContain(IIN);
    expect(text).not.toContain('Ахметов');
    expect(text).not.toContain('inspection');
    const person = itemsOf(res).find((i) => i.ancn === personPermit);
    expect(person).toMatchObject({ holder: { type: 'individual' }, status: 'suspended', activity: 'Sale of civilian weapons' });
    expect(Object.keys(person?.holder ?? {})).toEqual(['type']);
    // a legal entity's BIN and name are public
    expect(itemsOf(res).find((i) => i.ancn === companyPermit)).toMatchObject({
      holder: { type: 'legal-entity', bin: BIN, name: COMPANY.name },
    });
  });

  it('filters by service, status, licensor and a BIN; pages with a cursor', async () => {
    expect(ancnsOf(await request(app).get('/v1/register/permits').query({ status: 'suspended' }).expect(200))).toEqual([personPermit]);
    expect(ancnsOf(await request(app).get('/v1/register/permits').query({ holderBin: BIN }).expect(200))).toEqual([companyPermit]);
    expect((await request(app).get('/v1/register/permits').query({ licensor: 'state-corporation' }).expect(200)).body.items).toEqual([]);
    expect((await request(app).get('/v1/register/permits').query({ service: 'flag-emblem-license' }).expect(200)).body.items).toHaveLength(
      2,
    );
    const first = await request(app).get('/v1/register/permits').query({ limit: 1 }).expect(200);
    expect(first.body.items).toHaveLength(1);
    const second = await request(app).get('/v1/register/permits').query({ limit: 1, cursor: first.body.nextCursor }).expect(200);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].ancn).not.toBe(first.body.items[0].ancn);
    expect(second.body.nextCursor).toBeNull();
  });

  it("an individual's IIN is refused as a search key (no probing who holds permits)", async () => {
    const res = await request(app).get('/v1/register/permits').query({ holderBin: IIN }).expect(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'query.holderBin' }] });
    expect(JSON.stringify(res.body)).not.toContain('Ахметов');
  });

  it('bad filters are 400 naming the field', async () => {
    expect((await request(app).get('/v1/register/permits').query({ status: 'sleeping' }).expect(400)).body.errors[0].field).toBe(
      'query.status',
    );
    expect((await request(app).get('/v1/register/permits').query({ limit: 1000 }).expect(400)).body.errors[0].field).toBe('query.limit');
  });

  it('the open view shows what happened and when, not who or why; staff of the body see all', async () => {
    const open = await request(app).get(`/v1/register/permits/${personPermit}`).expect(200);
    expect((open.body as { history: Array<{ operation: string }> }).history.map((r) => r.operation)).toEqual([
      'enter-external-result',
      'suspend',
    ]);
    expect(JSON.stringify(open.body)).not.toMatch(new RegExp(`${IIN}|Ахметов|inspection|employee`));
    const staff = await request(app)
      .get(`/v1/register/permits/${personPermit}`)
      .set(...bearer(tokens.ctrm))
      .expect(200);
    expect(staff.body.holder).toEqual({ ref: IIN, type: 'individual', name: PERSON.name });
    expect(staff.body.history[1]).toMatchObject({ actor: STAFF.subject, reason: expect.stringContaining('inspection') });
    const otherBody = await request(app)
      .get(`/v1/register/permits/${personPermit}`)
      .set(...bearer(tokens.stateCorp))
      .expect(200);
    expect(JSON.stringify(otherBody.body)).not.toContain(IIN);
  });

  it('unknown and malformed numbers', async () => {
    // Not of an ANCN's shape: 400. Of its shape with wrong check digits: no such entry, 404.
    expect((await request(app).get('/v1/register/permits/KZ-1').expect(400)).body.code).toBe('INVALID_ANCN');
    expect((await request(app).get('/v1/register/permits/KZ00PRM00000001').expect(404)).body.errors).toEqual([
      { field: 'path.ancn', message: expect.stringMatching(/check digit/i) },
    ]);
    const unknown = await store.allocateAncn('PRM');
    expect((await request(app).get(`/v1/register/permits/${unknown}`).expect(404)).body.code).toBe('NOT_FOUND');
    expect((await request(app).get(`/v1/register/notifications/${companyPermit}`).expect(404)).body.code).toBe('NOT_FOUND');
  });
});

describe('register operations (staff and admin)', () => {
  it('suspend → 200 with the notice; the same key and body again replay the answer, another body is 409; then resume', async () => {
    const key = `op-${uniqueKey()}`;
    const first = await request(app)
      .post(`/v1/register/permits/${companyPermit}/operations/suspend`)
      .set(...bearer(tokens.ctrm))
      .set('Idempotency-Key', key)
      .send({ reason: 'court order 2-114/2026' })
      .expect(200);
    expect(first.body).toMatchObject({
      entry: { status: 'suspended' },
      history: { operation: 'suspend', fromStatus: 'active', toStatus: 'suspended' },
    });
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await request(app)
      .post(`/v1/register/permits/${companyPermit}/operations/suspend`)
      .set(...bearer(tokens.ctrm))
      .set('Idempotency-Key', key)
      .send({ reason: 'court order 2-114/2026' })
      .expect(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    // The API's one rule for every POST: the key with another body is refused, and nothing is written.
    const other = await request(app)
      .post(`/v1/register/permits/${companyPermit}/operations/suspend`)
      .set(...bearer(tokens.ctrm))
      .set('Idempotency-Key', key)
      .send({ reason: 'another order' })
      .expect(409);
    expect(other.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', errors: [{ field: 'header.Idempotency-Key' }] });
    expect((await store.listHistory(companyPermit)).filter((row) => row.operation === 'suspend')).toHaveLength(1);
    // The same key on another path is another request too.
    await request(app)
      .post(`/v1/register/permits/${personPermit}/operations/resume`)
      .set(...bearer(tokens.ctrm))
      .set('Idempotency-Key', key)
      .send({ reason: 'court order 2-114/2026' })
      .expect(409);
    await request(app)
      .post(`/v1/register/permits/${companyPermit}/operations/resume`)
      .set(...bearer(tokens.admin))
      .set('Idempotency-Key', `op-${uniqueKey()}`)
      .send({ reason: 'order lifted' })
      .expect(200);
    expect((await store.getEntry(companyPermit))?.status).toBe('active');
  });

  it('a forbidden transition is 409 with the allowed ones named; nothing changes', async () => {
    const before = await store.listHistory(companyPermit);
    const res = await request(app)
      .post(`/v1/register/permits/${companyPermit}/operations/resume`)
      .set(...bearer(tokens.ctrm))
      .set('Idempotency-Key', `op-${uniqueKey()}`)
      .send({ reason: 'x' })
      .expect(409);
    expect(res.body.code).toBe('CONFLICT');
    expect(res.body.detail).toMatch(/resume is not allowed: the permit is active; allowed from active: .*suspend/);
    expect(await store.listHistory(companyPermit)).toHaveLength(before.length);
  });

  it('who may act: anonymous 401, portal 403, staff of another body 403; no key 400; unknown operation 404', async () => {
    const url = `/v1/register/permits/${companyPermit}/operations/suspend`;
    const before = (await store.getEntry(companyPermit))?.version;
    await request(app).post(url).set('Idempotency-Key', 'k-12345678').send({ reason: 'x' }).expect(401);
    await request(app)
      .post(url)
      .set(...bearer(tokens.portal))
      .set('Idempotency-Key', 'k-12345678')
      .send({ reason: 'x' })
      .expect(403);
    expect(
      (
        await request(app)
          .post(url)
          .set(...bearer(tokens.stateCorp))
          .set('Idempotency-Key', 'k-12345678')
          .send({ reason: 'x' })
          .expect(403)
      ).body.code,
    ).toBe('FORBIDDEN');
    expect(
      (
        await request(app)
          .post(url)
          .set(...bearer(tokens.ctrm))
          .send({ reason: 'x' })
          .expect(400)
      ).body.errors[0].field,
    ).toBe('header.Idempotency-Key');
    expect(
      (
        await request(app)
          .post(url)
          .set(...bearer(tokens.ctrm))
          .set('Idempotency-Key', 'k-22345678')
          .send({})
          .expect(400)
      ).body.errors[0].field,
    ).toBe('reason');
    expect(
      (
        await request(app)
          .post(`/v1/register/permits/${companyPermit}/operations/annihilate`)
          .set(...bearer(tokens.ctrm))
          .set('Idempotency-Key', 'k-32345678')
          .send({ reason: 'x' })
          .expect(404)
      ).body.code,
    ).toBe('UNKNOWN_ACTION');
    expect((await store.getEntry(companyPermit))?.version).toBe(before);
  });

  it('extend needs a new end of validity later than the current one', async () => {
    const termed = (await h.service.enter(permitRequest({ holder: COMPANY, validUntil: kzMoment('2026-12-31', '18:30') }), STAFF)).entry
      .ancn;
    const url = `/v1/register/permits/${termed}/operations/extend`;
    expect(
      (
        await request(app)
          .post(url)
          .set(...bearer(tokens.ctrm))
          .set('Idempotency-Key', `e-${uniqueKey()}`)
          .send({ reason: 'extension', validUntil: '2026-06-30T18:30:00+05:00' })
          .expect(422)
      ).body.errors[0].field, // INCONSISTENT_REQUEST: earlier than the current end
    ).toBe('validUntil');
    const ok = await request(app)
      .post(url)
      .set(...bearer(tokens.ctrm))
      .set('Idempotency-Key', `e-${uniqueKey()}`)
      .send({ reason: 'extension', validUntil: '2027-12-31T18:30:00+05:00' })
      .expect(200);
    expect(ok.body.entry.validUntil).toBe('2027-12-31T18:30:00+05:00');
  });

  it('staff enter an outside review result (¶48-49); the portal files a notification 24/7 (¶25-28) and its end', async () => {
    const entered = await request(app)
      .post('/v1/register/permits')
      .set(...bearer(tokens.ctrm))
      .set('Idempotency-Key', `n-${uniqueKey()}`)
      .send({
        operation: 'enter-external-result',
        serviceCode: 'flag-emblem-license',
        category: 'first',
        holder: COMPANY,
        licensorBody: 'ctrm',
        activity: 'Manufacture of the State Flag',
        issuedAt: '2026-03-02T10:00:00+05:00',
        reason: 'order No. 12',
      })
      .expect(201);
    expect(entered.body.entry).toMatchObject({ origin: 'outside-system', status: 'active' });
    // Sunday night, a holiday week: still accepted at once
    const filed = await request(app)
      .post('/v1/register/notifications')
      .set(...bearer(tokens.portal))
      .set('Idempotency-Key', `n-${uniqueKey()}`)
      .send({
        serviceCode: 'notification-flag-retail',
        holder: COMPANY,
        licensorBody: 'ctrm',
        activity: 'Retail sale of state symbols',
        startsAt: '2026-03-22T23:40:00+05:00',
      })
      .expect(201);
    expect(filed.body.entry).toMatchObject({ register: 'notifications', status: 'active' });
    expect(filed.body.entry.ancn).toMatch(/^KZ\d\dNTF\d{8}$/);
    const ended = await request(app)
      .post(`/v1/register/notifications/${filed.body.entry.ancn}/operations/file-end`)
      .set(...bearer(tokens.portal))
      .set('Idempotency-Key', `n-${uniqueKey()}`)
      .send({ reason: 'activity ended' })
      .expect(200);
    expect(ended.body.entry.status).toBe('ended');
    // the portal cannot exclude a subject
    await request(app)
      .post(`/v1/register/notifications/${filed.body.entry.ancn}/operations/exclude`)
      .set(...bearer(tokens.portal))
      .set('Idempotency-Key', `n-${uniqueKey()}`)
      .send({ reason: 'x' })
      .expect(403);
  });
});

describe('IIN/BIN check digit (domain/identification-number.ts)', () => {
  const mistyped = `${BIN.slice(0, 11)}${(Number(BIN[11]) + 1) % 10}`;

  it('a holder whose IIN/BIN has a wrong check digit is 422 RULE_VIOLATED naming holder.ref; nothing is entered', async () => {
    const before = store.snapshot().length;
    const permit = await request(app)
      .post('/v1/register/permits')
      .set(...bearer(tokens.ctrm))
      .set('Idempotency-Key', `n-${uniqueKey()}`)
      .send({
        operation: 'enter-external-result',
        serviceCode: 'flag-emblem-license',
        category: 'first',
        holder: { ...COMPANY, ref: mistyped },
        licensorBody: 'ctrm',
        activity: 'Manufacture of the State Flag',
        issuedAt: '2026-03-02T10:00:00+05:00',
        reason: 'order No. 12',
      })
      .expect(422);
    expect(permit.body).toMatchObject({
      code: 'RULE_VIOLATED',
      errors: [{ field: 'holder.ref', message: expect.stringMatching(/check digit/) }],
    });
    const notification = await request(app)
      .post('/v1/register/notifications')
      .set(...bearer(tokens.portal))
      .set('Idempotency-Key', `n-${uniqueKey()}`)
      .send({
        serviceCode: 'notification-flag-retail',
        holder: { ...PERSON, ref: `${IIN.slice(0, 11)}${(Number(IIN[11]) + 1) % 10}` },
        licensorBody: 'ctrm',
        activity: 'Retail sale of state symbols',
      })
      .expect(422);
    expect(notification.body).toMatchObject({
      code: 'RULE_VIOLATED',
      errors: [{ field: 'holder.ref', message: expect.stringMatching(/check digit/) }],
    });
    expect(store.snapshot()).toHaveLength(before);
  });

  it('a holderBin with a wrong check digit is 422 naming query.holderBin', async () => {
    const res = await request(app).get('/v1/register/permits').query({ holderBin: mistyped }).expect(422);
    expect(res.body).toMatchObject({
      code: 'RULE_VIOLATED',
      errors: [{ field: 'query.holderBin', message: expect.stringMatching(/check digit/) }],
    });
  });

  it('the register service itself refuses such a holder (workflows and the death-notice feed enter through it)', async () => {
    await expect(h.service.enter(permitRequest({ holder: { ...COMPANY, ref: mistyped } }), STAFF)).rejects.toThrow(
      /holder\.ref.*check digit/,
    );
  });
});

describe('POST /v1/documents/verify', () => {
  it('reports signer, validity and integrity; one changed byte fails; the register knows its own document', async () => {
    const [row] = await store.listHistory(companyPermit);
    const notice = await store.getDocument(row?.documentAncn ?? '');
    const ok = await request(app).post('/v1/documents/verify').set('Content-Type', 'application/xml').send(notice?.xml).expect(200);
    expect(ok.body).toMatchObject({
      valid: true,
      integrity: true,
      certificateValid: true,
      registered: 'identical',
      document: { ancn: notice?.ancn, kind: 'register-maintenance-notice' },
    });
    expect(ok.body.signer.subject).toMatch(/Authorized person/);
    const tampered = flipOneByte(notice?.xml ?? '', '<reason>');
    const bad = await request(app).post('/v1/documents/verify').set('Content-Type', 'application/xml').send(tampered).expect(200);
    expect(bad.body).toMatchObject({ valid: false, integrity: false, registered: 'differs' });
    expect((bad.body as { reasons: string[] }).reasons.join(' ')).toMatch(/digest|changed|incorrect/i);
  });

  it('no XML → 400; not well-formed → invalid with the reason', async () => {
    await request(app).post('/v1/documents/verify').set('Content-Type', 'application/xml').send('').expect(400);
    await request(app).post('/v1/documents/verify').send({ xml: '<a/>' }).expect(400);
    const broken = await request(app).post('/v1/documents/verify').set('Content-Type', 'application/xml').send('<a><b></a>').expect(200);
    expect(broken.body).toMatchObject({ valid: false, integrity: false });
    expect(broken.body.reasons[0]).toMatch(/well-formed/);
  });
});

describe('printable presentation form with matrix codes (¶3.25)', () => {
  // Since the signatures carry the NCA's issuing-CA certificate (KeyInfo), a permit's XML needs twice the
  // matrix codes; encoding and reading them back takes ~25 s alone, over a minute on a loaded 2-core machine.
  jest.setTimeout(240_000);
  function decodeAll(html: string): string[] {
    const srcs = [...html.matchAll(/<img class="matrix-code"[^>]* src="data:image\/png;base64,([^"]+)"/g)].map((m) => m[1] as string);
    return srcs.map((b64) => {
      const png = PNG.sync.read(Buffer.from(b64, 'base64'));
      const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      if (!code) throw new Error('a matrix code could not be read');
      return Buffer.from(code.binaryData).toString('utf8');
    });
  }

  it("a legal entity's permit prints for anyone; its matrix codes read back to the signed XML, which xmlsec1 verifies", async () => {
    const external = (await h.service.enter(permitRequest({ holder: COMPANY }), STAFF)).entry.ancn;
    const res = await request(app).get(`/v1/register/permits/${external}/print`).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain(COMPANY.name);
    const parts = decodeAll(res.text);
    expect(parts.length).toBeGreaterThan(1);
    const xml = joinMatrixCodePayloads(parts);
    expect(xml).toBe((await store.getDocument(external))?.xml);
    const check = xmlsec1Verify(xml, h.rootPemPath);
    expect(check.ok).toBe(true);
  });

  it("an individual's permit prints only for signed-in callers (the codes carry the IIN)", async () => {
    await request(app).get(`/v1/register/permits/${personPermit}/print`).expect(401);
    const res = await request(app)
      .get(`/v1/register/permits/${personPermit}/print`)
      .set(...bearer(tokens.portal))
      .expect(200);
    expect(joinMatrixCodePayloads(decodeAll(res.text))).toContain(IIN);
  });

  it('a paper permit restored but not converted has no electronic form yet: 409; after conversion it prints', async () => {
    const paper = (await h.service.enter(permitRequest({ holder: COMPANY, operation: 'restore-historical', number: '№ 0042117' }), STAFF))
      .entry.ancn;
    expect((await request(app).get(`/v1/register/permits/${paper}/print`).expect(409)).body.detail).toMatch(/converted/);
    await request(app)
      .post(`/v1/register/permits/${paper}/operations/convert-historical`)
      .set(...bearer(tokens.ctrm))
      .set('Idempotency-Key', `c-${uniqueKey()}`)
      .send({ reason: 'conversion of historical data' })
      .expect(200);
    const res = await request(app).get(`/v1/register/permits/${paper}/print`).expect(200);
    expect(res.text).toContain('№ 0042117');
    expect(xmlsec1Verify(joinMatrixCodePayloads(decodeAll(res.text)), h.rootPemPath).ok).toBe(true);
  });
});

describe('OpenAPI', () => {
  it('registerOpenApiPaths documents every register route with its schemas and problem answers', () => {
    const doc = buildOpenApiDocument([], 'http://localhost', { register: true });
    expect(
      Object.keys(doc.paths ?? {})
        .filter((p) => p.startsWith('/v1/register') || p.startsWith('/v1/documents'))
        .sort(),
    ).toEqual([
      '/v1/documents/verify',
      '/v1/documents/{ancn}/verification',
      '/v1/register/notifications',
      '/v1/register/permits',
      '/v1/register/{kind}/{ancn}',
      '/v1/register/{kind}/{ancn}/operations/{operation}',
      '/v1/register/{kind}/{ancn}/print',
    ]);
    const entry = doc.paths?.['/v1/register/{kind}/{ancn}']?.get;
    expect(Object.keys(entry?.responses ?? {})).toEqual(['200', '400', '401', '404', '422']);
    expect(Object.keys((entry?.responses?.['404'] as { content: object }).content)).toEqual(['application/problem+json']);
  });
});

/**
 * The duplicate's module on the uniform API (seed 004 ¶18-1, automatic mode): its OpenAPI example is
 * accepted as sent; bad input is a 400 naming the field and starts nothing; the catalogue marks it
 * automatic, with its term and fee marked as ours.
 */
import request from 'supertest';
import { exampleOf } from '../../../api/openapi';
import { SERVICE_MODULES } from '../../../services';
import { flagEmblemLicenseDuplicateModule } from '../../../services/flag-emblem/duplicate-api';
import { formatAncn } from '../../../domain/ancn';
import { makeHarness, type Harness } from '../helpers/harness';

const PATH = '/v1/services/flag-emblem-license-duplicate/applications';
const EXAMPLE = exampleOf(flagEmblemLicenseDuplicateModule.input) as {
  applicant: { kind: string; iinOrBin: string };
  licenseAncn: string;
  reason: string;
};

let h: Harness;
beforeEach(() => {
  h = makeHarness({ modules: SERVICE_MODULES });
});

const submit = (body: unknown, key = 'dup-1') =>
  request(h.app)
    .post(PATH)
    .set('Authorization', `Bearer ${h.tokens.portal}`)
    .set('Idempotency-Key', key)
    .send(body as object);

test('the OpenAPI example is accepted as sent (201): the case starts with the normalised ANCN, decided automatically', async () => {
  const doc = (await request(h.app).get('/openapi.json')).body as {
    paths: Record<string, { post?: { requestBody?: { content: Record<string, { schema: { $ref?: string } }> } } }>;
    components: { schemas: Record<string, { example?: unknown }> };
  };
  const ref = doc.paths[PATH]?.post?.requestBody?.content['application/json']?.schema.$ref ?? '';
  expect(ref).toBe('#/components/schemas/FlagEmblemLicenseDuplicateApplication');
  const example = doc.components.schemas['FlagEmblemLicenseDuplicateApplication']?.example;
  expect(example).toEqual(EXAMPLE);

  const printed = formatAncn('PRM', 42)
    .toLowerCase()
    .replace(/^(.{4})(.{3})(.{4})(.{4})$/, '$1 $2 $3 $4'); // as printed: "kz.. prm 0000 0042"
  const res = await submit({ ...EXAMPLE, licenseAncn: printed });
  expect(res.status).toBe(201);
  // The harness clock: Thursday 2025-03-20 19:10, after hours before Nauryz → counts as filed 26 March (seed 004 ¶23); due 1 working day later (ours).
  expect(res.body).toMatchObject({
    serviceCode: 'flag-emblem-license-duplicate',
    registeredAt: '2025-03-26T09:00:00+05:00',
    dueAt: '2025-03-27T18:30:00+05:00',
  });
  expect(h.cases.starts).toEqual([
    expect.objectContaining({
      workflowType: 'flagEmblemLicenseDuplicateWorkflow',
      input: expect.objectContaining({
        licenseAncn: formatAncn('PRM', 42),
        reason: 'lost',
        applicant: EXAMPLE.applicant,
        submittedAt: '2025-03-20T14:10:00.000Z',
      }),
    }),
  ]);
  expect((await h.store.getApplication(res.body.applicationId as string))?.applicantRef).toBe(EXAMPLE.applicant.iinOrBin);
});

test.each<[string, Record<string, unknown>, string, RegExp]>([
  ['an ANCN with wrong check digits', { licenseAncn: 'KZ00PRM00000042' }, 'licenseAncn', /valid ANCN/],
  [
    'the ANCN of an application, not a permit',
    { licenseAncn: formatAncn('APP', 42) },
    'licenseAncn',
    /ANCN of a permit \(document type PRM\)/,
  ],
  ['an unknown reason', { reason: 'stolen' }, 'reason', /lost|damaged/],
  [
    'a BIN with a wrong check digit',
    { applicant: { kind: 'legal-entity', iinOrBin: '180340001232' } },
    'applicant.iinOrBin',
    /check digit/,
  ],
])('bad input: %s → 400 or 422 naming the field; nothing is started or stored', async (_what, change, field, message) => {
  const res = await submit({ ...EXAMPLE, ...change });
  // 400 when the value does not match the published schema; 422 RULE_VIOLATED when it does but breaks a
  // rule the schema cannot state (a check digit: domain/zod-issues.ts).
  expect(res.body).toMatchObject(res.status === 422 ? { code: 'RULE_VIOLATED' } : { status: 400, code: 'VALIDATION_FAILED' });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ errors: [{ field, message: expect.stringMatching(message) }] });
  expect(h.cases.starts).toEqual([]);
  expect(await h.store.listApplications({})).toMatchObject({ items: [] });
});

test('GET /v1/services: marked automatic (seed 004 ¶18-1), no actions, term and fee marked as ours; the others say who decides', async () => {
  const res = await request(h.app).get('/v1/services');
  expect(res.status).toBe(200);
  const items = res.body.items as Array<{ code: string; review: { mode: string }; actions: unknown[] }>;
  expect(items.map((s) => [s.code, s.review.mode])).toEqual([
    ['sme-registration', 'registry'],
    ['flag-emblem-license', 'staff'],
    ['flag-emblem-license-reissue', 'staff'],
    ['flag-emblem-license-duplicate', 'automatic'],
    ['mne-import-export-license', 'staff'],
    ['mne-export-import-permit', 'staff'],
    ['mne-commodity-dealer-license', 'staff'],
    ['mne-commodity-broker-license', 'staff'],
    ['mne-commodity-exchange-license', 'staff'],
    ['nca-certificate-issue', 'staff'],
    ['nca-certificate-revoke', 'staff'],
  ]);
  expect(items.find((s) => s.code === 'flag-emblem-license-duplicate')).toMatchObject({
    provider: { code: 'ctrm' },
    review: { mode: 'automatic', signature: 'system-transport-signature', regulation: 'seed 004 ¶18-1' },
    term: { kind: 'working-days', days: 1, regulation: expect.stringContaining("ours, not the regulation's") },
    fee: { kind: 'free', note: expect.stringContaining("ours, not the regulation's") },
    channels: ['portal'],
    actions: [],
    links: { apply: PATH },
  });
});

test('GET /v1/services: each service says whether its term stops while an approving body answers (seed 004 ¶39.9) — none does, seed 003 provides no suspension', async () => {
  const res = await request(h.app).get('/v1/services');
  const items = res.body.items as Array<{ code: string; termSuspension: { whileApprovingBodyAnswers: boolean; regulation: string } }>;
  expect(Object.fromEntries(items.map((s) => [s.code, s.termSuspension]))).toEqual({
    'sme-registration': { whileApprovingBodyAnswers: false, regulation: expect.stringContaining('seed 000 ¶4') },
    'flag-emblem-license': { whileApprovingBodyAnswers: false, regulation: 'seed 003 (no suspension provided); seed 004 ¶39.9' },
    'flag-emblem-license-reissue': { whileApprovingBodyAnswers: false, regulation: 'seed 003 (no suspension provided); seed 004 ¶39.9' },
    'flag-emblem-license-duplicate': { whileApprovingBodyAnswers: false, regulation: expect.stringContaining('seed 004 ¶18-1') },
    'mne-import-export-license': {
      whileApprovingBodyAnswers: false,
      regulation: 'seed 001 (no approving body and no suspension provided)',
    },
    'mne-export-import-permit': { whileApprovingBodyAnswers: false, regulation: 'seed 001 (no approving body and no suspension provided)' },
    'mne-commodity-dealer-license': {
      whileApprovingBodyAnswers: false,
      regulation: 'seed 001 (no approving body and no suspension provided)',
    },
    'mne-commodity-broker-license': {
      whileApprovingBodyAnswers: false,
      regulation: 'seed 001 (no approving body and no suspension provided)',
    },
    'mne-commodity-exchange-license': {
      whileApprovingBodyAnswers: false,
      regulation: 'seed 001 (no approving body and no suspension provided)',
    },
    'nca-certificate-issue': { whileApprovingBodyAnswers: false, regulation: 'seed 002 (no approving body)' },
    'nca-certificate-revoke': { whileApprovingBodyAnswers: false, regulation: 'seed 002 (no approving body)' },
  });
  const doc = (await request(h.app).get('/openapi.json')).body as {
    components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
  };
  expect(doc.components.schemas['Service']?.required).toContain('termSuspension');
  expect(Object.keys(doc.components.schemas['TermSuspension']?.properties ?? {})).toEqual(['whileApprovingBodyAnswers', 'regulation']);
});

test('the OpenAPI catalogue schema documents the review mark', async () => {
  const doc = (await request(h.app).get('/openapi.json')).body as {
    components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
  };
  expect(doc.components.schemas['Service']?.required).toContain('review');
  expect(doc.components.schemas['ServiceReview']?.properties).toMatchObject({ mode: { enum: ['staff', 'automatic', 'registry'] } });
});

/**
 * seed 004 ¶21–¶22 on the Flag/Emblem license and re-issue: before an application is accepted the system
 * checks (1) the applicant in the state databases, (3) the data entered against them, (4) the license to
 * re-issue in the register of permits; a failure blocks the submission with the reasons — a 422 listing
 * each failed check with its field, reason and paragraph — and nothing exists afterwards: no ANCN, no
 * record, no workflow. An unreachable database or register is a 503, not a refusal.
 * Before these checks a re-issue of someone else's or a revoked license was accepted and ended as a seed
 * 003 ¶11 "refusal to consider" (issue 11, deviations 5 and 6).
 */
import request from 'supertest';
import { exampleOf } from '../../../api/openapi';
import { SERVICE_MODULES } from '../../../services';
import { flagEmblemLicenseModule, flagEmblemLicenseReissueModule } from '../../../services/flag-emblem/license-api';
import { formatAncn } from '../../../domain/ancn';
import { enterExampleLicense, makeHarness, type Harness } from '../helpers/harness';

const LICENSE_PATH = '/v1/services/flag-emblem-license/applications';
const REISSUE_PATH = '/v1/services/flag-emblem-license-reissue/applications';
const LICENSE_EXAMPLE = exampleOf(flagEmblemLicenseModule.input) as { applicant: { kind: string; iinOrBin: string } };
const REISSUE_EXAMPLE = exampleOf(flagEmblemLicenseReissueModule.input) as {
  applicant: { kind: 'legal-entity'; iinOrBin: string };
  reissue: { previousPermitAncn: string; reason: string };
};
const APPLICANT = REISSUE_EXAMPLE.applicant.iinOrBin; // 180340001231, in the simulator's (and harness's) legal-entities database
const APPLICANT_NAME = 'ТОО «Мемлекеттік Рәміздер Өндірісі»';
const OLD_LICENSE = REISSUE_EXAMPLE.reissue.previousPermitAncn;
/** A BIN with a valid check digit that no state database knows. */
const UNKNOWN_BIN = '190240000013';

let h: Harness;
beforeEach(() => {
  h = makeHarness({ modules: SERVICE_MODULES });
});

const submit = (path: string, body: unknown, key = 'k-1') =>
  request(h.app)
    .post(path)
    .set('Authorization', `Bearer ${h.tokens.portal}`)
    .set('Idempotency-Key', key)
    .send(body as object);

async function seedLicense(opts: { holderRef?: string; holderName?: string; revoke?: boolean } = {}): Promise<void> {
  await enterExampleLicense(h, opts);
  if (opts.revoke) {
    await h.permits.service.apply(
      OLD_LICENSE,
      'revoke',
      { reason: 'court decision No. 2-1234/2025', idempotencyKey: 'seed-revoke' },
      { subject: 'ctrm:head', kind: 'staff', licensorBody: 'ctrm' },
    );
  }
}

/** ¶22: the submission did not happen: no workflow, no application record, no ANCN taken, the key not claimed. */
function expectNothingSubmitted(): void {
  expect(h.cases.starts).toEqual([]);
  expect(h.store.rows()).toMatchObject({ applications: 0, sequences: 0, idempotency: 0 });
}

function expectBlocked(res: request.Response, failures: Array<{ check: string; field: string; reason: RegExp; regulation: string }>): void {
  expect(res.status).toBe(422);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ code: 'PRE_ACCEPTANCE_CHECK_FAILED', status: 422, detail: expect.stringContaining('seed 004 ¶22') });
  expect(res.body.errors).toEqual(
    failures.map((f) => ({
      check: f.check,
      field: f.field,
      reason: expect.stringMatching(f.reason),
      regulation: f.regulation,
      message: expect.stringContaining(f.regulation),
    })),
  );
}

describe('re-issue (deviation 5): a license that is not the applicant’s, revoked or missing is blocked at submission', () => {
  test('someone else’s license → 422 naming reissue.previousPermitAncn (seed 004 ¶21(4)); nothing is started, stored or numbered', async () => {
    await seedLicense({ holderRef: '850512400125' });
    const res = await submit(REISSUE_PATH, REISSUE_EXAMPLE);
    expectBlocked(res, [
      {
        check: 'register-data-exist',
        field: 'reissue.previousPermitAncn',
        reason: /is held by someone else$/,
        regulation: 'seed 004 ¶21(4)',
      },
    ]);
    // Someone else's license: the refusal says only that, not its holder or status.
    expect(JSON.stringify(res.body)).not.toContain('850512400125');
    expectNothingSubmitted();
  });

  test('a revoked license → 422 saying it is revoked', async () => {
    await seedLicense({ revoke: true });
    const res = await submit(REISSUE_PATH, REISSUE_EXAMPLE);
    expectBlocked(res, [
      { check: 'register-data-exist', field: 'reissue.previousPermitAncn', reason: /is revoked$/, regulation: 'seed 004 ¶21(4)' },
    ]);
    expectNothingSubmitted();
  });

  test('a license not in the register → 422; once it is entered, the same Idempotency-Key is accepted (201) and the case starts', async () => {
    const refused = await submit(REISSUE_PATH, REISSUE_EXAMPLE, 'again');
    expectBlocked(refused, [
      {
        check: 'register-data-exist',
        field: 'reissue.previousPermitAncn',
        reason: /is not in the register of permits$/,
        regulation: 'seed 004 ¶21(4)',
      },
    ]);
    expectNothingSubmitted();

    await seedLicense();
    const accepted = await submit(REISSUE_PATH, REISSUE_EXAMPLE, 'again');
    expect(accepted.status).toBe(201);
    expect(h.cases.starts).toEqual([
      expect.objectContaining({
        workflowType: 'flagEmblemLicenseReissueWorkflow',
        input: expect.objectContaining({ reissue: REISSUE_EXAMPLE.reissue }),
      }),
    ]);
  });

  test('the reason holder-renamed while the legal-entities database records the name on the license → 422 naming reissue.reason (seed 004 ¶21(3))', async () => {
    await seedLicense({ holderName: `ТОО "${APPLICANT_NAME.replace(/^ТОО «|»$/g, '')}"` });
    const res = await submit(REISSUE_PATH, REISSUE_EXAMPLE);
    expectBlocked(res, [
      { check: 'entered-data-match', field: 'reissue.reason', reason: /no renaming to re-issue it for$/, regulation: 'seed 004 ¶21(3)' },
    ]);
    expectNothingSubmitted();
    // Another reason does not claim a new name: accepted.
    const other = await submit(
      REISSUE_PATH,
      { ...REISSUE_EXAMPLE, reissue: { ...REISSUE_EXAMPLE.reissue, reason: 'holder-address-changed' } },
      'k-2',
    );
    expect(other.status).toBe(201);
  });

  test('every failed check at once (¶22: the reasons): unknown applicant and someone else’s license', async () => {
    await seedLicense({ holderRef: '850512400125' });
    const res = await submit(REISSUE_PATH, { ...REISSUE_EXAMPLE, applicant: { kind: 'legal-entity', iinOrBin: UNKNOWN_BIN } });
    expectBlocked(res, [
      {
        check: 'applicant-exists',
        field: 'applicant.iinOrBin',
        reason: /BIN 190240000013 is not in the legal-entities state database/,
        regulation: 'seed 004 ¶21(1)',
      },
      {
        check: 'register-data-exist',
        field: 'reissue.previousPermitAncn',
        reason: /is held by someone else$/,
        regulation: 'seed 004 ¶21(4)',
      },
    ]);
    expectNothingSubmitted();
  });
});

describe('license (deviation 6): the applicant is checked in the state databases before acceptance', () => {
  test('the OpenAPI example is accepted (201): its applicant is in the legal-entities database', async () => {
    const res = await submit(LICENSE_PATH, LICENSE_EXAMPLE);
    expect(res.status).toBe(201);
    expect(h.stateDatabases.calls).toEqual([{ method: 'findLegalEntity', id: APPLICANT }]);
  });

  test('an applicant not in the state database → 422 naming applicant.iinOrBin (seed 004 ¶21(1)); nothing is started', async () => {
    const res = await submit(LICENSE_PATH, { ...LICENSE_EXAMPLE, applicant: { kind: 'legal-entity', iinOrBin: UNKNOWN_BIN } });
    expectBlocked(res, [
      {
        check: 'applicant-exists',
        field: 'applicant.iinOrBin',
        reason: /^BIN 190240000013 is not in the legal-entities state database$/,
        regulation: 'seed 004 ¶21(1)',
      },
    ]);
    expectNothingSubmitted();
  });

  test('a liquidated legal entity or a deceased individual → 422 with the status the database reports', async () => {
    h.stateDatabases.addLegalEntity({
      bin: UNKNOWN_BIN,
      name: 'ТОО «Жабылған»',
      registeredOn: '2019-02-01',
      legalAddress: 'Almaty',
      head: { iin: '850612300414', fullName: 'Сейітов Нұрлан Ержанұлы' },
      status: 'liquidated',
    });
    const liquidated = await submit(LICENSE_PATH, { ...LICENSE_EXAMPLE, applicant: { kind: 'legal-entity', iinOrBin: UNKNOWN_BIN } });
    expectBlocked(liquidated, [
      {
        check: 'applicant-exists',
        field: 'applicant.iinOrBin',
        reason: /legal-entities state database reports BIN 190240000013 as liquidated/,
        regulation: 'seed 004 ¶21(1)',
      },
    ]);
    h.stateDatabases.addIndividual({
      iin: '850512400125',
      lastName: 'Сейтқали',
      firstName: 'Айгерім',
      birthDate: '1985-05-12',
      status: 'deceased',
    });
    const deceased = await submit(LICENSE_PATH, { ...LICENSE_EXAMPLE, applicant: { kind: 'individual', iinOrBin: '850512400125' } }, 'k-2');
    expectBlocked(deceased, [
      {
        check: 'applicant-exists',
        field: 'applicant.iinOrBin',
        reason: /individuals state database reports IIN 850512400125 as deceased/,
        regulation: 'seed 004 ¶21(1)',
      },
    ]);
    expectNothingSubmitted();
  });

  test('the state database unreachable at submission → 503 UPSTREAM_UNAVAILABLE, not a refusal; nothing is started; a retry goes through', async () => {
    h.stateDatabases.failNext(1);
    const down = await submit(LICENSE_PATH, LICENSE_EXAMPLE);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', detail: expect.stringContaining('legal-entities state database') });
    expectNothingSubmitted();
    expect((await submit(LICENSE_PATH, LICENSE_EXAMPLE)).status).toBe(201);
  });

  test('the register unreachable while a re-issue is checked → 503', async () => {
    await seedLicense();
    h.permits.failNext(1);
    const down = await submit(REISSUE_PATH, REISSUE_EXAMPLE);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', detail: expect.stringContaining('register of permits') });
    expectNothingSubmitted();
  });

  test('a submission already accepted replays its 201 without checking again', async () => {
    expect((await submit(LICENSE_PATH, LICENSE_EXAMPLE)).status).toBe(201);
    h.stateDatabases.failNext(Infinity);
    const again = await submit(LICENSE_PATH, LICENSE_EXAMPLE);
    expect(again.status).toBe(201);
    expect(h.cases.starts).toHaveLength(1);
  });
});

test('OpenAPI: the Flag/Emblem license and re-issue submissions document the 422 with its checks; SME registration and the duplicate declare none', async () => {
  const doc = (await request(h.app).get('/openapi.json')).body as {
    paths: Record<string, { post?: { description?: string; responses: Record<string, { description: string }> } }>;
    components: { schemas: Record<string, { properties?: Record<string, { items?: { properties?: Record<string, unknown> } }> }> };
  };
  for (const path of [LICENSE_PATH, REISSUE_PATH]) {
    const op = doc.paths[path]?.post;
    expect(Object.keys(op?.responses ?? {}).sort()).toEqual(['201', '400', '401', '403', '404', '409', '413', '422', '503']);
    expect(op?.responses['422']?.description).toBe('Problem: RULE_VIOLATED, PRE_ACCEPTANCE_CHECK_FAILED');
    expect(op?.description).toContain('applicant-exists (seed 004 ¶21(1))');
  }
  expect(doc.paths[REISSUE_PATH]?.post?.description).toContain('register-data-exist (seed 004 ¶21(4))');
  // Their 422 is only a rule the schema cannot state (a check digit), no check before acceptance.
  for (const path of ['/v1/services/sme-registration/applications', '/v1/services/flag-emblem-license-duplicate/applications'])
    expect(doc.paths[path]?.post?.responses['422']?.description).toBe('Problem: RULE_VIOLATED');
  expect(Object.keys(doc.components.schemas['Problem']?.properties?.['errors']?.items?.properties ?? {})).toEqual(
    expect.arrayContaining(['field', 'message', 'check', 'reason', 'regulation']),
  );
  expect(formatAncn('PRM', 42)).toBe(OLD_LICENSE);
});

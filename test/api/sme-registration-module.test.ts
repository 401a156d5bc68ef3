/** The seed 000 service module: its OpenAPI example is valid as-is, bad applications are refused with the field. */
import request from 'supertest';
import { smeRegistrationModule, SME_ACTIONS_API, SME_REGISTRATION_EXAMPLE } from '../../services/sme-registration/api';
import { SERVICE_MODULES } from '../../services';
import { makeHarness } from './helpers/harness';
import { principal } from './sme-registration-module.fixtures';
import { embeddedCalendar, EMBEDDED_CALENDAR } from '../../domain/calendar';

const example = (): Record<string, unknown> => JSON.parse(JSON.stringify(SME_REGISTRATION_EXAMPLE)) as Record<string, unknown>;

const issuesOf = (body: unknown): string[] => {
  const r = smeRegistrationModule.input.safeParse(body);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

test('the OpenAPI example is a valid application as it is', () => {
  const body = example();
  expect(body).toBeDefined();
  expect(issuesOf(body)).toEqual([]);
  expect(smeRegistrationModule.applicantRef(smeRegistrationModule.input.parse(body))).toBe('850315400124');
});

test('refused: a wrong IIN check digit, shares not summing to 100, a joint-stock company, a repeated founder', () => {
  const body = example() as { founders: Array<{ iin: string; sharePercent: number }>; legalEntity: { legalForm: string } };
  expect(issuesOf({ ...body, founders: [{ ...body.founders[0], iin: '850315400125' }, body.founders[1]] })).toEqual([
    expect.stringMatching(/^founders\.0\.iin: .*check digit/),
  ]);
  expect(issuesOf({ ...body, founders: [{ ...body.founders[0], sharePercent: 50 }, body.founders[1]] })).toEqual([
    expect.stringMatching(/^founders: .*sum to 100 %.*90/),
  ]);
  expect(issuesOf({ ...body, legalEntity: { ...body.legalEntity, legalForm: 'joint-stock-company' } })[0]).toMatch(
    /^legalEntity\.legalForm/,
  );
  expect(
    issuesOf({
      ...body,
      founders: [
        { ...body.founders[0], sharePercent: 50 },
        { ...body.founders[0], sharePercent: 50 },
      ],
    }),
  ).toEqual([expect.stringMatching(/^founders\.1\.iin: the same founder is listed twice/)]);
});

describe('seed 000 ¶4: every private-entrepreneurship legal entity except a joint-stock company', () => {
  const withForm = (legalForm: string, founders?: Array<Record<string, unknown>>): Record<string, unknown> => {
    const body = example() as { legalEntity: Record<string, unknown>; founders: Array<Record<string, unknown>> };
    return { ...body, legalEntity: { ...body.legalEntity, legalForm }, founders: founders ?? body.founders };
  };
  const [aigerim, daniyar] = (example() as { founders: Array<Record<string, unknown>> }).founders as [
    Record<string, unknown>,
    Record<string, unknown>,
  ];

  test.each([
    ['limited-liability-partnership', undefined],
    ['additional-liability-partnership', undefined],
    ['full-partnership', undefined],
    ['production-cooperative', undefined],
    [
      'limited-partnership',
      [
        { ...aigerim, partnerRole: 'full-partner' },
        { ...daniyar, partnerRole: 'investor' },
      ],
    ],
  ])('%s: accepted, with its founders', (form, founders) => {
    expect(issuesOf(withForm(form, founders))).toEqual([]);
  });

  test("each form's founder rules: an LLP or ALP may have one founder; a full or limited partnership and a production cooperative at least two; only a limited partnership's founders are full partners or investors, with at least one of each", () => {
    const alone = [{ ...aigerim, sharePercent: 100 }];
    expect(issuesOf(withForm('limited-liability-partnership', alone))).toEqual([]);
    expect(issuesOf(withForm('additional-liability-partnership', alone))).toEqual([]);
    for (const form of ['full-partnership', 'production-cooperative'])
      expect(issuesOf(withForm(form, alone))).toEqual([expect.stringMatching(/^founders: .* at least 2 founders/)]);
    expect(issuesOf(withForm('limited-partnership'))).toEqual([
      expect.stringMatching(/^founders\.0\.partnerRole: .*full-partner or an investor/),
      expect.stringMatching(/^founders\.1\.partnerRole: .*full-partner or an investor/),
    ]);
    expect(
      issuesOf(
        withForm('limited-partnership', [
          { ...aigerim, partnerRole: 'investor' },
          { ...daniyar, partnerRole: 'investor' },
        ]),
      ),
    ).toEqual([expect.stringMatching(/^founders: a limited \(commandite\) partnership has at least one full-partner/)]);
    expect(issuesOf(withForm('limited-liability-partnership', [{ ...aigerim, partnerRole: 'investor' }, daniyar]))).toEqual([
      expect.stringMatching(/^founders\.0\.partnerRole: only a limited partnership's founders/),
    ]);
  });

  test('a joint-stock company is refused with 400 naming legalEntity.legalForm and citing seed 000 ¶4; nothing starts', async () => {
    const h = makeHarness({ modules: SERVICE_MODULES });
    const res = await request(h.app)
      .post('/v1/services/sme-registration/applications')
      .set('Authorization', `Bearer ${h.tokens.portal}`)
      .set('Idempotency-Key', 'jsc-1')
      .send(withForm('joint-stock-company'));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [
        { field: expect.stringMatching(/legalEntity\.legalForm$/), message: expect.stringMatching(/joint-stock company .*seed 000 ¶4/) },
      ],
    });
    expect(h.cases.starts).toEqual([]);
    const ok = await request(h.app)
      .post('/v1/services/sme-registration/applications')
      .set('Authorization', `Bearer ${h.tokens.portal}`)
      .set('Idempotency-Key', 'pc-1')
      .send(withForm('production-cooperative'));
    expect(ok.status).toBe(201);
    expect(h.cases.starts).toHaveLength(1);
  });
});

test('¶4 plan: one hour from submission; the workflow input carries the submission moment', () => {
  const at = new Date('2026-03-02T05:00:00Z');
  const plan = smeRegistrationModule.plan(at, embeddedCalendar);
  expect(plan.dueAt.toISOString()).toBe('2026-03-02T06:00:00.000Z');
  const input = smeRegistrationModule.workflowInput({
    applicationId: 'a-1',
    ancn: 'X',
    plan,
    calendar: EMBEDDED_CALENDAR,
    input: smeRegistrationModule.input.parse(example()),
    principal,
  });
  expect(input).toMatchObject({ applicationId: 'a-1', submittedAt: '2026-03-02T05:00:00.000Z', calendar: EMBEDDED_CALENDAR });
});

test('actions: sign and choose-another-bank, for the portal, with the actor added', () => {
  expect(SME_ACTIONS_API.map((a) => [a.name, a.roles])).toEqual([
    ['sign', ['portal']],
    ['choose-another-bank', ['portal']],
  ]);
  const sign = SME_ACTIONS_API[0]!;
  expect(sign.input.safeParse({ signerIin: '850315400125', biometricSessionId: 'b' }).success).toBe(false);
  expect(sign.toUpdateArg(sign.input.parse({ signerIin: '850315400124', biometricSessionId: 'b' }), principal)).toEqual({
    signerIin: '850315400124',
    biometricSessionId: 'b',
    actor: 'dev-portal',
  });
});

/** The seed 000 service module: its OpenAPI example is valid as-is, bad applications are refused with the field. */
import { smeRegistrationModule, SME_ACTIONS_API, SME_REGISTRATION_EXAMPLE } from '../../services/sme-registration/api';
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

/**
 * Seed 000 on the uniform API: state registration of an SME legal entity through the portal within one
 * hour, with the bank account, accident insurance, the fee and every founder's Digital ID signature.
 * Applicant actions (portal): `sign` (¶5.10) and `choose-another-bank` (after a bank's refusal, ¶3).
 */
import { z } from '../../api/zod';
import { IinSchema } from '../../domain/identification-number';
import type { Principal } from '../../domain/roles';
import type { ServiceDescriptor } from '../../domain/services';
import {
  EXCLUDED_LEGAL_FORM,
  FULL_SHARE_HUNDREDTHS,
  LEGAL_FORMS,
  LEGAL_FORMS_SOURCE,
  legalFormProblems,
  PARTNER_ROLES,
  REGISTRATION_TERM_HOURS,
  REGISTRATION_TYPES,
  SME_SERVICE_CODE,
  STATE_REGISTRATION_FEE,
  planSmeRegistration,
  totalShareHundredths,
  type SmeRegistrationApplication,
  type SmeRegistrationWorkflowInput,
} from './rules';
import { serviceAction, type ServiceAction, type ServiceModule } from '../../api/service-module';
import { chooseAnotherBankUpdate, signUpdate, smeRegistration } from './workflow';

export const SME_REGISTRATION_DESCRIPTOR: ServiceDescriptor = {
  code: SME_SERVICE_CODE,
  name: {
    kk: 'Шағын және орта кәсіпкерлік субъектілеріне жататын заңды тұлғаны биометриялық верификациямен мемлекеттік тіркеу',
    ru: 'Государственная регистрация юридического лица — субъекта МСП с биометрической верификацией',
    en: 'State registration of an SME legal entity with biometric verification',
  },
  licensorBody: 'state-corporation', // seed 000 ¶2
  term: { kind: 'hours', hours: REGISTRATION_TERM_HOURS, regulation: 'seed 000 ¶4' },
  fee: { kind: 'free', note: STATE_REGISTRATION_FEE.source },
  channels: ['portal'],
  regulation:
    'Seed 000: joint order of the Minister of Justice No. 749 (2023-10-20) and the Minister of Digital Development No. 497/НҚ (2023-10-23)',
};

const Iin = IinSchema;
const Person = z.object({ iin: Iin, fullName: z.string().trim().min(3).max(200) });
const Share = z
  .number()
  .gt(0)
  .max(100)
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-9, 'a share has at most two decimals');

/** The OpenAPI example: valid as it is, and registered by the simulators on its first submission. */
export const SME_REGISTRATION_EXAMPLE: SmeRegistrationApplication = {
  registrationType: 'notification-of-start-of-entrepreneurial-activity',
  applicant: { iin: '850315400124', fullName: 'Sadykova Aigerim Nurlanovna' },
  legalEntity: {
    name: 'Dala Tech',
    legalForm: 'limited-liability-partnership',
    address: { region: 'Almaty', locality: 'Almaty', street: 'Abay Ave', building: '52', office: '14', postalCode: 'A15E3K7' },
  },
  head: { iin: '870912300107', fullName: 'Bekov Timur Aidarovich', position: 'Director' },
  founders: [
    { iin: '850315400124', fullName: 'Sadykova Aigerim Nurlanovna', sharePercent: 60 },
    { iin: '791220300170', fullName: 'Omarov Daniyar Serikovich', sharePercent: 40 },
  ],
  bank: { bankCode: 'HSBKKZKX', branchCode: 'HSBK-ALA-01' },
  executiveBody: { kind: 'sole', members: [{ iin: '870912300107', fullName: 'Bekov Timur Aidarovich', position: 'Director' }] },
  insurance: { kind: 'accident-insurance', insurerCode: 'eurasia' },
};

export const SmeRegistrationApplicationSchema = z
  .object({
    /** seed 000 ¶5.4 */
    registrationType: z.enum(REGISTRATION_TYPES),
    /** seed 000 ¶5.1: who files; signs at ¶5.10. */
    applicant: Person,
    legalEntity: z.object({
      name: z.string().trim().min(2).max(250),
      /** seed 000 ¶4: every private commercial form except the joint-stock company. */
      legalForm: z
        .enum(LEGAL_FORMS, {
          // seed 000 ¶4: a joint-stock company is out of this service's scope, and the refusal says why.
          error: (iss) =>
            iss.input === EXCLUDED_LEGAL_FORM
              ? `a joint-stock company is not registered by this service: seed 000 ¶4 covers private-entrepreneurship legal entities except joint-stock companies (one of: ${LEGAL_FORMS.join(', ')})`
              : undefined,
        })
        .openapi({ description: `${LEGAL_FORMS_SOURCE}. A joint-stock company is refused (seed 000 ¶4).` }),
      address: z.object({
        region: z.string().trim().min(1).max(100),
        locality: z.string().trim().min(1).max(100),
        street: z.string().trim().min(1).max(200),
        building: z.string().trim().min(1).max(20),
        office: z.string().trim().min(1).max(20).optional(),
        postalCode: z.string().regex(/^[A-Z0-9]{6,7}$/, 'a Kazakh postal code like A15E3K7 or 050000'),
      }),
    }),
    /** seed 000 ¶5.5 */
    head: Person.extend({ position: z.string().trim().min(2).max(100) }),
    /** seed 000 ¶5.5; shares sum to 100 %. */
    founders: z
      .array(
        Person.extend({
          sharePercent: Share,
          /** A limited (commandite) partnership's founders only (LEGAL_FORM_RULES). */
          partnerRole: z.enum(PARTNER_ROLES).optional().openapi({ description: 'a limited partnership only: full-partner or investor' }),
        }),
      )
      .min(1)
      .max(50),
    /** seed 000 ¶5.7 */
    bank: z.object({
      bankCode: z.string().regex(/^[A-Z]{6}[A-Z0-9]{2}$/, 'a BIC of 8 letters/digits'),
      branchCode: z.string().trim().min(1).max(40),
    }),
    executiveBody: z.object({
      kind: z.enum(['sole', 'collegial']),
      members: z
        .array(Person.extend({ position: z.string().trim().min(2).max(100) }))
        .min(1)
        .max(20),
    }),
    /** seed 000 ¶5.8, or ¶3: no employees → no insurance. */
    insurance: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('accident-insurance'), insurerCode: z.string().trim().min(1).max(60) }),
      z.object({ kind: z.literal('no-employees'), declaration: z.literal(true) }),
    ]),
  })
  .superRefine((app, ctx) => {
    const total = totalShareHundredths(app.founders);
    if (total !== FULL_SHARE_HUNDREDTHS) {
      ctx.addIssue({ code: 'custom', path: ['founders'], message: `founders' shares must sum to 100 % (they sum to ${total / 100} %)` });
    }
    // seed 000 ¶4: each form's founder rules (how many, a limited partnership's full partners and investors).
    for (const p of legalFormProblems(app.legalEntity.legalForm, app.founders))
      ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
    const seen = new Set<string>();
    app.founders.forEach((f, i) => {
      if (seen.has(f.iin)) ctx.addIssue({ code: 'custom', path: ['founders', i, 'iin'], message: 'the same founder is listed twice' });
      seen.add(f.iin);
    });
    if (app.executiveBody.kind === 'sole' && app.executiveBody.members.length !== 1) {
      ctx.addIssue({ code: 'custom', path: ['executiveBody', 'members'], message: 'a sole executive body has exactly one member' });
    }
  })
  .openapi('SmeRegistrationApplication', { example: SME_REGISTRATION_EXAMPLE });

const SignSchema = z
  .object({
    /** The applicant or a founder (seed 000 ¶5.10). */
    signerIin: Iin,
    /** The Digital ID biometric session the person just passed (the simulator refuses ids starting with "fail"). */
    biometricSessionId: z.string().trim().min(1).max(200),
  })
  .openapi('SmeRegistrationSign', { example: { signerIin: '850315400124', biometricSessionId: 'bio-session-7f3a2c' } });

const ChooseAnotherBankSchema = z
  .object({
    bankCode: z.string().regex(/^[A-Z]{6}[A-Z0-9]{2}$/, 'a BIC of 8 letters/digits'),
    branchCode: z.string().trim().min(1).max(40),
  })
  .openapi('SmeRegistrationChooseAnotherBank', { example: { bankCode: 'KCJBKZKX', branchCode: 'KCJB-ALA-01' } });

/** Both SME updates take the request body plus the principal that relayed it (audit). */
function withActor<B extends object>(body: B, principal: Principal): B & { actor: string } {
  return { ...body, actor: principal.subject };
}

export const SME_ACTIONS_API: ServiceAction[] = [
  serviceAction({
    update: signUpdate,
    summary:
      'seed 000 ¶5.10: the applicant or a founder signs the application through Digital ID (biometric); each once, only at the signing stage',
    roles: ['portal'],
    input: SignSchema,
    toUpdateArg: withActor,
  }),
  serviceAction({
    update: chooseAnotherBankUpdate,
    summary: 'seed 000 ¶3: after a bank refused to open the account, the applicant chooses another bank and branch',
    roles: ['portal'],
    input: ChooseAnotherBankSchema,
    toUpdateArg: withActor,
  }),
];

export const smeRegistrationModule: ServiceModule<typeof SmeRegistrationApplicationSchema, SmeRegistrationWorkflowInput> = {
  descriptor: SME_REGISTRATION_DESCRIPTOR,
  input: SmeRegistrationApplicationSchema,
  workflow: smeRegistration,
  applicantRef: (input) => input.applicant.iin,
  plan: (submittedAt, cal) => {
    const p = planSmeRegistration(submittedAt, cal);
    return {
      submittedAt: p.submittedAt,
      registeredAt: p.registeredAt,
      milestones: p.milestones,
      dueAt: p.dueAt,
      calendarVersion: p.calendarVersion,
    };
  },
  workflowInput: ({ applicationId, ancn, plan, calendar, input }) => ({
    applicationId,
    ancn,
    submittedAt: plan.submittedAt.toISOString(),
    application: input,
    calendar,
  }),
  actions: SME_ACTIONS_API,
};

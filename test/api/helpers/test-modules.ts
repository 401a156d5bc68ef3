/**
 * Two ServiceModules defined for the API tests only (the real ones live in services/): one for each
 * licensor body, sharing an action name so the OpenAPI document has to carry one example per service.
 * Their plans use the real calendar (seed 003 ¶9 registration moment, N working days).
 */
import { addWorkingDays, CALENDAR_VERSION, registrationMoment } from '../../../domain/calendar';
import { defineUpdate } from '@temporalio/workflow';
import { serviceAction, type ServiceModule, type TermPlan } from '../../../api/service-module';
import { z } from '../../../api/zod';
import type { ServiceDescriptor } from '../../../domain/services';
import { SME_REGISTRATION_DESCRIPTOR, smeRegistrationModule } from '../../../services/sme-registration/api';

/** Never run: the fake Temporal records the start under the function's name. */
async function testLicenseWorkflow(input: unknown): Promise<unknown> {
  return input;
}
async function testRegistrationWorkflow(input: unknown): Promise<unknown> {
  return input;
}
const recordCompletenessCheck = defineUpdate<unknown, [unknown]>('record-completeness-check');
const objectToPreliminaryDecision = defineUpdate<unknown, [unknown]>('object-to-preliminary-decision');
const confirmPaymentCallback = defineUpdate<unknown, [unknown]>('confirm-payment-callback');

function planFor(days: number, regulation: string) {
  return (submittedAt: Date): TermPlan => {
    const registeredAt = registrationMoment(submittedAt);
    const check = addWorkingDays(registeredAt, 1);
    const dueAt = addWorkingDays(registeredAt, days);
    return {
      submittedAt,
      registeredAt,
      milestones: [
        { name: 'completenessCheck', dueAt: check, regulation: `${regulation} ¶10` },
        { name: 'result', dueAt, regulation: `${regulation} ¶12` },
      ],
      dueAt,
      calendarVersion: CALENDAR_VERSION,
    };
  };
}

const LicenseInput = z
  .object({
    applicantBin: z.string().regex(/^\d{12}$/, '12 digits'),
    activity: z.string().min(3),
    equipment: z.array(z.object({ name: z.string().min(1), serial: z.string().min(1) })).min(1),
  })
  .openapi({
    example: {
      applicantBin: '180540012345',
      activity: 'Manufacture of the State Flag',
      equipment: [{ name: 'Roland TrueVIS VG3-640 printer', serial: 'RV-2291-KZ' }],
    },
  });

const CompletenessInput = z
  .object({ complete: z.boolean(), note: z.string().max(2000).optional() })
  .openapi({ example: { complete: true, note: 'All Annex 1 sections present' } });

const ObjectionInput = z
  .object({ objection: z.string().min(10) })
  .openapi({ example: { objection: 'The calibration certificate No. 447 is valid until 2026-05-01; copy attached.' } });

const licenseDescriptor: ServiceDescriptor = {
  code: 'flag-emblem-license',
  name: {
    kk: 'Мемлекеттік Ту мен Елтаңбаны дайындауға лицензия',
    ru: 'Лицензия на изготовление Государственного Флага и Герба',
    en: 'License to manufacture the State Flag and Emblem',
  },
  licensorBody: 'ctrm',
  term: { kind: 'working-days', days: 7, regulation: 'seed 003 ¶12' },
  fee: { kind: 'mrp', mrp: 10, regulation: 'seed 003 Annex 2 item 6' },
  channels: ['portal'],
  regulation: 'Seed 003: Order No. 166-НҚ of 2020-05-18 (reg. No. 20667)',
};

export const testLicenseModule: ServiceModule = {
  descriptor: licenseDescriptor,
  input: LicenseInput,
  workflow: testLicenseWorkflow,
  applicantRef: (input) => (input as z.infer<typeof LicenseInput>).applicantBin,
  plan: planFor(7, 'seed 003'),
  workflowInput: ({ applicationId, ancn, plan, input, principal }) => ({
    applicationId,
    ancn,
    serviceCode: licenseDescriptor.code,
    licensorBody: licenseDescriptor.licensorBody,
    registeredAt: plan.registeredAt.toISOString(),
    dueAt: plan.dueAt.toISOString(),
    calendarVersion: plan.calendarVersion,
    application: input,
    submittedBy: principal.subject,
  }),
  actions: [
    serviceAction({
      update: recordCompletenessCheck,
      summary: 'Record the completeness check (seed 003 ¶10-11)',
      roles: ['staff'],
      input: CompletenessInput,
      toUpdateArg: (input, principal) => ({ ...(input as object), actor: principal.subject }),
    }),
    serviceAction({
      update: objectToPreliminaryDecision,
      summary: 'Object to the preliminary decision (seed 003 ¶12-1)',
      roles: ['portal'],
      input: ObjectionInput,
      toUpdateArg: (input, principal) => ({ ...(input as object), actor: principal.subject }),
    }),
  ],
};

const RegistrationInput = z
  .object({ founderIin: z.string().regex(/^\d{12}$/, '12 digits'), companyName: z.string().min(2) })
  .openapi({ example: { founderIin: '900101300123', companyName: 'Dala Tech' } });

const registrationDescriptor: ServiceDescriptor = {
  code: 'sme-registration',
  name: {
    kk: 'Шағын кәсіпкерлік субъектісін тіркеу',
    ru: 'Регистрация субъекта малого предпринимательства',
    en: 'SME legal-entity registration',
  },
  licensorBody: 'state-corporation',
  term: { kind: 'working-days', days: 1, regulation: 'test: one working day' },
  fee: { kind: 'free' },
  channels: ['portal'],
  regulation: 'Seed 000 (pilot)',
};

const RegistrationCheckInput = z
  .object({ complete: z.boolean(), checkedDocuments: z.number().int().min(0) })
  .openapi({ example: { complete: true, checkedDocuments: 3 } });

export const testRegistrationModule: ServiceModule = {
  descriptor: registrationDescriptor,
  input: RegistrationInput,
  workflow: testRegistrationWorkflow,
  applicantRef: (input) => (input as z.infer<typeof RegistrationInput>).founderIin,
  plan: planFor(1, 'seed 000'),
  workflowInput: ({ applicationId, ancn, plan, input }) => ({
    applicationId,
    ancn,
    serviceCode: registrationDescriptor.code,
    licensorBody: registrationDescriptor.licensorBody,
    registeredAt: plan.registeredAt.toISOString(),
    dueAt: plan.dueAt.toISOString(),
    calendarVersion: plan.calendarVersion,
    application: input,
  }),
  actions: [
    serviceAction({
      update: recordCompletenessCheck,
      summary: 'Record the completeness check',
      roles: ['staff', 'admin'],
      input: RegistrationCheckInput,
      toUpdateArg: (input, principal) => ({ ...(input as object), actor: principal.subject }),
    }),
    serviceAction({
      update: confirmPaymentCallback,
      summary: 'Payment gateway confirms the fee',
      roles: ['gateway'],
      input: z.object({ invoiceId: z.string().min(1) }).openapi({ example: { invoiceId: 'INV-2025-000117' } }),
      toUpdateArg: (input) => input,
    }),
  ],
};

/**
 * The SME registration as the API sees it for SLA purposes: the real descriptor (term: 1 hour, seed 000
 * ¶4) and the real plan (due one hour after submission, at any hour), with the test workflow input the
 * fake Temporal's status query reads.
 */
export const testHourRegistrationModule: ServiceModule = {
  ...testRegistrationModule,
  descriptor: SME_REGISTRATION_DESCRIPTOR,
  plan: smeRegistrationModule.plan,
  workflowInput: ({ applicationId, ancn, plan, input }) => ({
    applicationId,
    ancn,
    serviceCode: SME_REGISTRATION_DESCRIPTOR.code,
    licensorBody: SME_REGISTRATION_DESCRIPTOR.licensorBody,
    registeredAt: plan.registeredAt.toISOString(),
    dueAt: plan.dueAt.toISOString(),
    calendarVersion: plan.calendarVersion,
    application: input,
  }),
};

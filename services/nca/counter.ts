/**
 * The NCA services at the State Corporation counter (seed 002 ¶3 channel (2), ¶8(2), ¶4(2)–(3), ¶9–¶10):
 * the counter descriptors (counter/channel.ts CounterIntake) the counter routes and the worker's forwarding
 * read. Individuals (IIN) and legal entities (BIN) apply; the paper-document list is the category's ¶9
 * checklist; an incomplete package gets the A9 receipt at the counter and nothing is forwarded; an accepted
 * one gets the State Corporation receipt of ¶9 (5 items) and goes at once to the provider, whose 1-working-
 * day term (¶4(1)) gives the receipt's planned result date.
 */
import type { CounterApplicant, CounterIntake, CounterIntakeData, PaperDocument } from '../../counter/channel';
import { z } from '../../api/zod';
import type { LocalizedText } from '../../domain/services';
import type { NcaIssueApplication, NcaRevokeApplication } from './case';
import { IssueForm, RevocationForm } from './forms';
import {
  A9_RECEIPT_COPIES,
  APPLICANT_CATEGORIES,
  COUNTER_HAND_OVER,
  COUNTER_SERVICE_MINUTES,
  DOCUMENTS,
  requiredDocuments,
  type DocumentKind,
} from './rules';

/** seed 002 ¶9: the documents' names at the counter, in the workstation's three languages. */
const DOCUMENT_NAMES: Record<DocumentKind, LocalizedText> = {
  'application-form': {
    kk: 'Өтініш нысаны (бірегей нөмірімен)',
    ru: 'Заявление (с уникальным номером)',
    en: DOCUMENTS['application-form'],
  },
  'identity-document': {
    kk: 'Жеке басын куәландыратын құжат',
    ru: 'Документ, удостоверяющий личность',
    en: DOCUMENTS['identity-document'],
  },
  'notarised-power-of-attorney': {
    kk: 'Нотариат куәландырған сенімхат',
    ru: 'Нотариально удостоверенная доверенность',
    en: DOCUMENTS['notarised-power-of-attorney'],
  },
  'one-time-power-of-attorney': {
    kk: 'Заңды тұлғаның бір реттік сенімхаты (A3)',
    ru: 'Разовая доверенность юридического лица (A3)',
    en: DOCUMENTS['one-time-power-of-attorney'],
  },
  'proprietor-registration-certificate': {
    kk: 'Дара кәсіпкерді мемлекеттік тіркеу туралы куәлік',
    ru: 'Свидетельство о государственной регистрации ИП',
    en: DOCUMENTS['proprietor-registration-certificate'],
  },
  'legal-entity-registration': {
    kk: 'Заңды тұлғаны тіркеу туралы анықтама',
    ru: 'Справка о регистрации юридического лица',
    en: DOCUMENTS['legal-entity-registration'],
  },
  'domain-ownership-document': {
    kk: 'ҚазNIC куәлігі немесе WHOIS үзіндісі',
    ru: 'Свидетельство KazNIC или выписка WHOIS',
    en: DOCUMENTS['domain-ownership-document'],
  },
  'treasury-agreement': {
    kk: 'Қазынашылық комитетімен ЭЦҚ келісімі',
    ru: 'Соглашение об ЭЦП с Комитетом казначейства',
    en: DOCUMENTS['treasury-agreement'],
  },
  'residence-document': { kk: 'ЖСН бар тіркеу құжаты', ru: 'Документ о регистрации с ИИН', en: DOCUMENTS['residence-document'] },
  'non-resident-registration': {
    kk: 'Бейрезиденттің БСН бар құжаты',
    ru: 'Документ нерезидента с БИН',
    en: DOCUMENTS['non-resident-registration'],
  },
};

function paper(code: DocumentKind, required: boolean): PaperDocument {
  return { code, name: DOCUMENT_NAMES[code], required, source: 'seed 002 ¶9 (table §2.4/§2.5)' };
}

/** ¶9: the category's checklist, every listed document required; the others may be marked too. */
function checklist(required: readonly DocumentKind[]): PaperDocument[] {
  const need = new Set(required);
  return (Object.keys(DOCUMENTS) as DocumentKind[])
    .filter((d) => need.has(d))
    .map((d) => paper(d, true))
    .concat((Object.keys(DOCUMENTS) as DocumentKind[]).filter((d) => !need.has(d) && d !== 'application-form').map((d) => paper(d, false)));
}

const COMMON_TERMS = {
  serviceMinutes: { minutes: COUNTER_SERVICE_MINUTES, regulation: 'seed 002 ¶4(3)' },
  handOver: COUNTER_HAND_OVER,
  applicants: ['individual', 'legal-entity'] as const,
  // seed 002 ¶10, A9: intake refused with the receipt listing the missing documents, in 2 copies.
  incompletePackage: {
    title: 'Receipt refusing to accept the documents (A9)',
    copies: A9_RECEIPT_COPIES,
    regulation: 'seed 002 ¶10, A9 (Law on state services art. 20)',
  },
  receiptRegulation:
    'seed 002 ¶9: the State Corporation receipt (date and number, service, number and names of the documents, when and where the result is issued, the employee)',
};

// ── Issue ────────────────────────────────────────────────────────────────────────────────────────────

const Category = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6), z.literal(7), z.literal(8)]);
const PublicKeyPem = z.string().regex(/-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----/, 'a PEM "PUBLIC KEY"');

/** What the operator enters for an issue package (the documents come from the marked paper list). */
export const NcaCounterIssueForm = z.object({
  category: Category,
  form: IssueForm,
  /** ¶9: written consent to use data protected by law, taken by the employee. */
  consentToProtectedData: z.boolean(),
  headForThemself: z.boolean().optional(),
  treasuryAgreementSignedOn: z.iso.date().optional(),
  provenDomains: z.array(z.string().min(1).max(253)).max(100).optional(),
  publicKeys: z.object({ signing: PublicKeyPem, authentication: PublicKeyPem }).optional(),
});
export type NcaCounterIssueForm = z.infer<typeof NcaCounterIssueForm>;

function holderOf(form: IssueForm): { iin: string; bin?: string } {
  if (form.form === 'A2' || form.form === 'A6') return { iin: form.employee.iin, bin: form.bin };
  if (form.form === 'A5') return { iin: form.iin, bin: form.bin };
  return { iin: form.iin };
}

/** The applicant entered at the counter is the one the form names (IIN; the organisation's BIN). */
function sameHolder(applicant: CounterApplicant, holder: { iin?: string; bin?: string }): Array<{ field: string; message: string }> {
  if (applicant.kind === 'individual') {
    if (holder.bin) return [{ field: 'applicant', message: 'the form names an organisation: enter the applicant by its BIN' }];
    return applicant.iin === holder.iin ? [] : [{ field: 'applicant.iin', message: 'differs from the IIN on the form' }];
  }
  if (!holder.bin) return [{ field: 'applicant', message: "the form names an individual: enter the applicant by the person's IIN" }];
  return applicant.bin === holder.bin ? [] : [{ field: 'applicant.bin', message: 'differs from the BIN on the form' }];
}

const A1_EXAMPLE_KEY = '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----';

/**
 * The A1 form of the counter's example (an individual, category 1): the one fixture the tests send too,
 * with their own public keys and day of application (the example's keys are placeholders).
 */
export const A1_FORM_EXAMPLE = {
  form: 'A1',
  iin: '850612300414',
  surname: 'Сейітов',
  name: 'Нұрлан',
  region: 'Astana',
  city: 'Astana',
  email: 'me@example.kz',
  phone: '+7 701 000 00 00',
  validityYears: 1,
  signaturePublicKey: A1_EXAMPLE_KEY,
  authenticationPublicKey: A1_EXAMPLE_KEY,
  consents: { userAgreement: true, personalData: true, emailNotices: true, policyRead: true },
  appliedOn: '2026-12-03',
} as const satisfies IssueForm;

export function ncaIssueCounter(): CounterIntake<NcaCounterIssueForm, CounterApplicant> {
  return {
    terms: {
      // seed 002 ¶9: compared with the individuals / legal-entities databases (through the e-gov gateway).
      lookups: { individual: true, legalEntity: true, notarisedPowerOfAttorney: true },
      paperDocuments: checklist(requiredDocuments(1, { representative: false })),
      ...COMMON_TERMS,
    },
    paperDocumentsFor: (form, o) =>
      checklist(requiredDocuments(form.category, { representative: o.representative, headForThemself: form.headForThemself ?? false })),
    check: (applicant, form) => {
      const expected = APPLICANT_CATEGORIES[form.category].form;
      if (form.form.form !== expected)
        return [{ field: 'form.form.form', message: `category ${form.category} applies with form ${expected} (seed 002 ¶9)` }];
      return sameHolder(applicant, holderOf(form.form));
    },
    form: NcaCounterIssueForm,
    formExample: {
      category: 1,
      form: A1_FORM_EXAMPLE,
      consentToProtectedData: true,
    },
    toApplication: (intake: CounterIntakeData<NcaCounterIssueForm, CounterApplicant>): NcaIssueApplication => {
      const f = intake.form;
      const known = new Set(Object.keys(DOCUMENTS));
      return {
        package: {
          category: f.category,
          form: f.form,
          // ¶9: what the operator marked as presented is the package handed in.
          handedIn: (intake.paperDocuments ?? []).filter((d): d is DocumentKind => known.has(d)),
          representative: intake.representative !== undefined,
          ...(f.headForThemself !== undefined ? { headForThemself: f.headForThemself } : {}),
          consentToProtectedData: f.consentToProtectedData,
          ...(f.treasuryAgreementSignedOn ? { treasuryAgreementSignedOn: f.treasuryAgreementSignedOn } : {}),
          ...(f.provenDomains ? { provenDomains: f.provenDomains } : {}),
        },
        ...(f.publicKeys ? { publicKeys: f.publicKeys } : {}),
      };
    },
  };
}

// ── Revoke ───────────────────────────────────────────────────────────────────────────────────────────

export const NcaCounterRevokeForm = z.object({
  form: RevocationForm,
  reason: z.enum(['unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation']),
});
export type NcaCounterRevokeForm = z.infer<typeof NcaCounterRevokeForm>;

/** seed 002 §2.5: A7 — identity document, a notarised PoA with a representative; A8 — also the A3 PoA. */
function revocationDocuments(form: NcaCounterRevokeForm, representative: boolean): DocumentKind[] {
  if (form.form.form === 'A7')
    return ['application-form', 'identity-document', ...(representative ? ['notarised-power-of-attorney' as const] : [])];
  return ['application-form', 'identity-document', 'one-time-power-of-attorney'];
}

export function ncaRevokeCounter(): CounterIntake<NcaCounterRevokeForm, CounterApplicant> {
  return {
    terms: {
      lookups: { individual: true, legalEntity: true, notarisedPowerOfAttorney: true },
      paperDocuments: checklist(['application-form', 'identity-document']),
      ...COMMON_TERMS,
    },
    paperDocumentsFor: (form, o) => checklist(revocationDocuments(form, o.representative)),
    check: (applicant, form) =>
      sameHolder(applicant, form.form.form === 'A7' ? { iin: form.form.iin } : { iin: form.form.holderIin, bin: form.form.bin }),
    form: NcaCounterRevokeForm,
    formExample: {
      form: {
        form: 'A7',
        iin: '850612300414',
        fullName: 'Сейітов Нұрлан',
        email: 'me@example.kz',
        phone: '+7 701 000 00 00',
        serials: ['0a1b2c3d'],
        consents: { personalData: true },
        appliedOn: '2026-12-03',
      },
      reason: 'keyCompromise',
    },
    toApplication: (intake: CounterIntakeData<NcaCounterRevokeForm, CounterApplicant>): NcaRevokeApplication => ({
      form: intake.form.form,
      reason: intake.form.reason,
    }),
  };
}

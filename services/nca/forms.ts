/**
 * The application forms of seed 002 (annexes A1–A8) as zod schemas with their fields (§2.6 of the close
 * reading). A9 (the receipt refusing intake) is a document the system makes, see rules.ts/missingDocuments.
 * The key-algorithm lines of the forms (RSA 2048; GOST 34.310-2004 512 bit) are not asked: GOST is not
 * available here and every key is RSA 2048 or ECDSA P-256 (REGULATION.md, deviation).
 */
import { z } from '../../api/zod';
import { BinSchema, IinSchema } from '../../domain/identification-number';
import { CERTIFICATE_VALIDITY_YEARS } from '../../pki/profiles';

// The HTML living standard's address syntax (what a form's type=email accepts): every address the
// published `format: email` admits, which zod's default, stricter pattern does not.
const EmailSchema = z.email({ pattern: z.regexes.html5Email });
const PublicKeyPem = z
  .string()
  .regex(/-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----/, 'a SubjectPublicKeyInfo in PEM ("-----BEGIN PUBLIC KEY-----")');
const Domain = z
  .string()
  .toLowerCase()
  .regex(
    /^(?=.{1,253}$)([a-z0-9\u0430-\u044f\u04d9\u0493\u049b\u04a3\u04e9\u04b1\u04af\u04bb\u0456-]{1,63}\.)+[a-z\u0430-\u044f\u04d9\u0493\u049b\u04a3\u04e9\u04b1\u04af\u04bb\u0456]{2,63}$/,
    'a domain name',
  );

/** Consents every form ends with (A1–A6): user agreement, personal data, e-mail notices, the policy read. */
const Consents = z.object({
  userAgreement: z.literal(true),
  personalData: z.literal(true),
  emailNotices: z.boolean(),
  policyRead: z.literal(true),
});

const Person = {
  iin: IinSchema,
  surname: z.string().min(1).max(100),
  name: z.string().min(1).max(100),
  patronymic: z.string().max(100).optional(),
  region: z.string().min(1).max(100),
  city: z.string().min(1).max(100),
  email: EmailSchema,
  phone: z.string().regex(/^\+?\d[\d\s()-]{6,20}$/, 'a phone number'),
};

/**
 * Ours (REGULATION.md): the language of the e-mail notices (seed 002 ¶9), Kazakh or Russian; absent →
 * English. The A-forms have no such line; the portal and the counter ask it beside the e-mail address.
 */
const NoticeLanguage = z.enum(['kk', 'ru', 'en']).optional();

/** A1: individual (categories 1 and 7). */
export const FormA1 = z.object({
  form: z.literal('A1'),
  uniqueNumber: z.string().min(1).max(40).optional(),
  ...Person,
  validityYears: z.literal(CERTIFICATE_VALIDITY_YEARS),
  signaturePublicKey: PublicKeyPem,
  authenticationPublicKey: PublicKeyPem,
  extraInformation: z.string().max(1000).optional(),
  consents: Consents,
  noticeLanguage: NoticeLanguage,
  appliedOn: z.string().date(),
});

/** A2: legal-entity employee / joint-entrepreneurship proprietor / non-resident legal entity (2, 3, 8). */
export const FormA2 = z.object({
  form: z.literal('A2'),
  uniqueNumber: z.string().min(1).max(40).optional(),
  bin: BinSchema,
  organisation: z.string().min(1).max(300),
  employee: z.object(Person),
  validityYears: z.literal(CERTIFICATE_VALIDITY_YEARS),
  signaturePublicKey: PublicKeyPem,
  authenticationPublicKey: PublicKeyPem,
  consents: Consents,
  noticeLanguage: NoticeLanguage,
  appliedOn: z.string().date(),
});

/** A3: one-time power of attorney from a legal entity, to obtain or revoke (the form has 4 employee rows: layout, not a cap). */
export const FormA3 = z.object({
  form: z.literal('A3'),
  place: z.string().min(1),
  date: z.string().date(),
  entity: z.object({ name: z.string().min(1), bin: BinSchema, legalAddress: z.string().min(1) }),
  head: z.object({ fullName: z.string().min(1), actingUnder: z.string().min(1).default('charter') }),
  representative: z.object({
    fullName: z.string().min(1),
    birthYear: z.number().int(),
    birthPlace: z.string().min(1),
    address: z.string().min(1),
    iin: IinSchema,
  }),
  purpose: z.enum(['issue', 'revoke']),
  employees: z.array(z.object({ fullName: z.string().min(1), iin: IinSchema })).min(1),
  representativeMaySign: z.boolean(),
  sealed: z.boolean(),
});

const Ssl = {
  domain: Domain,
  additionalDomains: z.array(Domain).max(100).default([]),
  /** "PKCS#10 request in Base64 format" (PEM accepted too). */
  pkcs10: z.string().min(100).max(20_000),
  validityYears: z.literal(CERTIFICATE_VALIDITY_YEARS),
  consents: Consents,
  noticeLanguage: NoticeLanguage,
  appliedOn: z.string().date(),
};

/** A4: SSL, individual domain owner (category 4). */
export const FormA4 = z.object({ form: z.literal('A4'), uniqueNumber: z.string().min(1).max(40).optional(), ...Person, ...Ssl });

/** A5: SSL, legal-entity domain owner (category 5). */
export const FormA5 = z.object({
  form: z.literal('A5'),
  uniqueNumber: z.string().min(1).max(40).optional(),
  bin: BinSchema,
  organisation: z.string().min(1).max(300),
  ...Person,
  ...Ssl,
});

/** A6: Treasury-Client participant (category 6): A2 plus the ММ/МБС code and the role. */
export const FormA6 = FormA2.extend({
  form: z.literal('A6'),
  treasuryCode: z.string().min(1).max(40),
  role: z.string().min(1).max(100),
});

const Serials = z
  .array(z.string().regex(/^[0-9a-fA-F:]{1,64}$/, 'a hexadecimal serial number'))
  .min(1)
  .max(100);

/** A7: revocation, individual / domain-owner individual / non-resident individual. */
export const FormA7 = z.object({
  form: z.literal('A7'),
  iin: IinSchema,
  fullName: z.string().min(1),
  email: EmailSchema,
  phone: Person.phone,
  serials: Serials,
  issuedOn: z.string().date().optional(),
  /** Ours: A7 lists "consents" without naming them; the consent to e-mail notices is optional here (seed 002 ¶9). */
  consents: Consents.pick({ personalData: true }).extend({ emailNotices: z.boolean().optional() }),
  noticeLanguage: NoticeLanguage,
  appliedOn: z.string().date(),
});

/** A8: revocation, legal entity / domain-owner LE / joint proprietor / Treasury-Client / non-resident LE. */
export const FormA8 = z.object({
  form: z.literal('A8'),
  bin: BinSchema,
  organisation: z.string().min(1),
  holderIin: IinSchema,
  holderFullName: z.string().min(1),
  treasuryCode: z.string().optional(),
  role: z.string().optional(),
  region: z.string().min(1),
  city: z.string().min(1),
  phone: Person.phone,
  serials: Serials,
  issuedOn: z.string().date().optional(),
  /** A8 footnote / ¶9: with the dismissal order no head's signature or seal is needed. */
  basis: z.enum(['head-signed', 'dismissal-order']),
  appliedOn: z.string().date(),
});

export const IssueForm = z.discriminatedUnion('form', [FormA1, FormA2, FormA4, FormA5, FormA6]);
export type IssueForm = z.infer<typeof IssueForm>;
export const RevocationForm = z.discriminatedUnion('form', [FormA7, FormA8]);
export type RevocationForm = z.infer<typeof RevocationForm>;

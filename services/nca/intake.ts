/**
 * Intake of seed 002 as pure functions over what the counter (or the portal) has in hand: any channel
 * calls these — the provider's counter, the State Corporation's counter (counter/ kernel), the portal's
 * repeat application. Order (§2.7 A): completeness (incomplete → A9, the case ends) → comparison with
 * the individuals / legal-entities databases and consent → the refusal grounds of ¶10 → accepted.
 */
import type { IndividualRecord, LegalEntityRecord } from '../../adapters/state-databases/port';
import { embeddedCalendar, type BusinessCalendar } from '../../domain/calendar';
import { readCsr, CsrError } from '../../pki/authority';
import type { IssueForm } from './forms';
import {
  A9_RECEIPT_COPIES,
  DOCUMENTS,
  isUnderMinimumAge,
  missingDocuments,
  REFUSAL_GROUNDS,
  treasuryAgreementTooOld,
  unprovenDomains,
  type ApplicantCategory,
  type DocumentKind,
  type RefusalGround,
} from './rules';

export interface IntakePackage {
  category: ApplicantCategory;
  form: IssueForm;
  handedIn: DocumentKind[];
  representative: boolean;
  headForThemself?: boolean;
  /** ¶9: written consent to use data that are secrets protected by law. */
  consentToProtectedData: boolean;
  /** Kazakhstan date of submission, YYYY-MM-DD. */
  submittedOn: string;
  /** Category 6: the Treasury agreement's signing date. */
  treasuryAgreementSignedOn?: string;
  /** Categories 4, 5: the domains the KazNIC certificate / WHOIS extract proves. */
  provenDomains?: string[];
  /** A court decision in force barring issue (ours: a staff finding; no court register is connected). */
  courtDecision?: { number: string; date: string };
}

export interface A9Receipt {
  kind: 'A9';
  /** seed 002 A9: the missing documents. */
  missing: Array<{ document: DocumentKind; name: string }>;
  copies: typeof A9_RECEIPT_COPIES;
}

export type IntakeOutcome =
  | { outcome: 'incomplete'; receipt: A9Receipt }
  | { outcome: 'refused'; ground: RefusalGround; regulation: string; reasons: string[] }
  | { outcome: 'accepted'; subjectIin: string; subjectBin?: string; sslNames?: string[]; sslPublicKey?: Uint8Array };

function formIin(form: IssueForm): string {
  return form.form === 'A2' || form.form === 'A6' ? form.employee.iin : form.iin;
}
function formBin(form: IssueForm): string | undefined {
  return form.form === 'A2' || form.form === 'A6' || form.form === 'A5' ? form.bin : undefined;
}
function formNames(form: IssueForm): { surname: string; name: string } {
  return form.form === 'A2' || form.form === 'A6' ? form.employee : form;
}

/** ¶9: completeness; A9 when something is missing (the consent counts as a document of the package). */
export function checkCompleteness(p: IntakePackage): A9Receipt | null {
  const missing = missingDocuments(p.category, p.handedIn, {
    representative: p.representative,
    headForThemself: p.headForThemself ?? false,
  });
  const list = missing.map((d) => ({ document: d, name: DOCUMENTS[d] }));
  return list.length > 0 ? { kind: 'A9', missing: list, copies: A9_RECEIPT_COPIES } : null;
}

/** ¶9: the form's data against the state databases; each mismatch is a reason (ground ¶10(1), false information). */
export function compareWithDatabases(form: IssueForm, individual: IndividualRecord | null, entity: LegalEntityRecord | null): string[] {
  const reasons: string[] = [];
  const iin = formIin(form);
  if (!individual) reasons.push(`IIN ${iin} is not in the individuals database`);
  else {
    const n = formNames(form);
    if (individual.lastName.toUpperCase() !== n.surname.toUpperCase()) reasons.push('surname differs from the individuals database');
    if (individual.firstName.toUpperCase() !== n.name.toUpperCase()) reasons.push('name differs from the individuals database');
    if (individual.status === 'deceased') reasons.push('the individuals database records the person as deceased');
  }
  const bin = formBin(form);
  if (bin !== undefined) {
    if (!entity) reasons.push(`BIN ${bin} is not in the legal-entities database`);
    else if (entity.status !== 'active') reasons.push(`the legal entity is ${entity.status}`);
  }
  return reasons;
}

/**
 * The whole intake of an issue package, given the database records the caller looked up. SSL: the CSR's
 * self-signature and every name against the proven domains (A4/A5).
 */
export async function intake(
  p: IntakePackage,
  db: { individual: IndividualRecord | null; entity: LegalEntityRecord | null },
  cal: BusinessCalendar = embeddedCalendar,
): Promise<IntakeOutcome> {
  const incomplete = checkCompleteness(p);
  if (incomplete) return { outcome: 'incomplete', receipt: incomplete };
  if (!p.consentToProtectedData) {
    return {
      outcome: 'incomplete',
      receipt: {
        kind: 'A9',
        missing: [{ document: 'application-form', name: 'written consent to use data protected by law' }],
        copies: A9_RECEIPT_COPIES,
      },
    };
  }
  if (p.category === 6) {
    if (!p.treasuryAgreementSignedOn || treasuryAgreementTooOld(p.treasuryAgreementSignedOn, p.submittedOn, cal)) {
      return {
        outcome: 'incomplete',
        receipt: {
          kind: 'A9',
          missing: [
            {
              document: 'treasury-agreement',
              name: `${DOCUMENTS['treasury-agreement']} signed at most 3 working days before submission (seed 002 ¶9 item 6)`,
            },
          ],
          copies: A9_RECEIPT_COPIES,
        },
      };
    }
  }
  const mismatches = compareWithDatabases(p.form, db.individual, db.entity);
  if (mismatches.length > 0)
    return { outcome: 'refused', ground: 'false-information', regulation: REFUSAL_GROUNDS['false-information'], reasons: mismatches };
  if (p.courtDecision) {
    return {
      outcome: 'refused',
      ground: 'court-decision',
      regulation: REFUSAL_GROUNDS['court-decision'],
      reasons: [`court decision ${p.courtDecision.number} of ${p.courtDecision.date}`],
    };
  }
  if (db.individual && isUnderMinimumAge(db.individual.birthDate, p.submittedOn)) {
    return {
      outcome: 'refused',
      ground: 'under-16',
      regulation: REFUSAL_GROUNDS['under-16'],
      reasons: [`born ${db.individual.birthDate}: under 16 on ${p.submittedOn}`],
    };
  }
  const iin = formIin(p.form);
  const bin = formBin(p.form);
  if (p.form.form === 'A4' || p.form.form === 'A5') {
    let csr: Awaited<ReturnType<typeof readCsr>>;
    try {
      csr = await readCsr(p.form.pkcs10);
    } catch (e) {
      if (e instanceof CsrError)
        return { outcome: 'refused', ground: 'false-information', regulation: REFUSAL_GROUNDS['false-information'], reasons: [e.message] };
      throw e;
    }
    const names = [...new Set([p.form.domain, ...p.form.additionalDomains, ...(csr.commonName ? [csr.commonName] : []), ...csr.dnsNames])];
    const unproven = unprovenDomains(names, p.provenDomains ?? []);
    if (unproven.length > 0) {
      return {
        outcome: 'refused',
        ground: 'false-information',
        regulation: REFUSAL_GROUNDS['false-information'],
        reasons: unproven.map((d) => `domain ${d} is not proven by the KazNIC certificate or WHOIS extract`),
      };
    }
    return { outcome: 'accepted', subjectIin: iin, ...(bin ? { subjectBin: bin } : {}), sslNames: names, sslPublicKey: csr.publicKey };
  }
  return { outcome: 'accepted', subjectIin: iin, ...(bin ? { subjectBin: bin } : {}) };
}

/**
 * The counter's electronic request form (seed 001 ¶11(2), ¶11(6)): what the operator entered, what the
 * look-ups returned, which paper documents were presented and the scans' SHA-256 hashes, as XML the
 * operator's ECDS signs (enveloped XMLDSig, adapters/signer). Pure: the same input gives the same bytes.
 */
import { create } from 'xmlbuilder2';
import { toKzIso } from '../domain/calendar';
import { branchOf } from './branches';
import type { IncompletePackageInput, SignIntakeFormInput } from './visit-types';

export const COUNTER_FORM_NAMESPACE = 'urn:kz-services-orchestrator:counter-intake-form:1';

export function buildIntakeFormXml(input: SignIntakeFormInput): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' }).ele(COUNTER_FORM_NAMESPACE, 'CounterIntakeForm');
  const header = doc.ele('Header');
  header.ele('VisitId').txt(input.visitId);
  header.ele('Branch').txt(input.branchId);
  header.ele('Service').txt(input.serviceCode);
  header.ele('Operator').txt(input.operator.subject);
  header.ele('SignedAt').txt(toKzIso(new Date(input.signedAt)));
  header.ele('Regulation').txt('seed 001 ¶11(2), ¶11(6)');
  const applicant = doc.ele('Applicant');
  if (input.applicant.kind === 'individual') applicant.ele('Iin').txt(input.applicant.iin);
  else applicant.ele('Bin').txt(input.applicant.bin);
  applicant.ele('Name').txt(input.applicant.name);
  if (input.lookedUp.individual) {
    // seed 002 ¶9: compared with the individuals database (the birth date stays in the database).
    const ind = applicant.ele('IndividualsDatabase');
    ind.ele('LastName').txt(input.lookedUp.individual.lastName);
    ind.ele('FirstName').txt(input.lookedUp.individual.firstName);
    ind.ele('Status').txt(input.lookedUp.individual.status);
  }
  if (input.lookedUp.legalEntity) {
    const le = applicant.ele('LegalEntitiesDatabase');
    le.ele('Name').txt(input.lookedUp.legalEntity.name);
    le.ele('RegisteredOn').txt(input.lookedUp.legalEntity.registeredOn);
    le.ele('Status').txt(input.lookedUp.legalEntity.status);
  }
  if (input.representative) {
    const r = doc.ele('Representative');
    r.ele('Iin').txt(input.representative.iin);
    r.ele('FullName').txt(input.representative.fullName);
    const poa = r.ele('PowerOfAttorney').att('kind', input.representative.powerOfAttorney.kind);
    // ¶11(2): the PoA fields are filled only for a notarised power of attorney.
    if (input.representative.powerOfAttorney.kind === 'notarised') {
      poa.ele('Number').txt(input.representative.powerOfAttorney.number);
      poa.ele('CertifiedOn').txt(input.representative.powerOfAttorney.certifiedOn);
      if (input.lookedUp.powerOfAttorney) poa.ele('Notary').txt(input.lookedUp.powerOfAttorney.notary);
    }
  }
  appendValue(doc.ele('ServiceForm'), input.form);
  const papers = doc.ele('PaperDocuments');
  for (const code of input.paperDocuments) papers.ele('Presented').att('code', code);
  const scans = doc.ele('Scans');
  for (const s of input.scans)
    scans
      .ele('Scan')
      .att('fileName', s.fileName)
      .att('mediaType', s.mediaType)
      .att('sha256', s.sha256)
      .att('sizeBytes', String(s.sizeBytes));
  return doc.end({ prettyPrint: false });
}

export const A9_RECEIPT_NAMESPACE = 'urn:kz-services-orchestrator:counter-a9-receipt:1';

/**
 * seed 002 A9: the receipt refusing to accept an incomplete package (Law on state services art. 20): the
 * branch, the service, the missing documents, the copies, the employee; the applicant signs the paper copy.
 */
export function buildA9ReceiptXml(input: IncompletePackageInput): string {
  const branch = branchOf(input.branchId);
  const doc = create({ version: '1.0', encoding: 'UTF-8' }).ele(A9_RECEIPT_NAMESPACE, 'IncompletePackageReceipt');
  doc.ele('Title').txt(input.receipt.title);
  doc.ele('Regulation').txt(input.receipt.regulation);
  doc.ele('IssuedAt').txt(toKzIso(new Date(input.issuedAt)));
  doc.ele('Branch').txt(branch ? `${branch.name.en}, ${branch.city}` : input.branchId);
  doc.ele('Visit').txt(input.visitId);
  doc.ele('Service').att('code', input.serviceCode).txt(input.serviceTitle);
  const applicant = doc.ele('Applicant');
  if (input.applicant.kind === 'individual') applicant.ele('Iin').txt(input.applicant.iin);
  else applicant.ele('Bin').txt(input.applicant.bin);
  applicant.ele('Name').txt(input.applicant.name);
  const missing = doc.ele('MissingDocuments');
  for (const m of input.missing) missing.ele('Document').att('code', m.code).txt(m.name);
  doc.ele('Copies').txt(String(input.receipt.copies));
  doc.ele('Employee').txt(input.operator.displayName ?? input.operator.subject);
  return doc.end({ prettyPrint: false });
}

type Node = ReturnType<ReturnType<typeof create>['ele']>;

function appendValue(node: Node, value: unknown): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const v of value) appendValue(node.ele('Item'), v);
    return;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const name = /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(k) && !/^xml/i.test(k) ? k : 'Field';
      appendValue(node.ele(name), v);
    }
    return;
  }
  node.txt(typeof value === 'string' ? value : JSON.stringify(value));
}

/**
 * The counter's electronic request form (seed 001 ¶11(2), ¶11(6)): what the operator entered, what the
 * look-ups returned, which paper documents were presented and the scans' SHA-256 hashes, as XML the
 * operator's ECDS signs (enveloped XMLDSig, adapters/signer). Pure: the same input gives the same bytes.
 */
import { create } from 'xmlbuilder2';
import { toKzIso } from '../domain/calendar';
import type { SignIntakeFormInput } from './visit-types';

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
  applicant.ele('Bin').txt(input.applicant.bin);
  applicant.ele('Name').txt(input.applicant.name);
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

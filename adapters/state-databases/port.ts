/**
 * The individuals and legal-entities state databases (ЖТ МДБ / ЗТ МДБ), reached through the e-gov gateway.
 * seed 003 ¶7: identity and registration data of the applicant come from here, never from the applicant.
 * A record that does not exist is `null`; an unreachable database throws (the activity retries).
 */
export interface IndividualRecord {
  iin: string;
  lastName: string;
  firstName: string;
  middleName?: string;
  birthDate: string;
  /** 'deceased' persons cannot apply (seed 004 ¶50 revokes their permits). */
  status: 'active' | 'deceased';
  /** Sole proprietor registration, when the person is one. */
  soleProprietor?: { registeredOn: string; name: string; taxAuthority: string };
}

export interface LegalEntityRecord {
  bin: string;
  name: string;
  registeredOn: string;
  legalAddress: string;
  head: { iin: string; fullName: string };
  status: 'active' | 'liquidated' | 'in-liquidation';
}

export interface StateDatabases {
  findIndividual(iin: string): Promise<IndividualRecord | null>;
  findLegalEntity(bin: string): Promise<LegalEntityRecord | null>;
}

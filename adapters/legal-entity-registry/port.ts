/**
 * The legal-entities state database (ЗТ МДБ) as used at seed 000 ¶5.12: checks an application against
 * the registration requirements, registers the entity and assigns its BIN. Non-compliance is an answer
 * (findings / `status: 'refused'`), an outage throws.
 */
export interface RegistryFinding {
  /** e.g. NAME_TAKEN, FOUNDER_NOT_FOUND, FOUNDER_DECEASED. */
  code: string;
  message: string;
}

export interface LegalEntityFacts {
  applicationId: string;
  name: string;
  legalForm: string;
  address: { region: string; locality: string; street: string; building: string; office?: string; postalCode: string };
  headIin: string;
  /** `partnerRole`: a limited (commandite) partnership's full partner or investor. */
  founders: Array<{ iin: string; sharePercent: number; partnerRole?: string }>;
}

export type Registration =
  | { status: 'registered'; bin: string; registeredAt: string; name: string }
  | { status: 'refused'; findings: RegistryFinding[] };

export interface RegistrationRecord {
  bin: string;
  name: string;
  applicationId: string;
  registeredAt: string;
}

export interface LegalEntityRegistry {
  check(facts: LegalEntityFacts): Promise<{ compliant: boolean; findings: RegistryFinding[] }>;
  register(req: LegalEntityFacts & { idempotencyKey: string }): Promise<Registration>;
  getByBin(bin: string): Promise<RegistrationRecord | null>;
}

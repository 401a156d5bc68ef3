/**
 * In-memory state databases: seeded records, a call log, and scripted outages for retry tests.
 */
import type { IndividualRecord, LegalEntityRecord, StateDatabases } from './port';

export class InMemoryStateDatabases implements StateDatabases {
  private readonly individuals = new Map<string, IndividualRecord>();
  private readonly legalEntities = new Map<string, LegalEntityRecord>();
  private outages = 0;
  readonly calls: Array<{ method: 'findIndividual' | 'findLegalEntity'; id: string }> = [];

  constructor(seed: { individuals?: IndividualRecord[]; legalEntities?: LegalEntityRecord[] } = {}) {
    seed.individuals?.forEach((r) => this.individuals.set(r.iin, r));
    seed.legalEntities?.forEach((r) => this.legalEntities.set(r.bin, r));
  }

  addIndividual(r: IndividualRecord): void {
    this.individuals.set(r.iin, r);
  }

  addLegalEntity(r: LegalEntityRecord): void {
    this.legalEntities.set(r.bin, r);
  }

  /** The next `n` calls fail as an unreachable gateway would (`Infinity`: until told otherwise). */
  failNext(n: number): void {
    this.outages = n;
  }

  async findIndividual(iin: string): Promise<IndividualRecord | null> {
    this.enter('findIndividual', iin);
    return structuredClone(this.individuals.get(iin) ?? null);
  }

  async findLegalEntity(bin: string): Promise<LegalEntityRecord | null> {
    this.enter('findLegalEntity', bin);
    return structuredClone(this.legalEntities.get(bin) ?? null);
  }

  private enter(method: 'findIndividual' | 'findLegalEntity', id: string): void {
    this.calls.push({ method, id });
    if (this.outages > 0) {
      this.outages -= 1;
      throw new Error(`e-gov gateway unavailable (${method})`);
    }
  }
}

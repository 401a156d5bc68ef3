/** In-memory unified notarial system: seeded powers of attorney, a call log and scripted outages. */
import type { NotarialSystem, NotarisedPowerOfAttorney } from './port';

export class InMemoryNotarialSystem implements NotarialSystem {
  private readonly powers = new Map<string, NotarisedPowerOfAttorney>();
  private outages = 0;
  readonly calls: string[] = [];

  constructor(seed: NotarisedPowerOfAttorney[] = []) {
    seed.forEach((p) => this.powers.set(p.number, p));
  }

  add(p: NotarisedPowerOfAttorney): void {
    this.powers.set(p.number, p);
  }

  /** The next `n` calls fail as an unreachable gateway would. */
  failNext(n: number): void {
    this.outages = n;
  }

  async findPowerOfAttorney(number: string): Promise<NotarisedPowerOfAttorney | null> {
    this.calls.push(number);
    if (this.outages > 0) {
      this.outages -= 1;
      throw new Error('unified notarial information system unavailable (e-gov gateway)');
    }
    return structuredClone(this.powers.get(number) ?? null);
  }
}

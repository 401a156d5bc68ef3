/**
 * The permit register for tests that run without a database: the register's own rules
 * (RegisterService through RegisterPermitRegister) over the in-memory store, so a licensing test sees
 * exactly the refusals, history and idempotency of the real register. Only two things are added for
 * tests: `failNext` simulates the register being unreachable, and `all()` reads the permits
 * synchronously. Signing uses the in-memory signer unless a test passes a real one.
 */
import type { PersonalCabinet } from '../adapters/cabinet/port';
import { InMemoryDocumentSigner } from '../adapters/signer/fake';
import type { DocumentSigner } from '../adapters/signer/port';
import type { EnterPermitRequest, PermitEntry, PermitRegister, RecordDuplicateRequest } from './permit-register';
import { permitEntryOf, RegisterPermitRegister } from './permit-register-service';
import { RegisterService } from './service';
import { InMemoryRegisterStore } from './store-memory';

export class InMemoryPermitRegister implements PermitRegister {
  readonly store = new InMemoryRegisterStore();
  readonly service: RegisterService;
  private readonly register: RegisterPermitRegister;
  private outages = 0;

  constructor(deps: { signer?: DocumentSigner; cabinet?: PersonalCabinet; now?: () => Date } = {}) {
    this.service = new RegisterService({
      store: this.store,
      signer: deps.signer ?? new InMemoryDocumentSigner(),
      ...(deps.cabinet ? { cabinet: deps.cabinet } : {}),
      ...(deps.now ? { now: deps.now } : {}),
    });
    this.register = new RegisterPermitRegister(this.service);
  }

  /** The next n calls fail as an unreachable register would (a retryable error, not a refusal). */
  failNext(n: number): void {
    this.outages = n;
  }

  /** Every permit with its history, oldest first. */
  all(): PermitEntry[] {
    return this.store
      .snapshot()
      .filter(({ entry }) => entry.register === 'permits')
      .map(({ entry, history }) => permitEntryOf(entry, history));
  }

  async enterPermit(req: EnterPermitRequest): Promise<PermitEntry> {
    this.outage('enterPermit');
    return this.register.enterPermit(req);
  }

  async recordDuplicate(req: RecordDuplicateRequest): Promise<PermitEntry> {
    this.outage('recordDuplicate');
    return this.register.recordDuplicate(req);
  }

  async getPermit(ancn: string): Promise<PermitEntry | null> {
    this.outage('getPermit');
    return this.register.getPermit(ancn);
  }

  private outage(method: string): void {
    if (this.outages > 0) {
      this.outages -= 1;
      throw new Error(`e-licensing register unavailable (${method})`);
    }
  }
}

import { SIMULATED_BANKS, kazakhIban, type SimulatedBank } from './data';
import type { AccountOpening, AccountOpeningRequest, Bank, BankAccountRecord } from './port';

export interface BankSnapshot {
  accounts: BankAccountRecord[];
  refusals: Array<{ applicationId: string; bankCode: string; reasonCode: string }>;
  openings: Array<[string, AccountOpening]>;
  cancellations: Array<[string, BankAccountRecord]>;
}

/** In-memory bank for tests and the simulator: honours idempotency keys, refuses for its risk list. */
export class InMemoryBank implements Bank {
  readonly accounts: BankAccountRecord[] = [];
  /** Every refusal given (one per distinct request). */
  readonly refusals: Array<{ applicationId: string; bankCode: string; reasonCode: string }> = [];
  /** While true every call throws as an unreachable bank would. */
  outage = false;
  private failuresLeft = 0;
  private readonly openings = new Map<string, AccountOpening>();
  private readonly cancellations = new Map<string, BankAccountRecord>();

  constructor(private readonly banks: Record<string, SimulatedBank> = SIMULATED_BANKS) {}

  /** Everything the bank has recorded, as plain JSON (the simulator saves it across restarts). */
  snapshot(): BankSnapshot {
    return structuredClone({
      accounts: this.accounts,
      refusals: this.refusals,
      openings: [...this.openings],
      cancellations: [...this.cancellations],
    });
  }

  restore(s: BankSnapshot): void {
    const c = structuredClone(s);
    this.accounts.splice(0, this.accounts.length, ...c.accounts);
    this.refusals.splice(0, this.refusals.length, ...c.refusals);
    this.openings.clear();
    for (const [k, v] of c.openings) this.openings.set(k, v);
    this.cancellations.clear();
    for (const [k, v] of c.cancellations) this.cancellations.set(k, v);
  }

  /** The next `n` calls throw (a transient outage). */
  failNext(n: number): void {
    this.failuresLeft = n;
  }

  async openAccount(req: AccountOpeningRequest): Promise<AccountOpening> {
    this.available();
    const prior = this.openings.get(req.idempotencyKey);
    if (prior) return prior;
    const result = this.decide(req);
    this.openings.set(req.idempotencyKey, result);
    if (result.status === 'refused')
      this.refusals.push({ applicationId: req.applicationId, bankCode: req.bankCode, reasonCode: result.reasonCode });
    return result;
  }

  async cancelAccountOpening(req: { idempotencyKey: string; accountId: string; reason: string }): Promise<BankAccountRecord> {
    this.available();
    const prior = this.cancellations.get(req.idempotencyKey);
    if (prior) return { ...prior };
    const account = this.accounts.find((a) => a.accountId === req.accountId);
    if (!account) throw new Error(`bank: no account opening ${req.accountId}`);
    account.status = 'cancelled';
    this.cancellations.set(req.idempotencyKey, { ...account });
    return { ...account };
  }

  async getAccount(accountId: string): Promise<BankAccountRecord | null> {
    this.available();
    const a = this.accounts.find((x) => x.accountId === accountId);
    return a ? { ...a } : null;
  }

  private decide(req: AccountOpeningRequest): AccountOpening {
    const bank = this.banks[req.bankCode];
    if (!bank) return { status: 'refused', bankCode: req.bankCode, reasonCode: 'UNKNOWN_BANK', reason: `no bank with BIC ${req.bankCode}` };
    if (!bank.branches.includes(req.branchCode)) {
      return {
        status: 'refused',
        bankCode: req.bankCode,
        reasonCode: 'UNKNOWN_BRANCH',
        reason: `${bank.name} has no branch ${req.branchCode}`,
      };
    }
    const people = [...req.founders, ...req.executiveBody.members];
    const listed = people.find((p) => bank.riskList[p.iin]);
    if (listed)
      return { status: 'refused', bankCode: req.bankCode, reasonCode: 'RISK_LIST', reason: bank.riskList[listed.iin] ?? 'refused' };
    const seq = String(this.accounts.length + 1).padStart(13, '0');
    const account: BankAccountRecord = {
      accountId: `ACC-${req.bankCode}-${this.accounts.length + 1}`,
      iban: kazakhIban(bank.ibanBankCode, seq),
      bankCode: req.bankCode,
      branchCode: req.branchCode,
      applicationId: req.applicationId,
      status: 'opened',
    };
    this.accounts.push(account);
    return {
      status: 'opened',
      accountId: account.accountId,
      iban: account.iban,
      bankCode: account.bankCode,
      branchCode: account.branchCode,
    };
  }

  private available(): void {
    if (this.outage) throw new Error('bank unavailable (outage)');
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error('bank unavailable (transient failure)');
    }
  }
}

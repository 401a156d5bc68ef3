/**
 * A second-tier bank's account-opening interface, used at seed 000 ¶5.7. The bank may refuse to open an
 * account (¶3, Law "On payments and payment systems"): a refusal is an answer, not a failure, so it
 * comes back as `status: 'refused'`; an outage throws.
 */
export interface AccountOpeningRequest {
  /** The same key never opens a second account (retries, worker restarts). */
  idempotencyKey: string;
  applicationId: string;
  bankCode: string;
  branchCode: string;
  legalEntityName: string;
  founders: Array<{ iin: string; fullName: string; sharePercent: number }>;
  executiveBody: { kind: 'sole' | 'collegial'; members: Array<{ iin: string; fullName: string; position: string }> };
}

export type AccountOpening =
  | { status: 'opened'; accountId: string; iban: string; bankCode: string; branchCode: string }
  | { status: 'refused'; bankCode: string; reasonCode: string; reason: string };

export interface BankAccountRecord {
  accountId: string;
  iban: string;
  bankCode: string;
  branchCode: string;
  applicationId: string;
  status: 'opened' | 'cancelled';
}

export interface Bank {
  openAccount(req: AccountOpeningRequest): Promise<AccountOpening>;
  /** Compensation: withdraw the account opening; cancelling a cancelled opening is a no-op. */
  cancelAccountOpening(req: { idempotencyKey: string; accountId: string; reason: string }): Promise<BankAccountRecord>;
  getAccount(accountId: string): Promise<BankAccountRecord | null>;
}

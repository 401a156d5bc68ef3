/** HTTP client for a bank's account-opening API (the simulator mounts it at `${simulatorsUrl}/bank`). */
import { z } from 'zod';
import { JsonHttpClient } from '../json-http';
import type { AccountOpening, AccountOpeningRequest, Bank, BankAccountRecord } from './port';

export const AccountOpeningSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('opened'), accountId: z.string(), iban: z.string(), bankCode: z.string(), branchCode: z.string() }),
  z.object({ status: z.literal('refused'), bankCode: z.string(), reasonCode: z.string(), reason: z.string() }),
]);
export const BankAccountRecordSchema = z.object({
  accountId: z.string(),
  iban: z.string(),
  bankCode: z.string(),
  branchCode: z.string(),
  applicationId: z.string(),
  status: z.enum(['opened', 'cancelled']),
});

export class HttpBank implements Bank {
  private readonly http: JsonHttpClient;

  constructor(baseUrl: string, timeoutMs?: number) {
    this.http = new JsonHttpClient({ baseUrl, system: 'bank', ...(timeoutMs ? { timeoutMs } : {}) });
  }

  async openAccount(req: AccountOpeningRequest): Promise<AccountOpening> {
    const { idempotencyKey, ...body } = req;
    return this.http.call('POST', '/v1/account-openings', AccountOpeningSchema, { body, idempotencyKey });
  }

  async cancelAccountOpening(req: { idempotencyKey: string; accountId: string; reason: string }): Promise<BankAccountRecord> {
    return this.http.call('POST', `/v1/account-openings/${encodeURIComponent(req.accountId)}/cancellation`, BankAccountRecordSchema, {
      body: { reason: req.reason },
      idempotencyKey: req.idempotencyKey,
    });
  }

  async getAccount(accountId: string): Promise<BankAccountRecord | null> {
    return this.http.request('GET', `/v1/account-openings/${encodeURIComponent(accountId)}`, BankAccountRecordSchema, {
      notFoundAsNull: true,
    });
  }
}

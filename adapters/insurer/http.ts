/** HTTP client for an insurer's accident-insurance API (the simulator mounts it at `${simulatorsUrl}/insurer`). */
import { z } from 'zod';
import { JsonHttpClient } from '../json-http';
import type { AccidentInsurance, AccidentInsuranceRequest, Insurer, PolicyRecord } from './port';

export const AccidentInsuranceSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('concluded'), policyId: z.string(), insurerCode: z.string(), policyNumber: z.string() }),
  z.object({ status: z.literal('refused'), insurerCode: z.string(), reasonCode: z.string(), reason: z.string() }),
]);
export const PolicyRecordSchema = z.object({
  policyId: z.string(),
  policyNumber: z.string(),
  insurerCode: z.string(),
  applicationId: z.string(),
  status: z.enum(['concluded', 'cancelled']),
});

export class HttpInsurer implements Insurer {
  private readonly http: JsonHttpClient;

  constructor(baseUrl: string, timeoutMs?: number) {
    this.http = new JsonHttpClient({ baseUrl, system: 'insurer', ...(timeoutMs ? { timeoutMs } : {}) });
  }

  async concludeAccidentInsurance(req: AccidentInsuranceRequest): Promise<AccidentInsurance> {
    const { idempotencyKey, ...body } = req;
    return this.http.call('POST', '/v1/accident-policies', AccidentInsuranceSchema, { body, idempotencyKey });
  }

  async cancelPolicy(req: { idempotencyKey: string; policyId: string; reason: string }): Promise<PolicyRecord> {
    return this.http.call('POST', `/v1/accident-policies/${encodeURIComponent(req.policyId)}/cancellation`, PolicyRecordSchema, {
      body: { reason: req.reason },
      idempotencyKey: req.idempotencyKey,
    });
  }

  async getPolicy(policyId: string): Promise<PolicyRecord | null> {
    return this.http.request('GET', `/v1/accident-policies/${encodeURIComponent(policyId)}`, PolicyRecordSchema, { notFoundAsNull: true });
  }
}

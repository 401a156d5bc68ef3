/** HTTP client for the legal-entities registry (the simulator mounts it at `${simulatorsUrl}/legal-entity-registry`). */
import { z } from 'zod';
import { JsonHttpClient } from '../json-http';
import type { LegalEntityFacts, LegalEntityRegistry, Registration, RegistrationRecord, RegistryFinding } from './port';
import { BinSchema } from '../../domain/identification-number';

const FindingSchema = z.object({ code: z.string(), message: z.string() });
export const CheckSchema = z.object({ compliant: z.boolean(), findings: z.array(FindingSchema) });
export const RegistrationSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('registered'), bin: BinSchema, registeredAt: z.string(), name: z.string() }),
  z.object({ status: z.literal('refused'), findings: z.array(FindingSchema) }),
]);
export const RegistrationRecordSchema = z.object({
  bin: z.string(),
  name: z.string(),
  applicationId: z.string(),
  registeredAt: z.string(),
});

export class HttpLegalEntityRegistry implements LegalEntityRegistry {
  private readonly http: JsonHttpClient;

  constructor(baseUrl: string, timeoutMs?: number) {
    this.http = new JsonHttpClient({ baseUrl, system: 'legal-entities registry', ...(timeoutMs ? { timeoutMs } : {}) });
  }

  async check(facts: LegalEntityFacts): Promise<{ compliant: boolean; findings: RegistryFinding[] }> {
    return this.http.call('POST', '/v1/checks', CheckSchema, { body: facts });
  }

  async register(req: LegalEntityFacts & { idempotencyKey: string }): Promise<Registration> {
    const { idempotencyKey, ...body } = req;
    return this.http.call('POST', '/v1/registrations', RegistrationSchema, { body, idempotencyKey });
  }

  async getByBin(bin: string): Promise<RegistrationRecord | null> {
    return this.http.request('GET', `/v1/registrations/${encodeURIComponent(bin)}`, RegistrationRecordSchema, { notFoundAsNull: true });
  }
}

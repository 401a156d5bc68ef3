/**
 * HTTP client for the state databases behind the e-gov gateway (the bundled simulator or the real
 * gateway's REST facade): GET {baseUrl}/egov-gateway/individuals/{iin} and /legal-entities/{bin}.
 * 200 → the record (validated), 404 → null, anything else or a timeout → an Error (retryable).
 */
import { redactIdentificationNumbers } from '../../domain/personal-data';
import { z } from 'zod';
import type { IndividualRecord, LegalEntityRecord, StateDatabases } from './port';
import { describeIssues } from '../../domain/zod-issues';
import { BinSchema, IinSchema } from '../../domain/identification-number';

const IndividualSchema = z.object({
  iin: IinSchema,
  lastName: z.string().min(1),
  firstName: z.string().min(1),
  middleName: z.string().min(1).optional(),
  birthDate: z.iso.date(),
  status: z.enum(['active', 'deceased']),
  soleProprietor: z.object({ registeredOn: z.iso.date(), name: z.string().min(1), taxAuthority: z.string().min(1) }).optional(),
});

const LegalEntitySchema = z.object({
  bin: BinSchema,
  name: z.string().min(1),
  registeredOn: z.iso.date(),
  legalAddress: z.string().min(1),
  head: z.object({ iin: IinSchema, fullName: z.string().min(1) }),
  status: z.enum(['active', 'liquidated', 'in-liquidation']),
});

export interface HttpStateDatabasesOptions {
  baseUrl: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export class HttpStateDatabases implements StateDatabases {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;

  constructor(opts: HttpStateDatabasesOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.fetchFn = opts.fetch ?? fetch;
  }

  findIndividual(iin: string): Promise<IndividualRecord | null> {
    return this.get(`/egov-gateway/individuals/${encodeURIComponent(iin)}`, IndividualSchema);
  }

  findLegalEntity(bin: string): Promise<LegalEntityRecord | null> {
    return this.get(`/egov-gateway/legal-entities/${encodeURIComponent(bin)}`, LegalEntitySchema);
  }

  private async get<T>(path: string, schema: z.ZodType<T>): Promise<T | null> {
    const url = `${this.baseUrl}${path}`;
    // Error messages name the look-up, never the person (they reach logs and histories; issue 16 item 6).
    const where = redactIdentificationNumbers(path);
    const res = await this.fetchFn(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(this.timeoutMs) });
    if (res.status === 404) return null;
    if (!res.ok) throw new Error(`e-gov gateway ${where}: HTTP ${res.status}`);
    const parsed = schema.safeParse(await res.json());
    if (!parsed.success) throw new Error(`e-gov gateway ${where}: unexpected answer: ${describeIssues(parsed.error, '(answer)')}`);
    return parsed.data;
  }
}

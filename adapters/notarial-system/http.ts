/**
 * HTTP client for the unified notarial information system behind the e-gov gateway (the bundled simulator
 * or the gateway's REST facade): GET {baseUrl}/notarial-system/powers-of-attorney/{number}.
 * 200 → the record (validated), 404 → null, anything else or a timeout → an Error (retryable).
 */
import { z } from 'zod';
import { describeIssues } from '../../domain/zod-issues';
import type { NotarialSystem, NotarisedPowerOfAttorney } from './port';

export const NotarisedPowerOfAttorneySchema = z.object({
  number: z.string().min(1).max(60),
  certifiedOn: z.iso.date(),
  principalRef: z.string().regex(/^\d{12}$/),
  representativeIin: z.string().regex(/^\d{12}$/),
  notary: z.string().min(1).max(200),
  validUntil: z.iso.date().optional(),
  status: z.enum(['valid', 'revoked']),
});

export interface HttpNotarialSystemOptions {
  baseUrl: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export class HttpNotarialSystem implements NotarialSystem {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;

  constructor(opts: HttpNotarialSystemOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.fetchFn = opts.fetch ?? fetch;
  }

  async findPowerOfAttorney(number: string): Promise<NotarisedPowerOfAttorney | null> {
    const path = `/notarial-system/powers-of-attorney/${encodeURIComponent(number)}`;
    const res = await this.fetchFn(`${this.baseUrl}${path}`, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (res.status === 404) return null;
    if (!res.ok) throw new Error(`notarial system ${path}: HTTP ${res.status}`);
    const parsed = NotarisedPowerOfAttorneySchema.safeParse(await res.json());
    if (!parsed.success) throw new Error(`notarial system ${path}: unexpected answer: ${describeIssues(parsed.error, '(answer)')}`);
    const { validUntil, ...rest } = parsed.data;
    return validUntil ? { ...rest, validUntil } : rest;
  }
}

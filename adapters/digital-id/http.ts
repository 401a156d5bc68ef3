/** HTTP client for Digital ID (the simulator mounts it at `${simulatorsUrl}/digital-id`). */
import { z } from 'zod';
import { JsonHttpClient } from '../json-http';
import type { BiometricSignature, BiometricSignatureRequest, DigitalId } from './port';

export const BiometricSignatureSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('signed'), signatureId: z.string(), iin: z.string(), documentHash: z.string(), signedAt: z.string() }),
  z.object({ status: z.literal('refused'), iin: z.string(), reasonCode: z.string(), reason: z.string() }),
]);

export class HttpDigitalId implements DigitalId {
  private readonly http: JsonHttpClient;

  constructor(baseUrl: string, timeoutMs?: number) {
    this.http = new JsonHttpClient({ baseUrl, system: 'Digital ID', ...(timeoutMs ? { timeoutMs } : {}) });
  }

  async signWithBiometrics(req: BiometricSignatureRequest): Promise<BiometricSignature> {
    const { idempotencyKey, ...body } = req;
    return this.http.call('POST', '/v1/biometric-signatures', BiometricSignatureSchema, { body, idempotencyKey });
  }
}

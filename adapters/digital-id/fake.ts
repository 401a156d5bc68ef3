import { isValidIdentificationNumber } from '../../domain/identification-number';
import type { BiometricSignature, BiometricSignatureRequest, DigitalId } from './port';

export interface DigitalIdSnapshot {
  signatures: Array<{ signatureId: string; iin: string; documentHash: string; signedAt: string }>;
  answers: Array<[string, BiometricSignature]>;
}

/**
 * In-memory Digital ID for tests and the simulator. A biometric session id starting with `fail`
 * stands for a liveness check the person did not pass; any other session id for one they passed.
 */
export class InMemoryDigitalId implements DigitalId {
  readonly signatures: Array<{ signatureId: string; iin: string; documentHash: string; signedAt: string }> = [];
  outage = false;
  private failuresLeft = 0;
  private readonly byKey = new Map<string, BiometricSignature>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** Every signature and answer given, as plain JSON (the simulator saves it across restarts). */
  snapshot(): DigitalIdSnapshot {
    return structuredClone({ signatures: this.signatures, answers: [...this.byKey] });
  }

  restore(s: DigitalIdSnapshot): void {
    const c = structuredClone(s);
    this.signatures.splice(0, this.signatures.length, ...c.signatures);
    this.byKey.clear();
    for (const [k, v] of c.answers) this.byKey.set(k, v);
  }

  failNext(n: number): void {
    this.failuresLeft = n;
  }

  async signWithBiometrics(req: BiometricSignatureRequest): Promise<BiometricSignature> {
    if (this.outage) throw new Error('Digital ID unavailable (outage)');
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error('Digital ID unavailable (transient failure)');
    }
    const prior = this.byKey.get(req.idempotencyKey);
    if (prior) return prior;
    let result: BiometricSignature;
    if (!isValidIdentificationNumber(req.iin)) {
      result = { status: 'refused', iin: req.iin, reasonCode: 'UNKNOWN_PERSON', reason: 'IIN is not a valid identification number' };
    } else if (req.biometricSessionId.startsWith('fail')) {
      result = { status: 'refused', iin: req.iin, reasonCode: 'LIVENESS_FAILED', reason: 'biometric liveness check not passed' };
    } else if (!/^[0-9a-f]{64}$/.test(req.documentHash)) {
      result = { status: 'refused', iin: req.iin, reasonCode: 'BAD_DOCUMENT_HASH', reason: 'document hash must be hex SHA-256' };
    } else {
      const sig = {
        signatureId: `DID-${this.signatures.length + 1}`,
        iin: req.iin,
        documentHash: req.documentHash,
        signedAt: this.now().toISOString(),
      };
      this.signatures.push(sig);
      result = { status: 'signed', ...sig };
    }
    this.byKey.set(req.idempotencyKey, result);
    return result;
  }
}

/**
 * Collecting signatures from a fixed set of people until a deadline (seed 000 ¶5.10: the applicant and
 * every founder sign through Digital ID). The workflow defines the Update; this collector gives it its
 * validator (who may sign, and when) and its bookkeeping (who signed, who still has to).
 * Workflow code: deterministic, waits only through the CaseClock.
 */
import { condition } from '@temporalio/workflow';
import type { CaseClock } from './clock';

export interface Signer {
  /** The identifier the signer signs with (an IIN). */
  id: string;
  name: string;
}

export interface CollectedSignature {
  signerId: string;
  signatureId: string;
  signedAt: string;
}

export type SigningPhase = 'not-started' | 'open' | 'closed';

export class SignatureCollector {
  private phase: SigningPhase = 'not-started';
  private readonly signed = new Map<string, CollectedSignature>();
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly signers: Signer[],
    /** What is being signed, for error messages: e.g. "the application (seed 000 ¶5.10)". */
    private readonly what: string,
  ) {}

  get state(): SigningPhase {
    return this.phase;
  }

  get complete(): boolean {
    return this.signers.every((s) => this.signed.has(s.id));
  }

  get stillToSign(): Signer[] {
    return this.signers.filter((s) => !this.signed.has(s.id));
  }

  get collected(): CollectedSignature[] {
    return this.signers.flatMap((s) => {
      const sig = this.signed.get(s.id);
      return sig ? [sig] : [];
    });
  }

  /** The Update validator: throws a plain Error with the reason when `signerId` may not sign now. */
  assertCanSign(signerId: string): void {
    if (this.phase === 'not-started') throw new Error(`signing of ${this.what} has not started yet`);
    if (this.phase === 'closed') throw new Error(`signing of ${this.what} is closed`);
    if (!this.signers.some((s) => s.id === signerId)) throw new Error(`${signerId} is not one of the people who must sign ${this.what}`);
    if (this.signed.has(signerId)) throw new Error(`${signerId} has already signed ${this.what}`);
    if (this.inFlight.has(signerId)) throw new Error(`a signature by ${signerId} is already being verified`);
  }

  /** The Update handler's body: `produce` obtains the signature (an activity); a failure records nothing. */
  async sign(signerId: string, produce: () => Promise<Omit<CollectedSignature, 'signerId'>>): Promise<CollectedSignature> {
    this.inFlight.add(signerId);
    try {
      const sig = { signerId, ...(await produce()) };
      this.signed.set(signerId, sig);
      return sig;
    } finally {
      this.inFlight.delete(signerId);
    }
  }

  /**
   * Opens signing and waits until everyone has signed or the deadline passes, then closes it; a signature
   * already being verified at the deadline is let finish.
   */
  /**
   * Opens signing now: call it before announcing the stage, so that whoever sees "waiting for
   * signatures" in the status can sign at once. collectUntil opens it too.
   */
  open(): void {
    if (this.phase === 'not-started') this.phase = 'open';
  }

  async collectUntil(clock: CaseClock, deadline: Date): Promise<{ complete: boolean; missing: Signer[] }> {
    this.open();
    await clock.waitUntil(() => this.complete, deadline);
    this.phase = 'closed'; // no new signer from here on...
    await condition(() => this.inFlight.size === 0); // ...but one being verified is let finish
    return { complete: this.complete, missing: this.stillToSign };
  }
}

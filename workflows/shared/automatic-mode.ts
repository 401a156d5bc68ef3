/**
 * Automatic mode (seed 004 ¶18-1): for services on the approved list the review runs without the
 * licensor's staff — the system makes the checks and signs the result (the permit or the reasoned
 * refusal) with its owner's transport signature, not a person's ECDS.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { CommonActivities, DocumentRequest, IssuedDocument } from '../../activities/common-types';
import type { CaseClock } from './clock';
import type { CaseTracker } from './case-tracker';
import { kzTime } from './deadlines';

const { issueDocument } = proxyActivities<CommonActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export interface AutomaticChecks {
  passed: boolean;
  /** Grounds of refusal, in words, when not passed. */
  grounds: string[];
}

export interface AutomaticDecisionOptions {
  clock: CaseClock;
  tracker: CaseTracker;
  applicationId: string;
  serviceCode: string;
  keyPrefix: string;
  /** The checks the system runs (activities over the state databases, the register…). */
  checks: () => Promise<AutomaticChecks>;
  /**
   * The permit issued when the checks pass. `body` may be a function: it is called after the checks, so
   * the document can repeat what they found (e.g. the license a duplicate copies).
   */
  grant: { kind: string; documentType: string; title: string; body: Record<string, unknown> | (() => Record<string, unknown>) };
  refuse: { kind: string; title: string };
  /**
   * Optional: how the host runs the signing step (e.g. with bounded retries, an exhausted one ending in its
   * seed 003 ¶15 technical-failure report). Default: the block's own activity, retried until it succeeds.
   */
  sign?: (step: string, req: DocumentRequest) => Promise<IssuedDocument>;
}

export async function decideAutomatically(
  o: AutomaticDecisionOptions,
): Promise<{ outcome: 'issued' | 'refused'; document: IssuedDocument }> {
  await o.tracker.enterStage('automatic-review', { regulation: 'seed 004 ¶18-1', waitingOn: 'external-system', actor: 'system' });
  const result = await o.checks();
  const common = { applicationId: o.applicationId, serviceCode: o.serviceCode, signer: 'system' as const, issuedAt: kzTime(o.clock.now()) };
  const grantBody = (): Record<string, unknown> => (typeof o.grant.body === 'function' ? o.grant.body() : o.grant.body);
  const sign = o.sign ?? ((_step: string, req: DocumentRequest) => issueDocument(req));
  const document = result.passed
    ? await sign('sign-grant', {
        ...common,
        kind: o.grant.kind,
        documentType: o.grant.documentType,
        title: o.grant.title,
        body: { ...grantBody(), decidedAutomatically: 'seed 004 ¶18-1' },
        idempotencyKey: `${o.keyPrefix}:automatic:grant`,
      })
    : await sign('sign-refusal', {
        ...common,
        kind: o.refuse.kind,
        documentType: 'RFS',
        title: o.refuse.title,
        body: { ground: result.grounds, decidedAutomatically: 'seed 004 ¶18-1' },
        idempotencyKey: `${o.keyPrefix}:automatic:refuse`,
      });
  o.tracker.addDocument({ ancn: document.ancn, kind: document.kind, issuedAt: document.issuedAt });
  await o.tracker.audit(
    result.passed ? 'decided-automatically' : 'refused-automatically',
    'system',
    { grounds: result.grounds },
    document.signatureRef,
  );
  return { outcome: result.passed ? 'issued' : 'refused', document };
}

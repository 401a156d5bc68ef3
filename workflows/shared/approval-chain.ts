/**
 * Sequential approval inside the licensor (seed 004 ¶38.3-5, ¶39.2-4, ¶40.2-3): the executor drafts a
 * document (a notice or request to the applicant, a request to an approving body, a decision); the draft
 * goes up the chain one participant at a time; "approve" passes it to the next participant, "reject"
 * returns it to the executor for rework (then it climbs the chain again from the first participant);
 * the head is the last participant, and the head's approval is the signature with the head's ECDS:
 * the document is issued (signed XML with its ANCN) at that moment and only then.
 *
 * Requests to approving state bodies (¶39) and their answers: domain/approving-body.ts (the answer's
 * shape) and workflows/shared/approving-body.ts (the `approving-body-answer` signal).
 *
 * The host workflow calls `install()` once; staff act through the Updates `draft-submit` and
 * `draft-review` (validators refuse the wrong person or the wrong moment with a clear message).
 */
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type { CommonActivities, IssuedDocument } from '../../activities/common-types';
import type { CaseClock } from './clock';
import type { CaseTracker } from './case-tracker';
import { kzTime } from './deadlines';
import { assertStaffOf, type Actor } from './staff-decision';

const { issueDocument } = proxyActivities<CommonActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export interface Participant {
  subject: string;
  /** e.g. 'head of division', 'deputy head', 'head' (the last one signs). */
  title: string;
}

export interface DraftSubmission {
  chain: string;
  /** The document's content, rendered as its XML body. */
  content: Record<string, unknown>;
  actor: Actor;
}

export interface DraftReview {
  chain: string;
  verdict: 'approve' | 'reject';
  comment?: string;
  actor: Actor;
}

/** 'signing': the head has approved and the document is being signed (no review or change is accepted). */
export type ChainState = 'drafting' | 'in-approval' | 'rework' | 'signing' | 'signed';

export interface ChainView {
  chain: string;
  state: ChainState;
  executor: string;
  round: number;
  /** Whose turn it is: the executor (drafting, rework) or a participant (in approval). */
  awaiting: string | null;
  reviews: Array<{ round: number; by: string; title: string; verdict: 'approve' | 'reject'; comment?: string; at: string }>;
  document?: { ancn: string; issuedAt: string };
}

export const draftSubmitUpdate = defineUpdate<ChainView, [DraftSubmission]>('draft-submit');
export const draftReviewUpdate = defineUpdate<ChainView, [DraftReview]>('draft-review');

export interface ChainSpec {
  name: string;
  executor: string;
  /** In order; the last is the head, whose approval signs (¶38.5, ¶39.4, ¶40.4). */
  participants: Participant[];
  document: { kind: string; documentType: string; title: string };
  /**
   * Optional: the host's own checks of a draft's content (e.g. its schema and the rules the decision must
   * follow); throws a plain Error with a clear message → the submission is refused, nothing recorded.
   * Run again when the head approves ('draft-review'): the case may have moved while the draft climbed
   * (a fee paid, an approving body asked), and a draft that no longer holds is not signed.
   */
  validateContent?: (content: Record<string, unknown>, actor: Actor, action: 'draft-submit' | 'draft-review') => void;
  /** Optional: the document follows the draft (e.g. a license or a refusal, whichever the draft decides). */
  documentFor?: (content: Record<string, unknown>) => { kind: string; documentType: string; title: string; body: Record<string, unknown> };
}

interface Chain {
  spec: ChainSpec;
  state: ChainState;
  round: number;
  index: number;
  content: Record<string, unknown> | null;
  reviews: ChainView['reviews'];
  document?: IssuedDocument;
}

export interface ApprovalChainOptions {
  clock: CaseClock;
  tracker: CaseTracker;
  licensorBody: string;
  applicationId: string;
  serviceCode: string;
  keyPrefix: string;
  /** False once the case is closed (withdrawn, decided): drafts are then refused. */
  isOpen: () => boolean;
  /** Optional: called after every change of a chain (e.g. to refresh the host's pending actions). */
  onChange?: (view: ChainView) => void;
}

export class ApprovalChains {
  private readonly chains = new Map<string, Chain>();

  constructor(private readonly o: ApprovalChainOptions) {}

  install(): void {
    setHandler(draftSubmitUpdate, (s) => this.submit(s), { validator: (s: DraftSubmission) => this.assertCanSubmit(s) });
    setHandler(draftReviewUpdate, (r) => this.review(r), { validator: (r: DraftReview) => this.assertCanReview(r) });
  }

  /** Opens a chain: the executor may now submit the draft. */
  open(spec: ChainSpec): void {
    if (this.chains.has(spec.name)) throw new Error(`approval chain ${spec.name} already exists`);
    if (spec.participants.length === 0) throw new Error('an approval chain needs at least the head');
    this.chains.set(spec.name, { spec, state: 'drafting', round: 0, index: 0, content: null, reviews: [] });
    this.publish();
  }

  view(name: string): ChainView {
    const c = this.get(name);
    const awaiting =
      c.state === 'in-approval'
        ? (c.spec.participants[c.index]?.subject ?? null)
        : c.state === 'signing' || c.state === 'signed'
          ? null
          : c.spec.executor;
    return {
      chain: name,
      state: c.state,
      executor: c.spec.executor,
      round: c.round,
      awaiting,
      reviews: c.reviews,
      ...(c.document ? { document: { ancn: c.document.ancn, issuedAt: c.document.issuedAt } } : {}),
    };
  }

  /** Waits until the head has signed; returns the issued document. */
  async signed(name: string): Promise<IssuedDocument> {
    const c = this.get(name);
    await condition(() => c.state === 'signed' && c.document !== undefined);
    return c.document as IssuedDocument;
  }

  /** The content of the latest submitted draft (null before the first submission). */
  draft(name: string): Record<string, unknown> | null {
    return this.get(name).content;
  }

  /**
   * Submits a draft on the executor's behalf from another Update of the host (e.g. the employee's
   * decision becomes the chain's first draft): the same checks as `draft-submit`, then the same effect.
   */
  async submitDraft(s: DraftSubmission): Promise<ChainView> {
    this.assertCanSubmit(s);
    return this.submit(s);
  }

  /** True once the executor has submitted a first draft. */
  submitted(name: string): boolean {
    const c = this.chains.get(name);
    return c !== undefined && c.round > 0;
  }

  // ---- validators ------------------------------------------------------------------------------------

  private assertCanSubmit(s: DraftSubmission): void {
    assertStaffOf(s.actor, this.o.licensorBody, 'draft-submit');
    if (!this.o.isOpen()) throw new Error('draft-submit: the case is closed');
    const c = this.chains.get(s.chain);
    if (!c) throw new Error(`draft-submit: no approval chain "${s.chain}" is open (open: ${[...this.chains.keys()].join(', ') || 'none'})`);
    if (s.actor.subject !== c.spec.executor) throw new Error(`draft-submit: only the executor ${c.spec.executor} drafts "${s.chain}"`);
    if (c.state !== 'drafting' && c.state !== 'rework')
      throw new Error(
        `draft-submit: the draft of "${s.chain}" is ${c.state === 'signed' ? 'already signed' : c.state === 'signing' ? 'being signed' : 'with the approval chain'}; it can be changed only after a rejection (seed 004 ¶40.3)`,
      );
    if (s.content === null || typeof s.content !== 'object' || Array.isArray(s.content))
      throw new Error('draft-submit: content must be an object');
    c.spec.validateContent?.(s.content, s.actor, 'draft-submit');
  }

  private assertCanReview(r: DraftReview): void {
    assertStaffOf(r.actor, this.o.licensorBody, 'draft-review');
    if (!this.o.isOpen()) throw new Error('draft-review: the case is closed');
    const c = this.chains.get(r.chain);
    if (!c) throw new Error(`draft-review: no approval chain "${r.chain}"`);
    if (c.state !== 'in-approval') throw new Error(`draft-review: "${r.chain}" is not in approval (it is ${c.state})`);
    const p = c.spec.participants[c.index] as Participant;
    if (r.actor.subject !== p.subject)
      throw new Error(`draft-review: it is the turn of ${p.title} (${p.subject}); the chain is sequential (seed 004 ¶40.2)`);
    if (r.verdict !== 'approve' && r.verdict !== 'reject') throw new Error("draft-review: verdict must be 'approve' or 'reject'");
    if (r.verdict === 'reject' && !r.comment?.trim()) throw new Error('draft-review: a rejection says what to rework (comment)');
    if (r.verdict === 'approve' && c.index === c.spec.participants.length - 1 && c.spec.validateContent) {
      try {
        c.spec.validateContent(c.content ?? {}, r.actor, 'draft-review');
      } catch (e) {
        throw new Error(
          `${e instanceof Error ? e.message : String(e)} — the draft no longer holds and cannot be signed; reject it for rework (seed 004 ¶40.3)`,
        );
      }
    }
  }

  // ---- handlers -----------------------------------------------------------------------------------

  private async submit(s: DraftSubmission): Promise<ChainView> {
    const c = this.get(s.chain);
    c.content = s.content;
    c.round += 1;
    c.index = 0;
    c.state = 'in-approval';
    this.o.tracker.setWaitingOn('staff', `draft "${s.chain}" awaits ${c.spec.participants[0]?.title}`);
    await this.o.tracker.audit('draft-submitted', s.actor.subject, { chain: s.chain, round: c.round });
    this.publish();
    return this.view(s.chain);
  }

  private async review(r: DraftReview): Promise<ChainView> {
    const c = this.get(r.chain);
    const p = c.spec.participants[c.index] as Participant;
    c.reviews.push({
      round: c.round,
      by: p.subject,
      title: p.title,
      verdict: r.verdict,
      ...(r.comment ? { comment: r.comment } : {}),
      at: kzTime(this.o.clock.now()),
    });
    if (r.verdict === 'reject') {
      // ¶38.4, ¶39.3, ¶40.3: back to the executor for rework
      c.state = 'rework';
      this.o.tracker.setWaitingOn('staff', `draft "${r.chain}" returned to the executor: ${r.comment ?? ''}`);
      await this.o.tracker.audit('draft-rejected', p.subject, { chain: r.chain, round: c.round, comment: r.comment });
    } else if (c.index < c.spec.participants.length - 1) {
      c.index += 1; // ¶40.2: on to the next participant
      await this.o.tracker.audit('draft-approved', p.subject, {
        chain: r.chain,
        round: c.round,
        next: c.spec.participants[c.index]?.subject,
      });
    } else {
      // The head approves by signing with ECDS (¶38.5, ¶39.4, ¶40.4). Marked before the signing activity:
      // meanwhile a second approval (or a withdrawal, for a host that asks) sees the decision taken.
      c.state = 'signing';
      this.publish();
      const content = c.content ?? {};
      const d = c.spec.documentFor ? c.spec.documentFor(content) : { ...c.spec.document, body: content };
      const signing = issueDocument({
        applicationId: this.o.applicationId,
        serviceCode: this.o.serviceCode,
        kind: d.kind,
        documentType: d.documentType,
        signer: 'provider',
        issuedAt: kzTime(this.o.clock.now()),
        title: d.title,
        body: { ...d.body, approvedBy: c.spec.participants.map((x) => ({ title: x.title, subject: x.subject })) },
        idempotencyKey: `${this.o.keyPrefix}:chain:${r.chain}`,
      });
      try {
        c.document = await signing;
      } catch (e) {
        // Not signed: the head's turn again, the approval not counted.
        c.state = 'in-approval';
        c.reviews.pop();
        this.publish();
        throw e;
      }
      c.state = 'signed';
      this.o.tracker.addDocument({ ancn: c.document.ancn, kind: d.kind, issuedAt: c.document.issuedAt });
      await this.o.tracker.audit('draft-signed', p.subject, { chain: r.chain, round: c.round }, c.document.signatureRef);
    }
    this.publish();
    return this.view(r.chain);
  }

  private get(name: string): Chain {
    const c = this.chains.get(name);
    if (!c) throw new Error(`no approval chain ${name}`);
    return c;
  }

  private publish(): void {
    this.o.tracker.setDetail(
      'approvalChains',
      [...this.chains.keys()].map((k) => this.view(k)),
    );
    if (this.o.onChange) for (const k of this.chains.keys()) this.o.onChange(this.view(k));
  }
}

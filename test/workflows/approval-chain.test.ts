/**
 * Sequential approval (seed 004 ¶40): approve → next participant, reject → back to the executor for
 * rework, the head signs last — and only then is the decision issued, signed with the provider's key.
 * Automatic mode (¶18-1): no staff step, signed with the system's transport signature.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { draftReviewUpdate, draftSubmitUpdate } from '../../workflows/shared/approval-chain';
import { applicantAnswerUpdate } from '../../workflows/shared/review-clock';
import { requestApplicantUpdate } from './approval-chain-workflow';
import { createTimeSkippingEnv, refusedWith, taskQueueFor } from '../helpers/temporal';
import { xmlsec1Verify } from '../adapters/signer/xmlsec1';
import { APPLICANT, createBlocksHarness, DIVISION_HEAD, EXECUTOR, HEAD, waitFor, type BlocksHarness } from './approval-chain.fixtures';

let env: TestWorkflowEnvironment;
let h: BlocksHarness;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
  h = await createBlocksHarness(env, taskQueueFor('approval chain'));
}, 180_000);
afterAll(async () => {
  h?.cleanup();
  await env?.teardown();
});

describe('approval chain (seed 004 ¶38-40)', () => {
  it('reject → rework → approve: the head signs last and only then the decision exists', async () => {
    await h.run(async () => {
      const c = await h.start('2026-03-16T10:00:00+05:00');
      await waitFor(c, (s) => s.stage === 'review', 'review');
      const draft = { grounds: 'meets the requirements of Annex 2', activity: 'Manufacture of the State Flag' };

      // nobody reviews before the executor submits; the head cannot jump the queue
      expect(
        await refusedWith(
          c.handle.executeUpdate(draftReviewUpdate, { args: [{ chain: 'decision', verdict: 'approve', actor: DIVISION_HEAD }] }),
        ),
      ).toMatch(/not in approval/);
      expect(
        await refusedWith(
          c.handle.executeUpdate(draftSubmitUpdate, { args: [{ chain: 'decision', content: draft, actor: DIVISION_HEAD }] }),
        ),
      ).toMatch(/only the executor/);
      let v = await c.handle.executeUpdate(draftSubmitUpdate, { args: [{ chain: 'decision', content: draft, actor: EXECUTOR }] });
      expect(v).toMatchObject({ state: 'in-approval', round: 1, awaiting: DIVISION_HEAD.subject });
      // the applicant takes no part in the licensor's chain
      expect(
        await refusedWith(
          c.handle.executeUpdate(draftReviewUpdate, { args: [{ chain: 'decision', verdict: 'approve', actor: APPLICANT }] }),
        ),
      ).toMatch(/only licensor staff/);
      expect(
        await refusedWith(c.handle.executeUpdate(draftReviewUpdate, { args: [{ chain: 'decision', verdict: 'approve', actor: HEAD }] })),
      ).toMatch(/turn of head of the licensing division/);
      expect(
        await refusedWith(c.handle.executeUpdate(draftSubmitUpdate, { args: [{ chain: 'decision', content: draft, actor: EXECUTOR }] })),
      ).toMatch(/with the approval chain/);

      v = await c.handle.executeUpdate(draftReviewUpdate, { args: [{ chain: 'decision', verdict: 'approve', actor: DIVISION_HEAD }] });
      expect(v.awaiting).toBe(HEAD.subject);
      expect(
        await refusedWith(c.handle.executeUpdate(draftReviewUpdate, { args: [{ chain: 'decision', verdict: 'reject', actor: HEAD }] })),
      ).toMatch(/says what to rework/);
      v = await c.handle.executeUpdate(draftReviewUpdate, {
        args: [{ chain: 'decision', verdict: 'reject', comment: 'cite the inspection act number', actor: HEAD }],
      });
      expect(v).toMatchObject({ state: 'rework', awaiting: EXECUTOR.subject });
      expect((await c.status()).documents.filter((d) => d.kind === 'license')).toEqual([]);

      // rework: the new draft climbs the chain again from the first participant
      v = await c.handle.executeUpdate(draftSubmitUpdate, {
        args: [{ chain: 'decision', content: { ...draft, inspectionAct: 'No. 14 of 2026-03-17' }, actor: EXECUTOR }],
      });
      expect(v).toMatchObject({ state: 'in-approval', round: 2, awaiting: DIVISION_HEAD.subject });
      await c.handle.executeUpdate(draftReviewUpdate, { args: [{ chain: 'decision', verdict: 'approve', actor: DIVISION_HEAD }] });
      v = await c.handle.executeUpdate(draftReviewUpdate, { args: [{ chain: 'decision', verdict: 'approve', actor: HEAD }] });
      expect(v.state).toBe('signed');
      expect(v.reviews.map((r) => `${r.round}:${r.by}:${r.verdict}`)).toEqual([
        `1:${DIVISION_HEAD.subject}:approve`,
        `1:${HEAD.subject}:reject`,
        `2:${DIVISION_HEAD.subject}:approve`,
        `2:${HEAD.subject}:approve`,
      ]);

      const final = await c.handle.result();
      expect(final.outcome).toBe('issued');
      const license = await h.store.getDocument(v.document?.ancn ?? '');
      expect(license?.xml).toContain('No. 14 of 2026-03-17');
      expect((await h.signer.verify(license?.xml ?? '')).signerSubject).toMatch(/Authorized person/);
      expect(xmlsec1Verify(license?.xml ?? '', h.rootPemPath).ok).toBe(true);
    });
  });

  it('the head signs only a draft that still holds: a request to the applicant raised meanwhile blocks the signature until it is answered', async () => {
    await h.run(async () => {
      const c = await h.start('2026-03-16T10:00:00+05:00');
      await waitFor(c, (s) => s.stage === 'review', 'review');
      await c.handle.executeUpdate(draftSubmitUpdate, {
        args: [{ chain: 'decision', content: { grounds: 'meets Annex 2' }, actor: EXECUTOR }],
      });
      await c.handle.executeUpdate(draftReviewUpdate, { args: [{ chain: 'decision', verdict: 'approve', actor: DIVISION_HEAD }] });
      // the executor asks the applicant while the draft is with the head
      await c.handle.executeUpdate(requestApplicantUpdate, {
        args: [{ question: 'Attach the lease of the workshop', answerWithinWorkingDays: 2, actor: EXECUTOR }],
      });
      await waitFor(c, (s) => s.waitingOn === 'applicant', 'the request to the applicant');
      expect(
        await refusedWith(c.handle.executeUpdate(draftReviewUpdate, { args: [{ chain: 'decision', verdict: 'approve', actor: HEAD }] })),
      ).toBe(
        'draft-review: a request to the applicant is open; the decision waits for the answer or the end of its period (seed 004 ¶38.9-10) — the draft no longer holds and cannot be signed; reject it for rework (seed 004 ¶40.3)',
      );
      expect((await c.status()).documents.filter((d) => d.kind === 'license')).toEqual([]);

      await c.handle.executeUpdate(applicantAnswerUpdate, { args: [{ requestNo: 1, text: 'Lease No. 77 attached', actor: APPLICANT }] });
      await waitFor(c, (s) => s.waitingOn === 'staff', 'back with staff');
      const v = await c.handle.executeUpdate(draftReviewUpdate, { args: [{ chain: 'decision', verdict: 'approve', actor: HEAD }] });
      expect(v.state).toBe('signed');
      expect((await c.handle.result()).outcome).toBe('issued');
    });
  });
});

describe('automatic mode (seed 004 ¶18-1)', () => {
  it('decides with no staff step and signs with the system transport signature', async () => {
    await h.run(async () => {
      const c = await h.start('2026-03-16T10:00:00+05:00', { automatic: { pass: true } });
      const s = await c.handle.result();
      expect(s.outcome).toBe('issued');
      expect(s.timeline.map((t) => t.stage)).toEqual(['registered', 'automatic-review', 'closed']);
      const license = s.documents.find((d) => d.kind === 'license');
      const xml = (await h.store.getDocument(license?.ancn ?? ''))?.xml ?? '';
      const v = await h.signer.verify(xml);
      expect(v.valid).toBe(true);
      expect(v.signerSubject).toMatch(/E-licensing system transport signature/);
      expect(v.signerSubject).not.toMatch(/Authorized person/);
      expect(xml).toContain('<SignatureRole>system</SignatureRole>');
    });
  });

  it('a failed automatic check is a reasoned refusal, also signed by the system', async () => {
    await h.run(async () => {
      const c = await h.start('2026-03-16T10:00:00+05:00', {
        automatic: { pass: false, grounds: ['the applicant is not in the legal-entities database'] },
      });
      const s = await c.handle.result();
      expect(s.outcome).toBe('refused');
      const refusalDoc = s.documents.find((d) => d.kind === 'reasoned-refusal');
      const xml = (await h.store.getDocument(refusalDoc?.ancn ?? ''))?.xml ?? '';
      expect((await h.signer.verify(xml)).signerSubject).toMatch(/transport signature/);
      expect(xml).toContain('not in the legal-entities database');
    });
  });
});

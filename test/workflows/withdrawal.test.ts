/**
 * Withdrawal (seed 004 ¶42): only before the review ends; it stops the case at once — no decision is
 * signed afterwards. After the decision the request is refused by the validator with the reason.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { draftReviewUpdate, draftSubmitUpdate } from '../../workflows/shared/approval-chain';
import { withdrawUpdate } from '../../workflows/shared/withdrawal';
import { createTimeSkippingEnv, taskQueueFor } from '../helpers/temporal';
import { APPLICANT, createBlocksHarness, DIVISION_HEAD, EXECUTOR, HEAD, waitFor, type BlocksHarness } from './approval-chain.fixtures';

let env: TestWorkflowEnvironment;
let h: BlocksHarness;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
  h = await createBlocksHarness(env, taskQueueFor('withdrawal'));
}, 180_000);
afterAll(async () => {
  h?.cleanup();
  await env?.teardown();
});

const refusedWith = async (p: Promise<unknown>): Promise<string> => {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof WorkflowUpdateFailedError)) throw new Error(`expected a refusal, got ${String(e)}`);
  return (e.cause as Error).message;
};

describe('withdrawal (seed 004 ¶42)', () => {
  it('before the review ends: the case stops as withdrawn, the draft in the chain is never signed', async () => {
    await h.run(async () => {
      const c = await h.start('2026-03-16T10:00:00+05:00');
      await waitFor(c, (x) => x.stage === 'review', 'review');
      await c.handle.executeUpdate(draftSubmitUpdate, { args: [{ chain: 'decision', content: { decision: 'issue' }, actor: EXECUTOR }] });
      await c.handle.executeUpdate(draftReviewUpdate, { args: [{ chain: 'decision', verdict: 'approve', actor: DIVISION_HEAD }] });
      // only the applicant withdraws
      expect(await refusedWith(c.handle.executeUpdate(withdrawUpdate, { args: [{ reason: 'x', actor: EXECUTOR }] }))).toMatch(
        /only the applicant/,
      );
      const w = await c.handle.executeUpdate(withdrawUpdate, { args: [{ reason: 'we no longer need the license', actor: APPLICANT }] });
      expect(w.withdrawnAt).toMatch(/^2026-03-16T/);
      const s = await c.handle.result();
      expect(s.outcome).toBe('withdrawn');
      expect(s.documents.filter((d) => d.kind === 'license')).toEqual([]);
      expect(
        (await h.store.listAudit(c.applicationId)).some((e) => e.action === 'application-withdrawn' && e.actor === APPLICANT.subject),
      ).toBe(true);
    });
  });

  it('after the decision is signed it is refused with the reason, and the case ends issued', async () => {
    await h.run(async () => {
      const c = await h.start('2026-03-16T10:00:00+05:00');
      await waitFor(c, (x) => x.stage === 'review', 'review');
      await c.handle.executeUpdate(draftSubmitUpdate, { args: [{ chain: 'decision', content: { decision: 'issue' }, actor: EXECUTOR }] });
      await c.handle.executeUpdate(draftReviewUpdate, { args: [{ chain: 'decision', verdict: 'approve', actor: DIVISION_HEAD }] });
      await c.handle.executeUpdate(draftReviewUpdate, { args: [{ chain: 'decision', verdict: 'approve', actor: HEAD }] });
      await waitFor(c, (x) => x.stage === 'delivering-result', 'delivering-result');
      const why = await refusedWith(c.handle.executeUpdate(withdrawUpdate, { args: [{ reason: 'changed our mind', actor: APPLICANT }] }));
      expect(why).toMatch(
        /the review has ended \(the decision KZ\d\dPRM\d{8} was signed at 2026-03-16T.*only before its review ends \(seed 004 ¶42\)/,
      );
      const s = await c.handle.result();
      expect(s.outcome).toBe('issued');
      expect((await h.store.listAudit(c.applicationId)).some((e) => e.action === 'application-withdrawn')).toBe(false);
    });
  });
});

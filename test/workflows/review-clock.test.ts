/**
 * The review clock (seed 004 ¶38-41) across holidays, dates pinned:
 *  - Nauryz 2026: 21-22 March fall on a weekend, 23 March is the holiday, 24-25 March are the moved
 *    days off; working days around it: 16-20, 26-27, 30-31 March, 1-3 April.
 *  - May 2026: 1 May, 7 May, 9 May (Saturday → 11 May off).
 * A case submitted Mon 2026-03-16 10:00 with a 7-working-day term is due Mon 2026-03-30 18:30
 * (17, 18, 19, 20, 26, 27, 30 March).
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { draftSubmitUpdate } from '../../workflows/shared/approval-chain';
import { applicantAnswerUpdate } from '../../workflows/shared/review-clock';
import { createTimeSkippingEnv, taskQueueFor } from '../helpers/temporal';
import { extendTermUpdate, requestApplicantUpdate } from './approval-chain-workflow';
import { APPLICANT, createBlocksHarness, DIVISION_HEAD, EXECUTOR, msApart, waitFor, type BlocksHarness } from './approval-chain.fixtures';

let env: TestWorkflowEnvironment;
let h: BlocksHarness;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
  h = await createBlocksHarness(env, taskQueueFor('review clock'));
}, 180_000);
afterAll(async () => {
  h?.cleanup();
  await env?.teardown();
});

/** How far real time between a test's actions may move a case-clock moment (seconds, never minutes). */
const REAL_TIME_SLACK_MS = 30_000;

async function noticeBody(ancn: string): Promise<string> {
  return (await h.store.getDocument(ancn))?.xml ?? '';
}

describe('suspension while waiting for the applicant (¶38, ¶39.9-10)', () => {
  it('answered over Nauryz: the 46 working hours left count again from the resumption → due Thu 2026-04-02 16:30', async () => {
    await h.run(async () => {
      const c = await h.start('2026-03-16T10:00:00+05:00');
      let s = await waitFor(c, (x) => x.stage === 'review', 'review');
      expect(s.dueAt).toBe('2026-03-30T13:30:00.000Z'); // 18:30 in Astana

      // Wed 18 March 11:00: left = 6 h that day + 5 working days × 8 h = 46 working hours
      await c.advanceTo('2026-03-18T11:00:00+05:00');
      await c.handle.executeUpdate(requestApplicantUpdate, {
        args: [{ question: 'Send the lease of the workshop', answerWithinWorkingDays: 5, actor: EXECUTOR }],
      });
      s = await waitFor(c, (x) => x.stage === 'awaiting-applicant', 'awaiting-applicant');
      expect(s.waitingOn).toBe('applicant');
      const suspension = s.documents.find((d) => d.kind === 'suspension-notice');
      const susXml = await noticeBody(suspension?.ancn ?? '');
      expect(susXml).toMatch(/<suspendedAt>2026-03-18T1[01]:/);
      expect(susXml).toContain('<resumesAtTheLatest>2026-03-30T18:30:00+05:00</resumesAtTheLatest>');
      expect((await h.signer.verify(susXml)).signerSubject).toMatch(/Authorized person/);

      // Tue 24 March 12:00 — a moved day off: the answer is accepted, the clock restarts Thu 26 09:00
      await c.advanceTo('2026-03-24T12:00:00+05:00');
      await c.handle.executeUpdate(applicantAnswerUpdate, { args: [{ requestNo: 1, text: 'Lease No. 77 attached', actor: APPLICANT }] });
      s = await waitFor(c, (x) => x.stage === 'review' && x.documents.some((d) => d.kind === 'resumption-notice'), 'resumed');
      // The request lands a few real-time moments after 11:00 (the server does not skip time while the
      // test acts), and every such moment comes off the 46 hours: a loaded machine makes it seconds.
      expect(msApart(s.dueAt, '2026-04-02T16:30:00+05:00')).toBeLessThan(REAL_TIME_SLACK_MS);
      const resumption = s.documents.find((d) => d.kind === 'resumption-notice');
      const resXml = await noticeBody(resumption?.ancn ?? '');
      expect(resXml).toMatch(/<resumedAt>2026-03-24T1[12]:/);
      expect(resXml).toMatch(/<newCompletionDate>2026-04-02T16:(30|29):/);
      // the timeline and the audit trail say why the date moved
      const moves = (await h.store.listAudit(c.applicationId)).filter((e) => e.action === 'due-date-moved');
      expect(moves.map((m) => String(m.details?.['reason']))).toEqual([
        expect.stringMatching(/suspended.*applicant/),
        expect.stringMatching(/resumed/),
      ]);
      expect((s.details['applicantRequests'] as Array<{ answer?: unknown }>)[0]?.answer).toBeDefined();
    });
  });

  it('applicant silent: at the end of the period the clock resumes and the executor decides anyway (¶38.10)', async () => {
    await h.run(async () => {
      const c = await h.start('2026-03-16T10:00:00+05:00');
      await waitFor(c, (x) => x.stage === 'review', 'review');
      await c.advanceTo('2026-03-18T11:00:00+05:00');
      // 2 working days → answer by Fri 20 March 18:30
      await c.handle.executeUpdate(requestApplicantUpdate, {
        args: [{ question: 'Send the lease of the workshop', answerWithinWorkingDays: 2, actor: EXECUTOR }],
      });
      await waitFor(c, (x) => x.stage === 'awaiting-applicant', 'awaiting-applicant');
      await c.advanceTo('2026-03-26T10:00:00+05:00');
      const s = await waitFor(c, (x) => x.stage === 'review' && x.documents.some((d) => d.kind === 'resumption-notice'), 'back to review');
      // resumed at 20 March 18:30; 46 working hours from Thu 26 09:00 → Thu 2 April 16:30
      expect(msApart(s.dueAt, '2026-04-02T16:30:00+05:00')).toBeLessThan(REAL_TIME_SLACK_MS);
      const record = (s.details['applicantRequests'] as Array<{ unanswered?: boolean; answerBy: string }>)[0];
      expect(record).toMatchObject({ unanswered: true, answerBy: '2026-03-20T18:30:00+05:00' });
      expect(await noticeBody(s.documents.find((d) => d.kind === 'resumption-notice')?.ancn ?? '')).toContain(
        'the executor decides on the documents at hand',
      );
      // a late answer is refused; the executor's decision goes ahead
      const late = await c.handle
        .executeUpdate(applicantAnswerUpdate, { args: [{ requestNo: 1, text: 'too late', actor: APPLICANT }] })
        .catch((e: unknown) => e);
      expect(late).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(((late as WorkflowUpdateFailedError).cause as Error).message).toMatch(/no open request/);
      const v = await c.handle.executeUpdate(draftSubmitUpdate, {
        args: [{ chain: 'decision', content: { decision: 'issue on the documents at hand' }, actor: EXECUTOR }],
      });
      expect(v).toMatchObject({ state: 'in-approval', awaiting: DIVISION_HEAD.subject });
    });
  });
});

describe('extension of the term (¶41)', () => {
  it('over the May holidays: 7 working days from Mon 27 April end Fri 8 May; +5 working days → Mon 18 May 18:30, with a signed notice', async () => {
    await h.run(async () => {
      const c = await h.start('2026-04-27T10:00:00+05:00');
      let s = await waitFor(c, (x) => x.stage === 'review', 'review');
      expect(s.dueAt).toBe('2026-05-08T13:30:00.000Z');
      await c.advanceTo('2026-04-28T15:00:00+05:00');
      const refused = await c.handle
        .executeUpdate(extendTermUpdate, { args: [{ days: 0, reason: 'x', actor: EXECUTOR }] })
        .catch((e: unknown) => e);
      expect(((refused as WorkflowUpdateFailedError).cause as Error).message).toMatch(/whole number/);
      await c.handle.executeUpdate(extendTermUpdate, { args: [{ days: 5, reason: 'an on-site inspection is needed', actor: EXECUTOR }] });
      s = await waitFor(c, (x) => x.documents.some((d) => d.kind === 'extension-notice'), 'extension notice');
      // 12, 13, 14, 15, 18 May (11 May is the day off for Victory Day)
      expect(s.dueAt).toBe('2026-05-18T13:30:00.000Z');
      const xml = await noticeBody(s.documents.find((d) => d.kind === 'extension-notice')?.ancn ?? '');
      expect(xml).toContain('<previousCompletionDate>2026-05-08T18:30:00+05:00</previousCompletionDate>');
      expect(xml).toContain('<newCompletionDate>2026-05-18T18:30:00+05:00</newCompletionDate>');
      expect((await h.signer.verify(xml)).valid).toBe(true);
      const inbox = await h.cabinet.list('180440012349');
      expect(inbox.some((m) => m.kind === 'extension-notice' && m.message.includes('2026-05-18T18:30:00+05:00'))).toBe(true);
    });
  });
});

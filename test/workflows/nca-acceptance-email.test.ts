/**
 * Seed 002 ¶9: on acceptance the applicant gets an e-mail notification-report at the address in the
 * application — once, even when the send is retried; never without the consent to e-mail notices. A
 * relay refusing it for good is recorded on the case, which goes on.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { NcaIssueInput, NcaRevokeInput } from '../../services/nca/case';
import { ncaCertificateIssue, ncaCertificateRevoke, recordNcaCheckUpdate } from '../../services/nca/workflow';
import { statusQuery } from '../../workflows/shared/case';
import { recordHistory, runSettled, taskQueueFor, timeSkippingSuite, workflowIdFor } from '../helpers/temporal';
import { a1Package, ADULT, NCA_STAFF, ncaHarness, ncaWorker, type NcaHarness } from './nca-services.fixtures';

const suite = timeSkippingSuite();
const FRIDAY = '2026-02-27T16:00:00+05:00';

async function issueInput(consent: boolean, channel: NcaIssueInput['channel']): Promise<NcaIssueInput> {
  const application = await a1Package(ADULT, FRIDAY.slice(0, 10));
  if (application.package.form.form === 'A1') application.package.form.consents.emailNotices = consent;
  return {
    applicationId: workflowIdFor('nca-certificate-issue'),
    ancn: 'KZ00APP00000011',
    serviceCode: 'nca-certificate-issue',
    submittedAt: FRIDAY,
    application,
    channel,
  };
}

async function run(title: string, h: NcaHarness, body: (tq: string) => Promise<void>): Promise<void> {
  const taskQueue = taskQueueFor(title);
  const worker = await ncaWorker(suite.env, taskQueue, h);
  await runSettled(worker, suite.started, () => body(taskQueue));
}

async function issueToTheEnd(tq: string, i: NcaIssueInput): Promise<WorkflowHandle<typeof ncaCertificateIssue>> {
  const c = await suite.env.client.workflow.start(ncaCertificateIssue, { taskQueue: tq, workflowId: i.applicationId, args: [i] });
  suite.started.push(c);
  for (let n = 0; n < 200 && (await c.query(statusQuery)).stage !== 'provider-check'; n += 1) await new Promise((r) => setTimeout(r, 50));
  await c.executeUpdate(recordNcaCheckUpdate, { args: [{ actor: NCA_STAFF }] });
  expect((await c.result()).outcome).toBe('issued');
  return c;
}

test('accepted at the State Corporation with consent: one notice to the form’s address naming the service, the ANCN, when and where (a lost answer retried sends nothing new)', async () => {
  const h = await ncaHarness();
  h.loseFirstEmailAnswer = true;
  await run('nca acceptance email', h, async (tq) => {
    const c = await issueToTheEnd(tq, await issueInput(true, { kind: 'state-corporation', branchId: 'astana-yesil', operator: 'op-1' }));
    // The activity was tried twice (the first answer lost), the applicant mailed once.
    expect(h.emailAttempts).toHaveLength(2);
    expect(h.emailAttempts[0]!.idempotencyKey).toBe(h.emailAttempts[1]!.idempotencyKey);
    const outbox = h.email.all();
    expect(outbox).toHaveLength(1);
    const notice = outbox[0]!;
    expect(notice).toMatchObject({
      to: 'applicant@example.kz',
      kind: 'acceptance-notice',
      idempotencyKey: `${c.workflowId}:email:acceptance`,
    });
    expect(notice.subject).toBe(
      'Application KZ00APP00000011 accepted: Issue of registration certificates of the National Certification Authority of the Republic of Kazakhstan',
    );
    // seed 002 ¶4(1): handed in on Friday 16:00 → no later than Monday 18:30; ¶8(2): at the branch it was handed in.
    expect(notice.body).toContain('Your application KZ00APP00000011 for the state service "Issue of registration certificates');
    expect(notice.body).toContain('accepted on 2026-02-27 16:00 (Astana time)');
    expect(notice.body).toContain('no later than 2026-03-02 18:30 (Astana time), at the State Corporation branch astana-yesil');
    expect((await c.query(statusQuery)).details['acceptanceNotice']).toEqual({ to: 'applicant@example.kz', messageId: notice.id });
    await recordHistory(c, 'nca-certificate-issue-acceptance-email');
  });
});

test('a relay that refuses the notice for good (SMTP 5xx): tried once, not forever; the refusal is on the case’s status, timeline and audit trail, and the certificates are issued on time', async () => {
  const h = await ncaHarness();
  h.refuseEmail = '550 5.1.1 <applicant@example.kz>: mailbox unavailable';
  await run('nca acceptance email refused', h, async (tq) => {
    const c = await issueToTheEnd(tq, await issueInput(true, { kind: 'provider-counter', employee: NCA_STAFF.subject }));
    expect(h.emailAttempts).toHaveLength(1);
    expect(h.email.all()).toEqual([]);
    const s = await c.query(statusQuery);
    expect(s.slaState).toBe('met');
    expect(s.details['acceptanceNotice']).toEqual({
      to: 'applicant@example.kz',
      refused: 'the mail relay refused RCPT TO: 550 5.1.1 <applicant@example.kz>: mailbox unavailable',
    });
    expect(s.timeline.find((t) => t.stage === 'intake')?.note).toBe('the mail relay refused the acceptance notice to applicant@example.kz');
    const audits = h.progress.filter((p) => p.applicationId === c.workflowId).map((p) => p.audit);
    expect(audits).toContainEqual(
      expect.objectContaining({
        action: 'acceptance-notice-refused',
        actor: 'system',
        details: expect.objectContaining({ to: 'applicant@example.kz', regulation: 'seed 002 ¶9' }),
      }),
    );
    // The refusal comes before the provider's check, which the case went on to (the certificates issued above).
    const actions = audits.map((a) => a?.action);
    expect(actions.indexOf('acceptance-notice-refused')).toBeLessThan(actions.indexOf('nca-check-recorded'));
    await recordHistory(c, 'nca-certificate-issue-acceptance-email-refused');
  });
});

test('without the consent to e-mail notices: no notice, the case runs as before', async () => {
  const h = await ncaHarness();
  await run('nca acceptance no email', h, async (tq) => {
    const c = await issueToTheEnd(tq, await issueInput(false, { kind: 'provider-counter', employee: NCA_STAFF.subject }));
    expect(h.emailAttempts).toEqual([]);
    expect((await c.query(statusQuery)).details['acceptanceNotice']).toBeUndefined();
  });
});

test('a revocation request (A7) with the consent: the notice names the revocation service; an A7 without it gets none', async () => {
  const h = await ncaHarness();
  await run('nca revoke email', h, async (tq) => {
    const revoke = (emailNotices: boolean | undefined): NcaRevokeInput => ({
      applicationId: workflowIdFor('nca-certificate-revoke'),
      ancn: 'KZ00APP00000012',
      serviceCode: 'nca-certificate-revoke',
      submittedAt: '2026-03-03T10:00:00+05:00',
      application: {
        form: {
          form: 'A7',
          iin: ADULT.iin,
          fullName: 'SEIITOV NURLAN',
          email: 'revoker@example.kz',
          phone: '+7 701 000 00 00',
          serials: ['0a0b0c'],
          consents: { personalData: true, ...(emailNotices === undefined ? {} : { emailNotices }) },
          appliedOn: '2026-03-03',
        },
        reason: 'keyCompromise',
      },
      channel: { kind: 'portal' },
    });
    for (const consent of [true, undefined]) {
      const i = revoke(consent);
      const r = await suite.env.client.workflow.start(ncaCertificateRevoke, { taskQueue: tq, workflowId: i.applicationId, args: [i] });
      suite.started.push(r);
      // The serial is nobody's: refused, but the request was accepted first.
      expect((await r.result()).outcome).toBe('refused');
    }
    const outbox = h.email.all();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ to: 'revoker@example.kz' });
    expect(outbox[0]!.subject).toContain('Revocation of registration certificates');
    expect(outbox[0]!.body).toContain('in your personal cabinet on the e-government portal');
  });
});

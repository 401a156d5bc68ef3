/**
 * Seed 002 on the time-skipping server: the issue of registration certificates to an individual (intake,
 * the provider's check, the certificates from the CA, the result document, within 1 working day of handing
 * in the package, ¶4(1), across a weekend); the refusals of ¶10 (under 16 from the individuals database,
 * false information found by the provider); the A9 receipt for an incomplete package; the revocation of
 * the applicant's certificates (¶6(2): the CA's status says revoked and a new CRL lists them) and the
 * refusal to revoke another holder's.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { handOverUpdate, receiptPresentedUpdate } from '../../counter/hand-over';
import { x509 } from '../../pki/crypto';
import type { NcaIssueInput, NcaRevokeInput } from '../../services/nca/case';
import { ncaCertificateIssue, ncaCertificateRevoke, recordNcaCheckUpdate } from '../../services/nca/workflow';
import { statusQuery, type CaseStatus } from '../../workflows/shared/case';
import { recordHistory, refusedWith, runSettled, taskQueueFor, timeSkippingSuite, workflowIdFor } from '../helpers/temporal';
import { a1Package, ADULT, CHILD, NCA_STAFF, ncaHarness, ncaWorker, type NcaHarness } from './nca-services.fixtures';

const suite = timeSkippingSuite();
const FRIDAY = '2026-02-27T16:00:00+05:00';

async function issueInput(person = ADULT, submittedAt = FRIDAY): Promise<NcaIssueInput> {
  return {
    applicationId: workflowIdFor('nca-certificate-issue'),
    ancn: 'KZ00APP00000001',
    serviceCode: 'nca-certificate-issue',
    submittedAt,
    application: await a1Package(person, submittedAt.slice(0, 10)),
    channel: { kind: 'provider-counter', employee: NCA_STAFF.subject },
  };
}

async function until(h: WorkflowHandle, done: (s: CaseStatus) => boolean): Promise<CaseStatus> {
  for (let i = 0; i < 200; i += 1) {
    const s = await h.query(statusQuery);
    if (done(s)) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the case did not reach the expected state');
}

async function run(title: string, h: NcaHarness, body: (tq: string) => Promise<void>): Promise<void> {
  const taskQueue = taskQueueFor(title);
  const worker = await ncaWorker(suite.env, taskQueue, h);
  await runSettled(worker, suite.started, () => body(taskQueue));
}

async function startIssue(tq: string, i: NcaIssueInput): Promise<WorkflowHandle<typeof ncaCertificateIssue>> {
  const h = await suite.env.client.workflow.start(ncaCertificateIssue, { taskQueue: tq, workflowId: i.applicationId, args: [i] });
  suite.started.push(h);
  return h;
}

test('an individual handed in on Friday 16:00: checked, two certificates issued by Monday 18:30 (1 working day, ¶4(1)), in the result', async () => {
  const h = await ncaHarness();
  await run('nca issue happy', h, async (tq) => {
    const c = await startIssue(tq, await issueInput());
    let s = await until(c, (x) => x.stage === 'provider-check');
    // seed 002 ¶4(1): 1 working day; Friday → the end of Monday, the weekend not counted.
    expect(s.dueAt).toBe('2026-03-02T13:30:00.000Z'); // 18:30 in Astana
    expect(s.pendingActions.map((a) => a.action)).toEqual(['record-nca-check']);
    expect(
      await refusedWith(
        c.executeUpdate(recordNcaCheckUpdate, { args: [{ actor: { subject: 'x', role: 'staff', licensorBody: 'ctrm' } }] }),
      ),
    ).toMatch(/sts/);
    // The weekend passes; the provider checks on Monday morning.
    await suite.env.sleep('65 hours');
    await c.executeUpdate(recordNcaCheckUpdate, { args: [{ actor: NCA_STAFF }] });
    const result = await c.result();
    expect(result.outcome).toBe('issued');
    expect(result.certificates?.map((x) => x.profile)).toEqual(['signing', 'authentication']);
    s = await c.query(statusQuery);
    expect(s.slaState).toBe('met');
    for (const cert of result.certificates ?? []) {
      const parsed = new x509.X509Certificate(cert.certPem);
      expect(parsed.subject).toContain('SEIITOV NURLAN');
      expect(await h.nca.status(cert.serial)).toEqual({ status: 'good' });
    }
    const doc = h.documents.find((d) => d.kind === 'registration-certificates');
    expect(doc).toMatchObject({ documentType: 'PRM', signer: 'provider' });
    expect(JSON.stringify(doc?.body)).toContain('BEGIN CERTIFICATE');
    // Idempotent: the CA holds exactly the two certificates of this case.
    expect((await h.nca.store.revoked()).length).toBe(0);
    await recordHistory(c, 'nca-certificate-issue-individual-issued');
  });
});

test('under 16 on the day of submission (individuals database): the reasoned refusal of ¶10(3), no certificate', async () => {
  const h = await ncaHarness();
  await run('nca issue under 16', h, async (tq) => {
    const c = await startIssue(tq, await issueInput(CHILD));
    const result = await c.result();
    expect(result).toMatchObject({ outcome: 'refused' });
    expect(result.certificates).toBeUndefined();
    const doc = h.documents.find((d) => d.kind === 'reasoned-refusal');
    expect(doc?.body).toMatchObject({ ground: 'under-16', regulation: 'seed 002 ¶10(3): the applicant is under 16 years old' });
    await recordHistory(c, 'nca-certificate-issue-under-16-refused');
  });
});

test('false information found by the provider (¶10(1)): a finding must say what is false; the reasoned refusal names it', async () => {
  const h = await ncaHarness();
  await run('nca issue false info', h, async (tq) => {
    const c = await startIssue(tq, await issueInput());
    await until(c, (x) => x.stage === 'provider-check');
    expect(await refusedWith(c.executeUpdate(recordNcaCheckUpdate, { args: [{ falseInformation: ['  '], actor: NCA_STAFF }] }))).toMatch(
      /¶10\(1\)/,
    );
    await c.executeUpdate(recordNcaCheckUpdate, {
      args: [{ falseInformation: ['the identity document presented is not the one in the form'], actor: NCA_STAFF }],
    });
    expect(await c.result()).toMatchObject({ outcome: 'refused' });
    expect(h.documents.find((d) => d.kind === 'reasoned-refusal')?.body).toMatchObject({
      ground: 'false-information',
      reasons: ['the identity document presented is not the one in the form'],
    });
    await recordHistory(c, 'nca-certificate-issue-false-information-refused');
  });
});

test('an incomplete package (no identity document): the case ends with the A9 receipt listing it', async () => {
  const h = await ncaHarness();
  await run('nca issue a9', h, async (tq) => {
    const i = await issueInput();
    i.application.package.handedIn = ['application-form'];
    const c = await startIssue(tq, i);
    expect(await c.result()).toMatchObject({ outcome: 'refused-to-consider' });
    const body = h.documents.find((d) => d.kind === 'a9-receipt')?.body as { missing: Array<{ document: string }>; copies: number };
    expect(body.missing.map((m) => m.document)).toEqual(['identity-document']);
    expect(body.copies).toBe(2);
  });
});

test("revocation (A7): the applicant's certificates are revoked, the CA's status says so and a new CRL lists them; another's is refused", async () => {
  const h = await ncaHarness();
  await run('nca revoke', h, async (tq) => {
    const c = await startIssue(tq, await issueInput());
    await until(c, (x) => x.stage === 'provider-check');
    await c.executeUpdate(recordNcaCheckUpdate, { args: [{ actor: NCA_STAFF }] });
    const issued = await c.result();
    const serials = (issued.certificates ?? []).map((x) => x.serial);
    const revokeInput = (id: string, iin: string): NcaRevokeInput => ({
      applicationId: id,
      ancn: 'KZ00APP00000002',
      serviceCode: 'nca-certificate-revoke',
      submittedAt: '2026-03-03T10:00:00+05:00',
      application: {
        form: {
          form: 'A7',
          iin,
          fullName: 'SEIITOV NURLAN',
          email: 'applicant@example.kz',
          phone: '+7 701 000 00 00',
          serials,
          consents: { personalData: true },
          appliedOn: '2026-03-03',
        },
        reason: 'keyCompromise',
      },
      channel: { kind: 'portal' },
    });
    // Another person's request for these serials: refused, nothing revoked.
    const other = revokeInput(workflowIdFor('nca-certificate-revoke'), CHILD.iin);
    const o = await suite.env.client.workflow.start(ncaCertificateRevoke, {
      taskQueue: tq,
      workflowId: other.applicationId,
      args: [other],
    });
    suite.started.push(o);
    expect(await o.result()).toMatchObject({ outcome: 'refused' });
    expect(await h.nca.status(serials[0]!)).toEqual({ status: 'good' });

    const mine = revokeInput(workflowIdFor('nca-certificate-revoke'), ADULT.iin);
    const r = await suite.env.client.workflow.start(ncaCertificateRevoke, { taskQueue: tq, workflowId: mine.applicationId, args: [mine] });
    suite.started.push(r);
    expect(await r.result()).toMatchObject({ outcome: 'issued', revoked: serials });
    for (const serial of serials) expect(await h.nca.status(serial)).toMatchObject({ status: 'revoked', reason: 'keyCompromise' });
    const crl = await h.nca.store.latestCrl();
    const listed = new x509.X509Crl(crl!.der).entries.map((e) => e.serialNumber.toLowerCase().replace(/^(00)+/, ''));
    expect(listed).toEqual(expect.arrayContaining(serials));
    expect((await r.query(statusQuery)).slaState).toBe('met');
    await recordHistory(r, 'nca-certificate-revoke-revoked');
  });
});

test('handed in at the State Corporation on Saturday: due Monday 18:30 (¶4(1)); the result is handed over at the branch within 20 minutes (¶4(3)), a late one recorded', async () => {
  const h = await ncaHarness();
  await run('nca issue state corporation', h, async (tq) => {
    const saturday = '2026-02-28T11:00:00+05:00';
    const input = {
      ...(await issueInput(ADULT, saturday)),
      channel: { kind: 'state-corporation' as const, branchId: 'astana-yesil', operator: 'op-1' },
    };
    const c = await startIssue(tq, input);
    const s = await until(c, (x) => x.stage === 'provider-check');
    expect(s.dueAt).toBe('2026-03-02T13:30:00.000Z');
    expect(s.details['channel']).toMatchObject({ kind: 'state-corporation', branchId: 'astana-yesil' });
    await c.executeUpdate(recordNcaCheckUpdate, { args: [{ actor: NCA_STAFF }] });
    const ready = await until(c, (x) => x.outcome === 'issued' && Boolean(x.details['handOver']));
    expect(ready.details['handOver']).toMatchObject({ status: 'awaiting-applicant', branchId: 'astana-yesil', limit: { minutes: 20 } });
    const operator = { subject: 'op-1', role: 'operator', branch: 'astana-yesil' };
    expect(
      await refusedWith(
        c.executeUpdate(receiptPresentedUpdate, {
          args: [{ operator: { ...operator, branch: 'almaty-almaly' }, receiptAncn: 'KZ00NTC00000001' }],
        }),
      ),
    ).toMatch(/astana-yesil/);
    await c.executeUpdate(receiptPresentedUpdate, { args: [{ operator, receiptAncn: 'KZ00NTC00000001' }] });
    await suite.env.sleep('21 minutes');
    const handed = await c.executeUpdate(handOverUpdate, { args: [{ operator, receivedBy: 'the applicant' }] });
    expect(handed.status).toBe('handed-over');
    const result = await c.result();
    expect(result.handOver).toBe('handed-over');
    const after = await c.query(statusQuery);
    expect(after.details['handOver']).toMatchObject({ breach: { cause: expect.stringMatching(/20 minutes/) as unknown } });
    expect(h.counterEvents.map((e) => e.event)).toEqual(['sla-breached:hand-over']);
    await recordHistory(c, 'nca-certificate-issue-state-corporation-handed-over');
  });
});

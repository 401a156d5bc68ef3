import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { DOMParser } from '@xmldom/xmldom';
import { createCommonActivities } from '../../activities/common';
import type { DocumentRequest } from '../../activities/common-types';
import { InMemoryPersonalCabinet } from '../../adapters/cabinet/fake';
import { InMemoryMonitoringSystem } from '../../adapters/monitoring/fake';
import { SignerKeyRevokedError, SignerRejectedError } from '../../adapters/signer/errors';
import { LocalXmlSigner } from '../../adapters/signer/local';
import type { DocumentSigner, SignedXml } from '../../adapters/signer/port';
import { formatAncn } from '../../domain/ancn';
import { DOCUMENT_NAMESPACE } from '../../domain/documents';
import { LICENSOR_BODIES } from '../../domain/services';
import { InMemoryApplicationStore } from '../../persistence/in-memory';
import { xmlsec1Verify } from '../adapters/signer/xmlsec1';

let dir: string;
let localSigner: LocalXmlSigner;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pki-activities-'));
  localSigner = await LocalXmlSigner.fromDir(dir);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The real signer, counted, and able to fail on demand. */
class CountingSigner implements DocumentSigner {
  signs = 0;
  failNext: Error | null = null;
  async sign(xml: string, opts?: { signer?: 'provider' | 'system' }): Promise<SignedXml> {
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = null;
      throw e;
    }
    this.signs += 1;
    return localSigner.sign(xml, opts);
  }
  verify(signedXml: string) {
    return localSigner.verify(signedXml);
  }
}

async function setup() {
  const store = new InMemoryApplicationStore();
  const signer = new CountingSigner();
  const cabinet = new InMemoryPersonalCabinet();
  const monitoring = new InMemoryMonitoringSystem();
  const activities = createCommonActivities({ store, signer, cabinet, monitoring });
  await store.createApplication({
    id: 'sme-registration-wf-1',
    serviceCode: 'sme-registration',
    workflowId: 'sme-registration-wf-1',
    ancn: formatAncn('APP', 1),
    applicantRef: 'applicant-880101300123',
    licensorBody: 'state-corporation',
    submittedAt: new Date('2025-06-02T04:00:00Z'),
    registeredAt: new Date('2025-06-02T04:00:00Z'),
    dueAt: new Date('2025-06-02T05:00:00Z'),
    calendarVersion: 'test',
  });
  return { store, signer, cabinet, monitoring, activities };
}

const notification = (overrides: Partial<DocumentRequest> = {}): DocumentRequest => ({
  applicationId: 'sme-registration-wf-1',
  serviceCode: 'sme-registration',
  kind: 'registration-notification',
  documentType: 'NTF',
  signer: 'provider',
  issuedAt: '2025-06-02T04:40:00Z',
  title: 'Notification of state registration of a legal entity',
  body: { bin: '250640012345', name: 'ТОО «Дала»', founders: [{ fullName: 'Aigerim Sadykova' }, { fullName: 'Nurlan Bekov' }] },
  idempotencyKey: 'sme-registration-wf-1:registration-notification',
  ...overrides,
});

async function failure(p: Promise<unknown>): Promise<ApplicationFailure | Error> {
  return p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as Error,
  );
}

describe('issueDocument', () => {
  it('builds the XML with a fresh ANCN, signs it with the provider ECDS and stores it; xmlsec1 verifies it', async () => {
    const { store, activities } = await setup();
    const issued = await activities.issueDocument(notification());
    expect(issued).toEqual({
      ancn: formatAncn('NTF', 1),
      kind: 'registration-notification',
      signatureRef: expect.stringMatching(/^sha256:/),
      issuedAt: '2025-06-02T09:40:00+05:00',
    });
    const stored = await store.getDocument(issued.ancn);
    expect(stored?.applicationId).toBe('sme-registration-wf-1');
    const doc = new DOMParser().parseFromString(stored?.xml ?? '', 'text/xml');
    const text = (n: string) => doc.getElementsByTagNameNS(DOCUMENT_NAMESPACE, n)[0];
    expect(text('Ancn')?.textContent).toBe(issued.ancn);
    expect(text('Recipient')?.getAttribute('ref')).toBe('applicant-880101300123');
    expect(text('Issuer')?.getAttribute('code')).toBe('state-corporation');
    expect(doc.getElementsByTagNameNS(DOCUMENT_NAMESPACE, 'Name')[2]?.textContent).toBe(LICENSOR_BODIES['state-corporation'].en);
    expect(await localSigner.verify(stored?.xml ?? '')).toMatchObject({
      valid: true,
      signerSubject: expect.stringContaining('Authorized person'),
    });
    expect(xmlsec1Verify(stored?.xml ?? '', path.join(dir, 'root.pem')).ok).toBe(true);
  });

  it('a retried issueDocument returns the same ANCN and signs once', async () => {
    const { store, signer, activities } = await setup();
    const first = await activities.issueDocument(notification());
    const retry = await activities.issueDocument(notification());
    expect(retry).toEqual(first);
    expect(signer.signs).toBe(1);
    expect(await store.listDocuments('sme-registration-wf-1')).toHaveLength(1);
    // and the sequence did not move: the next document of the type gets number 2
    const next = await activities.issueDocument(
      notification({ kind: 'reasoned-refusal', documentType: 'RFS', idempotencyKey: 'other', title: 'Refusal' }),
    );
    expect(next.ancn).toBe(formatAncn('RFS', 1));
    expect((await activities.issueDocument(notification({ idempotencyKey: 'third' }))).ancn).toBe(formatAncn('NTF', 2));
  });

  it('two attempts racing on one key end with one stored document, both answering its ANCN', async () => {
    const { store, activities } = await setup();
    const [a, b] = await Promise.all([activities.issueDocument(notification()), activities.issueDocument(notification())]);
    expect(a.ancn).toBe(b.ancn);
    expect(await store.listDocuments('sme-registration-wf-1')).toHaveLength(1);
  });

  it('a body that cannot be XML is a final VALIDATION_FAILED: nothing signed, stored or numbered', async () => {
    const { store, signer, activities } = await setup();
    const err = await failure(activities.issueDocument(notification({ body: { 'legal name': 'x' } })));
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: 'VALIDATION_FAILED', nonRetryable: true });
    expect(err.message).toContain('body.legal name');
    expect(signer.signs).toBe(0);
    expect(await store.listDocuments('sme-registration-wf-1')).toEqual([]);
    expect((await activities.issueDocument(notification())).ancn).toBe(formatAncn('NTF', 1));
  });

  it('rejects a kind under the wrong type, an unknown application and a reused key, finally', async () => {
    const { activities } = await setup();
    expect(await failure(activities.issueDocument(notification({ documentType: 'PRM' })))).toMatchObject({
      type: 'VALIDATION_FAILED',
      nonRetryable: true,
    });
    expect(await failure(activities.issueDocument(notification({ applicationId: 'nope' })))).toMatchObject({
      type: 'UNKNOWN_APPLICATION',
      nonRetryable: true,
    });
    await activities.issueDocument(notification());
    expect(await failure(activities.issueDocument(notification({ kind: 'reasoned-refusal', documentType: 'RFS' })))).toMatchObject({
      type: 'IDEMPOTENCY_KEY_REUSED',
      nonRetryable: true,
    });
  });

  it('a signer outage is retryable (plain error) and the retry issues the document once', async () => {
    const { store, signer, activities } = await setup();
    signer.failNext = new Error('NCANode unreachable');
    const err = await failure(activities.issueDocument(notification()));
    expect(err).not.toBeInstanceOf(ApplicationFailure);
    expect(await store.listDocuments('sme-registration-wf-1')).toEqual([]);
    const issued = await activities.issueDocument(notification());
    expect(await store.listDocuments('sme-registration-wf-1')).toEqual([expect.objectContaining({ ancn: issued.ancn })]);
    expect(signer.signs).toBe(1);
  });

  it('a signing server refusing the key is final: SIGNING_REFUSED', async () => {
    const { signer, activities } = await setup();
    signer.failNext = new SignerRejectedError('NCANode refused the request (400): wrong password', 400);
    expect(await failure(activities.issueDocument(notification()))).toMatchObject({ type: 'SIGNING_REFUSED', nonRetryable: true });
  });

  it("automatic mode signs with the system's transport signature (seed 004 ¶18-1)", async () => {
    const { store, activities } = await setup();
    const issued = await activities.issueDocument(notification({ signer: 'system' }));
    const xml = (await store.getDocument(issued.ancn))?.xml ?? '';
    expect(await localSigner.verify(xml)).toMatchObject({ valid: true, signerSubject: expect.stringContaining('transport signature') });
    expect(xml).toContain('<SignatureRole>system</SignatureRole>');
  });
});

describe('recordProgress', () => {
  const progress = {
    applicationId: 'sme-registration-wf-1',
    stage: 'registry-check',
    dueAt: '2025-06-02T10:00:00+05:00',
    audit: {
      actor: 'system',
      action: 'stage-entered',
      at: '2025-06-02T09:30:00+05:00',
      details: { stage: 'registry-check' },
      idempotencyKey: 'sme-registration-wf-1:stage:registry-check',
    },
  };

  it('updates the application and records one audit event, however often it is retried', async () => {
    const { store, activities } = await setup();
    await activities.recordProgress(progress);
    await activities.recordProgress(progress);
    const app = await store.getApplication('sme-registration-wf-1');
    expect(app?.stage).toBe('registry-check');
    expect(app?.dueAt.toISOString()).toBe('2025-06-02T05:00:00.000Z');
    const audit = await store.listAudit('sme-registration-wf-1');
    expect(audit.filter((e) => e.action === 'stage-entered')).toHaveLength(1);
  });

  it('refuses bad input and an unknown application finally, changing nothing', async () => {
    const { store, activities } = await setup();
    expect(await failure(activities.recordProgress({ ...progress, dueAt: 'next Tuesday' }))).toMatchObject({
      type: 'VALIDATION_FAILED',
      nonRetryable: true,
    });
    expect((await store.getApplication('sme-registration-wf-1'))?.stage).toBe('registered');
    expect(await store.listAudit('sme-registration-wf-1')).toEqual([]);
    expect(await failure(activities.recordProgress({ ...progress, applicationId: 'nope' }))).toMatchObject({
      type: 'UNKNOWN_APPLICATION',
      nonRetryable: true,
    });
  });
});

describe('deliverToCabinet, reportToMonitoring, reportTechnicalFailure', () => {
  const delivery = {
    applicationId: 'sme-registration-wf-1',
    applicantRef: 'applicant-880101300123',
    kind: 'registration-notification',
    ancn: formatAncn('NTF', 1),
    message: 'Your legal entity is registered. BIN 250640012345.',
    idempotencyKey: 'sme-registration-wf-1:cabinet:registration-notification',
  };

  it('delivers to the cabinet once however often retried; a reused key with other content is final', async () => {
    const { cabinet, activities } = await setup();
    await activities.deliverToCabinet(delivery);
    await activities.deliverToCabinet(delivery);
    expect(await cabinet.list('applicant-880101300123')).toEqual([
      expect.objectContaining({ ancn: formatAncn('NTF', 1), message: delivery.message }),
    ]);
    expect(await failure(activities.deliverToCabinet({ ...delivery, message: 'different' }))).toMatchObject({
      type: 'IDEMPOTENCY_KEY_REUSED',
      nonRetryable: true,
    });
    expect(await failure(activities.deliverToCabinet({ ...delivery, idempotencyKey: 'k2', message: '' }))).toMatchObject({
      type: 'VALIDATION_FAILED',
      nonRetryable: true,
    });
  });

  it('reports a stage to monitoring once (seed 003 ¶14)', async () => {
    const { monitoring, activities } = await setup();
    const report = {
      applicationId: 'sme-registration-wf-1',
      serviceCode: 'sme-registration',
      stage: 'registered',
      at: '2025-06-02T09:00:00+05:00',
      idempotencyKey: 'wf-1:monitoring:registered',
    };
    await activities.reportToMonitoring(report);
    await activities.reportToMonitoring(report);
    expect(await monitoring.listStageReports('sme-registration-wf-1')).toHaveLength(1);
  });

  it('reports a technical failure with the ¶15 fields once; a report missing one is refused', async () => {
    const { monitoring, activities } = await setup();
    const report = {
      serviceName: 'State registration of an SME legal entity',
      applicationAncn: formatAncn('APP', 1),
      applicantRef: '880101300123',
      occurredAt: '2025-06-02T09:20:00+05:00',
      error: 'bank did not answer',
      context: { step: 'open-bank-account' },
      idempotencyKey: 'wf-1:technical-failure:open-bank-account',
    };
    await activities.reportTechnicalFailure(report);
    await activities.reportTechnicalFailure(report);
    expect(await monitoring.listTechnicalFailures()).toEqual([
      expect.objectContaining({ applicationAncn: formatAncn('APP', 1), applicantRef: '880101300123', occurredAt: report.occurredAt }),
    ]);
    expect(await failure(activities.reportTechnicalFailure({ ...report, idempotencyKey: 'k2', occurredAt: 'yesterday' }))).toMatchObject({
      type: 'VALIDATION_FAILED',
      nonRetryable: true,
    });
  });
});

test('a revoked signing key (pki/system-signers.ts): the document waits — a retryable error, no ANCN spent twice — and the case is escalated once', async () => {
  const { store, signer, activities } = await setup();
  const revoked = new SignerKeyRevokedError('provider', new Date('2025-06-02T04:30:00Z'), 'keyCompromise');
  for (let attempt = 0; attempt < 2; attempt++) {
    signer.failNext = revoked;
    const e = await failure(activities.issueDocument(notification()));
    // Not an ApplicationFailure: Temporal retries it, the workflow does not fail.
    expect(e).not.toBeInstanceOf(ApplicationFailure);
    expect(e).toBeInstanceOf(SignerKeyRevokedError);
  }
  const audit = (await store.listAudit('sme-registration-wf-1')).filter((a) => a.action === 'escalated');
  expect(audit).toEqual([
    expect.objectContaining({ actor: 'system', details: expect.objectContaining({ cause: 'signing-key-revoked', role: 'provider' }) }),
  ]);
  expect((await store.getApplication('sme-registration-wf-1'))?.waitingOn).toBe('a new provider signing key (its certificate was revoked)');
  // A new key: the next attempt signs.
  const doc = await activities.issueDocument(notification());
  expect(signer.signs).toBe(1);
  expect(doc.kind).toBe('registration-notification');
});

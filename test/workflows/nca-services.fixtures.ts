/** Shared by the NCA services' workflow and API tests: an in-memory NCA, the individuals database, A1 packages. */
import { webcrypto } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { ExternalSystems } from '../../adapters';
import { InMemoryEmailNotices } from '../../adapters/email-notices/fake';
import { EmailRejectedError, type EmailNotice, type EmailSendReceipt } from '../../adapters/email-notices/port';
import type { IndividualRecord } from '../../adapters/state-databases/port';
import { InMemoryStateDatabases } from '../../adapters/state-databases/fake';
import { CertificationAuthority } from '../../pki/authority';
import { MemoryKeyStore } from '../../pki/keystore';
import { NationalCertificationAuthority } from '../../pki/nca';
import { InMemoryCertificateStatusStore } from '../../pki/store-memory';
import type { ServiceActivityDeps } from '../../services/definition';
import { createNcaActivities } from '../../services/nca/activities';
import type { CounterEvent } from '../../counter/visit-types';
import type { NcaIssueApplication } from '../../services/nca/case';
import { commonDouble, harness, type CounterHarness } from '../counter/counter.fixtures';
import { ALL_WORKFLOWS, createWorker } from '../helpers/temporal';

export const URLS = { crl: 'http://nca.test/v1/pki/crl', ocsp: 'http://nca.test/v1/pki/ocsp', caIssuers: 'http://nca.test/v1/pki/ca.crt' };
export const ADULT: IndividualRecord = {
  iin: '850612300414',
  lastName: 'SEIITOV',
  firstName: 'NURLAN',
  birthDate: '1985-06-12',
  status: 'active',
};
export const CHILD: IndividualRecord = {
  iin: '120305500127',
  lastName: 'SEIITOVA',
  firstName: 'AIGERIM',
  birthDate: '2012-03-05',
  status: 'active',
};
export const NCA_STAFF = { subject: 'dev-staff-sts', role: 'staff', licensorBody: 'sts' };

export async function openTestNca(at = new Date('2026-01-01T00:00:00Z')): Promise<NationalCertificationAuthority> {
  return new NationalCertificationAuthority(
    await CertificationAuthority.open(new MemoryKeyStore(), URLS, at),
    new InMemoryCertificateStatusStore(),
  );
}

export async function publicKeyPem(): Promise<string> {
  const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const der = Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey)).toString('base64');
  return `-----BEGIN PUBLIC KEY-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----\n`;
}

/** A category-1 package (A1) of a person as the individuals database holds them. */
export async function a1Package(p: IndividualRecord, appliedOn: string): Promise<NcaIssueApplication> {
  return {
    package: {
      category: 1,
      form: {
        form: 'A1',
        iin: p.iin,
        surname: p.lastName,
        name: p.firstName,
        region: 'Astana',
        city: 'Astana',
        email: 'applicant@example.kz',
        phone: '+7 701 000 00 00',
        validityYears: 1,
        signaturePublicKey: await publicKeyPem(),
        authenticationPublicKey: await publicKeyPem(),
        consents: { userAgreement: true, personalData: true, emailNotices: true, policyRead: true },
        appliedOn,
      },
      handedIn: ['application-form', 'identity-document'],
      representative: false,
      consentToProtectedData: true,
    },
  };
}

export interface NcaHarness extends CounterHarness {
  nca: NationalCertificationAuthority;
  /** The mail relay's outbox (seed 002 ¶9 notices). */
  email: InMemoryEmailNotices;
  /** Sends tried, counting retries (the outbox shows what was actually mailed). */
  emailAttempts: EmailNotice[];
  /** When set, the first send is mailed but its answer is lost (the activity fails and is retried). */
  loseFirstEmailAnswer?: boolean;
  /** When set, the relay refuses every notice for good with this reply (SMTP 5xx / HTTP 4xx: EmailRejectedError). */
  refuseEmail?: string;
  /** What the counter blocks recorded (the hand-over's 20-minute breach, counter/hand-over.ts). */
  counterEvents: CounterEvent[];
}

export async function ncaHarness(): Promise<NcaHarness> {
  const h = harness();
  return {
    ...h,
    db: new InMemoryStateDatabases({ individuals: [ADULT, CHILD] }),
    nca: await openTestNca(),
    email: new InMemoryEmailNotices(),
    emailAttempts: [],
    counterEvents: [],
  };
}

export async function ncaWorker(env: TestWorkflowEnvironment, taskQueue: string, h: NcaHarness): Promise<Worker> {
  const emailNotices = {
    async send(n: EmailNotice): Promise<EmailSendReceipt> {
      h.emailAttempts.push(n);
      if (h.refuseEmail) throw new EmailRejectedError(`the mail relay refused RCPT TO: ${h.refuseEmail}`);
      const r = await h.email.send(n);
      if (h.loseFirstEmailAnswer && h.emailAttempts.length === 1) throw new Error('the relay answer was lost');
      return r;
    },
    outbox: (to?: string) => h.email.outbox(to),
  };
  const deps = { stateDatabases: h.db, nca: h.nca, emailNotices } as Partial<ExternalSystems> as ServiceActivityDeps;
  return createWorker(env, {
    taskQueue,
    workflowsPath: ALL_WORKFLOWS,
    activities: {
      ...commonDouble(h),
      ...createNcaActivities(deps),
      recordCounterEvent: async (e: CounterEvent): Promise<void> => {
        h.counterEvents.push(e);
      },
    },
  });
}

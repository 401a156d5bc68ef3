/**
 * The NCA services' side effects: the intake against the state databases (seed 002 ¶9–¶10), issuing the
 * registration certificates through the CA (¶6) and revoking them (¶6(2), a new CRL at once). Thin and
 * idempotent: every CA call carries a request key built from the workflow id and the step, so a retried
 * activity finds the certificate (or the revocation) the first attempt made.
 */
import { ApplicationFailure } from '@temporalio/common';
import { EmailRejectedError } from '../../adapters/email-notices/port';
import { toKzIso } from '../../domain/calendar';
import { readCsr } from '../../pki/authority';
import { normalizeSerial } from '../../pki/crypto';
import type { NationalCertificationAuthority } from '../../pki/nca';
import type { ServiceActivityDeps } from '../definition';
import type { NcaIssuePackage, NcaRevokeApplication } from './case';
import { intake } from './intake';
import type { RefusalGround } from './rules';
import type { A9Receipt } from './intake';

export type NcaIntakeResult =
  | { outcome: 'incomplete'; receipt: A9Receipt }
  | { outcome: 'refused'; ground: RefusalGround; regulation: string; reasons: string[] }
  | { outcome: 'accepted'; holderName: string; sslNames?: string[] };

/**
 * What became of the acceptance notice. Results recorded before refusals were returned carry no
 * `outcome` (`{ messageId, duplicate }`): the workflow reads a missing outcome as 'sent'.
 */
export type AcceptanceNoticeOutcome = { outcome?: 'sent'; messageId: string; duplicate: boolean } | { outcome: 'refused'; reason: string };

export interface IssuedCertificateView {
  profile: 'signing' | 'authentication' | 'ssl';
  serial: string;
  certPem: string;
  notBefore: string;
  notAfter: string;
}

function caOf(deps: ServiceActivityDeps): NationalCertificationAuthority {
  if (!deps.nca) throw ApplicationFailure.nonRetryable('the worker runs without the NCA (ServiceActivityDeps.nca)', 'NCA_UNAVAILABLE');
  return deps.nca;
}

export function createNcaActivities(deps: ServiceActivityDeps) {
  return {
    /** seed 002 ¶9–¶10: completeness, the state databases, under 16, the SSL names; the court finding is the staff's. */
    async ncaIntake(input: { package: NcaIssuePackage; submittedOn: string }): Promise<NcaIntakeResult> {
      const f = input.package.form;
      const iin = f.form === 'A2' || f.form === 'A6' ? f.employee.iin : f.iin;
      const bin = f.form === 'A2' || f.form === 'A6' || f.form === 'A5' ? f.bin : undefined;
      const [individual, entity] = await Promise.all([
        deps.stateDatabases.findIndividual(iin),
        bin ? deps.stateDatabases.findLegalEntity(bin) : Promise.resolve(null),
      ]);
      const r = await intake({ ...input.package, submittedOn: input.submittedOn }, { individual, entity });
      if (r.outcome !== 'accepted') return r;
      const holderName = individual ? `${individual.lastName} ${individual.firstName}`.toUpperCase() : iin;
      return { outcome: 'accepted', holderName, ...(r.sslNames ? { sslNames: r.sslNames } : {}) };
    },

    /** seed 002 ¶6: the registration certificates, one per key; `requestKey` + profile makes each call idempotent. */
    async issueNcaCertificates(input: {
      caseId: string;
      requestKey: string;
      holder: { name: string; iin: string; bin?: string };
      keys: Array<{ profile: 'signing' | 'authentication' | 'ssl'; key: string }>;
      dnsNames?: string[];
      notBefore: string;
    }): Promise<IssuedCertificateView[]> {
      const nca = caOf(deps);
      const out: IssuedCertificateView[] = [];
      for (const k of input.keys) {
        const publicKey = k.profile === 'ssl' ? (await readCsr(k.key)).publicKey : k.key;
        const c = await nca.issue({
          subject: { commonName: input.holder.name, iin: input.holder.iin, ...(input.holder.bin ? { bin: input.holder.bin } : {}) },
          publicKey,
          profile: k.profile,
          notBefore: new Date(input.notBefore),
          ...(k.profile === 'ssl' && input.dnsNames ? { dnsNames: input.dnsNames } : {}),
          requestKey: `${input.requestKey}:${k.profile}`,
          caseId: input.caseId,
        });
        out.push({
          profile: k.profile,
          serial: c.serial,
          certPem: c.certPem,
          notBefore: toKzIso(c.notBefore),
          notAfter: toKzIso(c.notAfter),
        });
      }
      return out;
    },

    /**
     * seed 002 ¶9: the e-mail notice of acceptance, composed by the workflow; the key makes a retry send
     * nothing new. A relay that cannot be reached (or answers "try later") fails the activity, which is
     * retried. A relay that refuses the notice for good (SMTP 5xx, HTTP 4xx: the address or the content)
     * would refuse every retry too: that is returned as data, so the case records it and goes on.
     */
    async sendNcaAcceptanceNotice(input: {
      idempotencyKey: string;
      applicationId: string;
      to: string;
      subject: string;
      body: string;
    }): Promise<AcceptanceNoticeOutcome> {
      try {
        const r = await deps.emailNotices.send({ ...input, kind: 'acceptance-notice' });
        return { outcome: 'sent', messageId: r.messageId, duplicate: r.duplicate };
      } catch (e) {
        if (e instanceof EmailRejectedError) return { outcome: 'refused', reason: e.message };
        throw e;
      }
    },

    /** seed 002 A7/A8: which of the serials are not the applicant's (A7: its IIN; A8: its organisation's BIN). */
    async ncaForeignSerials(input: { form: NcaRevokeApplication['form'] }): Promise<string[]> {
      const nca = caOf(deps);
      const foreign: string[] = [];
      for (const serial of input.form.serials) {
        const c = await nca.store.get(normalizeSerial(serial));
        const ours = c !== null && (input.form.form === 'A7' ? c.iin === input.form.iin : c.bin === input.form.bin);
        if (!ours) foreign.push(serial);
      }
      return foreign;
    },

    /** seed 002 ¶6(2): revokes each serial (status + audit row, then a new CRL); a retry is 'already-revoked'. */
    async revokeNcaCertificates(input: {
      caseId: string;
      requestKey: string;
      serials: string[];
      reason: NcaRevokeApplication['reason'];
      basis: 'application' | 'dismissal-order';
      actor: string;
      at: string;
    }): Promise<Array<{ serial: string; outcome: string }>> {
      const nca = caOf(deps);
      const out: Array<{ serial: string; outcome: string }> = [];
      for (const serial of input.serials) {
        const outcome = await nca.revoke({
          serial,
          reason: input.reason,
          actor: input.actor,
          // seed 002 §2.5: an A8 on the dismissal order needs no head's signature; the audit row says which.
          basis: input.basis,
          caseId: input.caseId,
          requestKey: `${input.requestKey}:${serial}`,
          at: new Date(input.at),
        });
        out.push({ serial, outcome });
      }
      return out;
    },
  };
}

export type NcaActivities = ReturnType<typeof createNcaActivities>;

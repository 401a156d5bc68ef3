/**
 * The fault suite's cases (scripts/fault-suite.ts): one walk through the HTTP API per service, as the
 * README's walk-throughs do it, written so that every step can be repeated after a fault (a fixed
 * Idempotency-Key per step, polls that ride out a restarting API). Each scenario ends where the case
 * finished, or where the law says it waits, and names the case ids whose ledgers the suite checks.
 *
 *   sme                 seed 000: submit → sign → registered with its BIN (finished)
 *   flag-emblem-fee     seed 003 ¶8–¶10: fee paid at the gateway → waits for staff's completeness check
 *   flag-emblem-license seed 003 ¶10–¶12, seed 004 ¶40: staff's stages, the approval chain → license in the
 *                       register (finished), then its duplicate in automatic mode (seed 004 ¶18-1, finished)
 *   flag-emblem-reissue seed 003 ¶12, seed 004 ¶21: a Flag/Emblem license entered in the register by CTRM staff
 *                       (an outside review's result, seed 004 ¶48-49), then its re-issue (the holder renamed):
 *                       fee 1 MRP paid → staff's stages → the re-issued license in the register, the old one
 *                       marked re-issued (finished; outside working hours: waits for registration)
 *   mne-counter         seed 001 ¶11–¶12: a licence at the State Corporation counter (S1, S3, S4, S5 in turn) →
 *                       provider's conclusion → approval chain → licence in the register → handed over (finished)
 *   mne-portal          seed 001 ¶8(1), ¶11(9)–(11): the S2 permit (portal only), then S5, S4, S3 in turn, from the
 *                       portal → conclusion → approval chain → in the register (finished)
 *   nca-counter         seed 002: certificates issued at the counter (one per key), then revoked at the
 *                       counter (A7) (both finished)
 *   nca-portal          seed 002 ¶3, ¶9: certificates issued at the provider's counter (STS staff hand the package
 *                       in), then a repeat application from the portal signed with that signing certificate (new
 *                       keys, new certificates), then a portal revocation (A7) of the first signing certificate,
 *                       signed with the new one (all finished)
 *   complaint           seed 003 ¶16: a complaint about a Flag/Emblem case, dismissed by the CTRM (finished;
 *                       filed outside working hours: waits for its registration the next working day)
 *
 * Staff stages need the working day (seed 003 ¶9: a case registers in working hours, staff act from then):
 * outside working hours the license and re-issue scenarios stop at the registration and count as waiting
 * where the law says (the next working day's 09:00). The MNE services register in e-licensing at once.
 *
 * A scenario kind with variants (the MNE services) takes the next one for each flow of that kind
 * (`ordinal`: the flow's number among that kind's flows), so FAULT_CASES spreads over them.
 */
import { generateKeyPairSync, randomUUID, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';
import { embeddedCalendar, localDateOf } from '../domain/calendar';
import { signXml } from '../adapters/signer/xmldsig';
import { firstCertificatePem } from '../pki/pem';
import { ANNEX1_REQUIREMENTS } from '../services/flag-emblem/license-rules';
import { MNE_PAPER_DOCUMENTS, MNE_SERVICES, type MneServiceCode } from '../services/mne-licensing/rules';
import { A1_FORM_EXAMPLE, ncaIssueCounter, ncaRevokeCounter } from '../services/nca/counter';
import { delay } from './process-group';

/** How long an action refused as "not at this stage" is asked again (Client.act). */
const NOT_NOW_RETRY_MS = 45_000;

export const SCENARIOS = [
  'sme',
  'flag-emblem-fee',
  'flag-emblem-license',
  'flag-emblem-reissue',
  'mne-counter',
  'mne-portal',
  'nca-counter',
  'nca-portal',
  'complaint',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

/**
 * The MNE services each MNE scenario takes in turn: at the counter the four with a State Corporation channel
 * (seed 001: S2 has none), from the portal S2 first (portal-only), then the commodity-exchange licences.
 * Any three flows of each kind (the 24 cases of `make fault-suite`) cover S1–S5.
 */
export const MNE_VARIANTS: Readonly<Record<'mne-counter' | 'mne-portal', readonly MneServiceCode[]>> = {
  'mne-counter': [
    'mne-import-export-license',
    'mne-commodity-dealer-license',
    'mne-commodity-broker-license',
    'mne-commodity-exchange-license',
  ],
  'mne-portal': [
    'mne-export-import-permit',
    'mne-commodity-exchange-license',
    'mne-commodity-broker-license',
    'mne-commodity-dealer-license',
  ],
};
export function mneVariant(kind: 'mne-counter' | 'mne-portal', ordinal: number): MneServiceCode {
  const list = MNE_VARIANTS[kind];
  return list[ordinal % list.length] ?? list[0] ?? 'mne-import-export-license';
}

/** What a scenario left behind: the cases it made and how each ended. */
export interface ScenarioCase {
  scenario: Scenario;
  applicationId: string;
  /** The service of this case (a scenario may make several). */
  service: string;
  state: 'finished' | 'waiting';
  /** Where it finished or waits, in the regulation's words. */
  where: string;
  /** Ledger expectations the suite checks (counts per case). */
  expect: {
    bankAccounts?: number;
    registrations?: number;
    paidInvoices?: number;
    registerEntries?: number;
    certificates?: number;
    revokedSerials?: string[];
    /** The register entry this case re-issued: marked re-issued, replaced by this case's entry, once. */
    reissuedAncn?: string;
    complaints?: number;
    /** seed 003 ¶15: a case whose outside system stayed down through its bounded retry ends failed, reported once. */
    technicalFailureReports?: number;
  };
}

/**
 * The case ended 'failed' (seed 003 ¶15: an adapter stayed down through its bounded retry; the case is reported
 * to the support desk and the applicant re-applies): where the law says it ends, not a loss.
 */
export class CaseEndedFailed extends Error {
  constructor(
    readonly applicationId: string,
    readonly service: string,
    readonly ancn: string,
  ) {
    super(`${applicationId} ended failed (seed 003 ¶15)`);
  }
}

export interface ScenarioContext {
  api: string;
  sims: string;
  /** The development credentials file the API wrote. */
  credentialsFile: string;
  fetch: typeof fetch;
  /** A unique prefix of this run's Idempotency-Keys. */
  run: string;
  stepTimeoutMs: number;
  /** Between two polls of a case (longer with hundreds of cases, so the polls do not crowd out the work). */
  pollMs?: number;
}

type Json = { [k: string]: unknown };
const Credentials = z.object({
  credentials: z.array(z.object({ role: z.string(), subject: z.string(), token: z.string(), licensorBody: z.string().optional() })),
});
const OpenApi = z.object({ components: z.object({ schemas: z.record(z.string(), z.object({ example: z.unknown().optional() })) }) });
const BodyContent = z.object({ example: z.unknown().optional(), schema: z.object({ example: z.unknown().optional() }).optional() });
const PathsDoc = z.object({
  paths: z.record(
    z.string(),
    z.object({ post: z.object({ requestBody: z.object({ content: z.record(z.string(), BodyContent) }).optional() }).optional() }),
  ),
});

/** Reads a nested field by dotted path ('ticket.visitId'). */
function at(o: unknown, p: string): unknown {
  return p.split('.').reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Json)[k] : undefined), o);
}

class Client {
  private creds: z.infer<typeof Credentials>['credentials'] | null = null;
  private examples: Record<string, unknown> | null = null;
  private doc: z.infer<typeof PathsDoc> | null = null;
  constructor(readonly c: ScenarioContext) {}

  token(pick: (c: { role: string; subject: string; licensorBody?: string }) => boolean, what: string): string {
    this.creds ??= Credentials.parse(JSON.parse(fs.readFileSync(this.c.credentialsFile, 'utf8'))).credentials;
    const t = this.creds.find(pick)?.token;
    if (!t) throw new Error(`no development credential for ${what}`);
    return t;
  }
  bySubject(subject: string): string {
    return this.token((c) => c.subject === subject, subject);
  }

  async example(schema: string): Promise<unknown> {
    if (!this.examples) {
      const doc = OpenApi.parse(await (await this.c.fetch(`${this.c.api}/openapi.json`)).json());
      this.examples = Object.fromEntries(Object.entries(doc.components.schemas).map(([k, v]) => [k, v.example]));
    }
    const e = this.examples[schema];
    if (e === undefined) throw new Error(`the OpenAPI document has no ${schema} example`);
    return structuredClone(e);
  }

  /** A request body's inline example (an operation whose schema has no component name). */
  async pathExample(path: string, method: 'post'): Promise<unknown> {
    this.doc ??= PathsDoc.parse(await (await this.c.fetch(`${this.c.api}/openapi.json`)).json());
    const content = this.doc.paths[path]?.[method]?.requestBody?.content['application/json'];
    const e = content?.example ?? content?.schema?.example;
    if (e === undefined) throw new Error(`the OpenAPI document has no request example for ${method.toUpperCase()} ${path}`);
    return structuredClone(e);
  }

  async get(path: string, token: string): Promise<{ status: number; body: Json; text: string }> {
    const res = await this.c.fetch(`${this.c.api}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    let body: Json = {};
    try {
      body = JSON.parse(text) as Json;
    } catch {
      // not JSON (a document)
    }
    return { status: res.status, body, text };
  }

  /**
   * POST with a fixed Idempotency-Key: the same step sent again after a fault is the same request. A 502/503/504
   * means "not now" (Temporal restarting, an Update aborted with its worker): a portal asks again, so do we,
   * until the step's time is up.
   */
  async post(path: string, token: string, key: string, body: unknown): Promise<{ status: number; body: Json }> {
    const deadline = Date.now() + this.c.stepTimeoutMs;
    for (;;) {
      const r = await this.postOnce(path, token, key, body);
      if (![502, 503, 504].includes(r.status) || Date.now() > deadline) return r;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  private async postOnce(path: string, token: string, key: string, body: unknown): Promise<{ status: number; body: Json }> {
    const res = await this.c.fetch(`${this.c.api}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `${this.c.run}-${key}` },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: Json = {};
    try {
      parsed = JSON.parse(text) as Json;
    } catch {
      parsed = { text };
    }
    return { status: res.status, body: parsed };
  }

  /** POST that must be accepted. */
  async must(path: string, token: string, key: string, body: unknown): Promise<Json> {
    const r = await this.post(path, token, key, body);
    if (r.status >= 300) throw new Error(`POST ${path}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`);
    return r.body;
  }

  /**
   * A staff or applicant action. A 409/422 after a fault may mean the first attempt went through and the case
   * moved on: the caller's next wait decides, so only other failures throw here.
   */
  async act(path: string, token: string, key: string, body: unknown): Promise<void> {
    const deadline = Date.now() + Math.min(NOT_NOW_RETRY_MS, this.c.stepTimeoutMs);
    for (;;) {
      const r = await this.post(path, token, key, body);
      if (r.status < 300) return;
      if (r.status !== 409 && r.status !== 422) throw new Error(`POST ${path}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`);
      // "Not at this stage" may also mean the case is a step behind what the caller saw: a view answered from
      // the read model, which a workflow task writes (local activities) before the task completes; when that
      // task is lost (a killed or stalled worker) the workflow catches up only with the retried task. Ask
      // again for a while, as a person would; an action that went through before stays refused and the
      // caller's next wait decides. (A success is stored under the key: a retry of one is answered 200.)
      if (r.body.code !== 'ACTION_NOT_ALLOWED_NOW' || Date.now() > deadline) return;
      await delay(1000);
    }
  }

  async waitFor<T>(what: string, path: string, token: string, probe: (b: Json) => T | undefined): Promise<T> {
    const deadline = Date.now() + this.c.stepTimeoutMs;
    let last = '';
    for (;;) {
      const r = await this.get(path, token);
      last = r.text.slice(0, 1200);
      if (r.status === 200) {
        // A complaint's view names it complaintId; it takes the same ¶15 steps.
        const failedId = r.body.applicationId ?? r.body.complaintId;
        if (r.body.outcome === 'failed' && typeof failedId === 'string')
          throw new CaseEndedFailed(
            failedId,
            typeof r.body.serviceCode === 'string' ? r.body.serviceCode : 'complaint',
            String(r.body.ancn),
          );
        const found = probe(r.body);
        if (found !== undefined && found !== false) return found;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (${path}): ${last}`);
      await delay(this.c.pollMs ?? 400);
    }
  }
}

/** The working day lasts long enough for the staff stages (an hour ahead). */
export function inWorkingHours(now = new Date()): boolean {
  return embeddedCalendar.isWithinWorkingHours(now) && embeddedCalendar.isWithinWorkingHours(new Date(now.getTime() + 60 * 60_000));
}

const stageIs = (s: string) => (b: Json) => (b.stage === s ? true : undefined);
const outcomeIs = (s: string) => (b: Json) => (b.outcome === s ? true : undefined);

async function flagEmblemSubmitAndPay(
  cl: Client,
  key: string,
  service: 'flag-emblem-license' | 'flag-emblem-license-reissue' = 'flag-emblem-license',
  body?: unknown,
): Promise<{ id: string; portal: string }> {
  const portal = cl.token((c) => c.role === 'portal', 'portal');
  const application = body ?? (await cl.example('FlagEmblemLicenseApplication'));
  const { applicationId } = z
    .object({ applicationId: z.string() })
    .parse(await cl.must(`/v1/services/${service}/applications`, portal, `${key}-submit`, application));
  const invoiceId = await cl.waitFor('the fee invoice', `/v1/applications/${applicationId}`, portal, (b) => {
    const v = at(b, 'details.fee.invoiceId');
    return typeof v === 'string' ? v : undefined;
  });
  const paid = await cl.c.fetch(`${cl.c.sims}/payment-gateway/pay/${encodeURIComponent(invoiceId)}`, { method: 'POST' });
  if (!paid.ok && paid.status !== 409) throw new Error(`pay ${invoiceId}: HTTP ${paid.status} ${await paid.text()}`);
  await cl.waitFor('the payment to reach the case', `/v1/applications/${applicationId}`, portal, (b) =>
    at(b, 'details.fee.status') === 'paid' && b.stage !== 'submitted' && b.stage !== 'registered' ? true : undefined,
  );
  return { id: applicationId, portal };
}

/**
 * seed 003 ¶10–¶12, seed 004 ¶40: the CTRM's stages of a license or its re-issue (the same procedure), through
 * the approval chain to the signed license; answers the license's ANCN once the read model has it.
 */
async function flagEmblemStaffStages(cl: Client, key: string, id: string, portal: string): Promise<string> {
  const staff = cl.bySubject('dev-staff-ctrm');
  const path = `/v1/applications/${id}`;
  await cl.waitFor('the completeness check', path, staff, stageIs('completeness-check'));
  await cl.act(`${path}/actions/completeness-check`, staff, `${key}-complete`, { complete: true, findings: [] });
  await cl.waitFor('the site inspection', path, staff, stageIs('site-inspection'));
  await cl.act(`${path}/actions/site-inspection`, staff, `${key}-inspection`, {
    inspector: { fullName: 'Nurlan Zhumabekov', position: 'Chief inspector', territorialUnit: 'CTRM department for Astana' },
    visitedOn: localDateOf(new Date()),
    findings: ANNEX1_REQUIREMENTS.map((requirement) => ({ requirement, conforms: true, note: '' })),
  });
  await cl.waitFor('the decision', path, staff, stageIs('decision'));
  await cl.act(`${path}/actions/final-decision`, staff, `${key}-decision`, { decision: 'issue' });
  for (const who of ['ctrm:licensing-head', 'ctrm:chairman'])
    await cl.act(`${path}/actions/draft-review`, cl.bySubject(who), `${key}-review-${who}`, {
      chain: 'final-decision',
      verdict: 'approve',
    });
  await cl.waitFor('the signed license', path, staff, outcomeIs('issued'));
  return cl.waitFor('the license in the read model', path, portal, (b) =>
    typeof b.resultDocumentAncn === 'string' ? b.resultDocumentAncn : undefined,
  );
}

async function sme(cl: Client, key: string): Promise<ScenarioCase[]> {
  const portal = cl.token((c) => c.role === 'portal', 'portal');
  const application = (await cl.example('SmeRegistrationApplication')) as { legalEntity: { name: string } };
  // The simulated registry refuses a name taken in this run: each case its own name.
  application.legalEntity.name = `${application.legalEntity.name} ${cl.c.run} ${key}`;
  const { applicationId: id } = z
    .object({ applicationId: z.string() })
    .parse(await cl.must('/v1/services/sme-registration/applications', portal, `${key}-submit`, application));
  const signers = await cl.waitFor('the signing stage', `/v1/applications/${id}`, portal, (b) => {
    const sign = (b.pendingActions as Array<{ action: string; who?: string[] }> | undefined)?.find((a) => a.action === 'sign');
    return sign ? (sign.who ?? []) : undefined;
  });
  for (const iin of signers)
    await cl.act(`/v1/applications/${id}/actions/sign`, portal, `${key}-sign-${iin}`, {
      signerIin: iin,
      biometricSessionId: `bio-${cl.c.run}-${key}-${iin}`,
    });
  await cl.waitFor('the registration', `/v1/applications/${id}`, portal, outcomeIs('issued'));
  return [
    {
      scenario: 'sme',
      applicationId: id,
      service: 'sme-registration',
      state: 'finished',
      where: 'registered (seed 000 ¶5.12)',
      expect: { bankAccounts: 1, registrations: 1 },
    },
  ];
}

async function flagEmblemFee(cl: Client, key: string): Promise<ScenarioCase[]> {
  const { id, portal } = await flagEmblemSubmitAndPay(cl, key);
  const stage = await cl.waitFor('the completeness check', `/v1/applications/${id}`, portal, (b) => b.stage);
  return [
    {
      scenario: 'flag-emblem-fee',
      applicationId: id,
      service: 'flag-emblem-license',
      state: stage === 'completeness-check' ? 'waiting' : 'finished',
      where: `fee paid, ${String(stage)}: staff's completeness check (seed 003 ¶10)`,
      expect: { paidInvoices: 1 },
    },
  ];
}

async function flagEmblemLicense(cl: Client, key: string): Promise<ScenarioCase[]> {
  const { id, portal } = await flagEmblemSubmitAndPay(cl, key);
  const fee: ScenarioCase = {
    scenario: 'flag-emblem-license',
    applicationId: id,
    service: 'flag-emblem-license',
    state: 'waiting',
    where: "fee paid; registered the next working day, then staff's completeness check (seed 003 ¶9–¶10)",
    expect: { paidInvoices: 1 },
  };
  if (!inWorkingHours()) return [fee];
  const licenseAncn = await flagEmblemStaffStages(cl, key, id, portal);
  const licence: ScenarioCase = {
    ...fee,
    state: 'finished',
    where: 'license signed by the chairman and entered in the register (seed 004 ¶40)',
    expect: { paidInvoices: 1, registerEntries: 1 },
  };
  // Its duplicate, decided by the system (seed 004 ¶18-1).
  const applicant = (at(await cl.example('FlagEmblemLicenseApplication'), 'applicant') as Json).iinOrBin;
  const { applicationId: dup } = z.object({ applicationId: z.string() }).parse(
    await cl.must('/v1/services/flag-emblem-license-duplicate/applications', portal, `${key}-duplicate`, {
      applicant: { kind: 'legal-entity', iinOrBin: applicant },
      licenseAncn,
      reason: 'lost',
    }),
  );
  const outcome = await cl.waitFor('the duplicate', `/v1/applications/${dup}`, portal, (b) =>
    b.outcome !== 'open' && typeof b.outcome === 'string' ? b.outcome : undefined,
  );
  if (outcome !== 'issued') throw new Error(`the duplicate of ${licenseAncn} ended ${outcome}`);
  return [
    licence,
    {
      scenario: 'flag-emblem-license',
      applicationId: dup,
      service: 'flag-emblem-license-duplicate',
      state: 'finished',
      where: 'duplicate issued by the system (seed 004 ¶18-1)',
      expect: {},
    },
  ];
}

/**
 * seed 003 ¶12 (re-issue), seed 004 ¶21: the license to re-issue is first entered in the register by CTRM staff
 * (the documented POST /v1/register/permits example: an outside review's result, seed 004 ¶48-49), held by the
 * re-issue example's applicant under the name on that license; the legal-entities database records another
 * name, so the documented re-issue example (reason holder-renamed) is sent as is, with this license's ANCN.
 */
async function flagEmblemReissue(cl: Client, key: string): Promise<ScenarioCase[]> {
  const staff = cl.bySubject('dev-staff-ctrm');
  const reissue = (await cl.example('FlagEmblemLicenseReissueApplication')) as { applicant: { iinOrBin: string }; reissue: Json };
  const permit = (await cl.pathExample('/v1/register/permits', 'post')) as { holder: { ref: string } };
  permit.holder.ref = reissue.applicant.iinOrBin;
  const entered = await cl.must('/v1/register/permits', staff, `${key}-permit`, permit);
  const previous = at(entered, 'entry.ancn');
  if (typeof previous !== 'string') throw new Error(`the register answered no ANCN: ${JSON.stringify(entered).slice(0, 300)}`);
  reissue.reissue = { ...reissue.reissue, previousPermitAncn: previous };
  const { id, portal } = await flagEmblemSubmitAndPay(cl, key, 'flag-emblem-license-reissue', reissue);
  const fee: ScenarioCase = {
    scenario: 'flag-emblem-reissue',
    applicationId: id,
    service: 'flag-emblem-license-reissue',
    state: 'waiting',
    where: "re-issue fee paid; registered the next working day, then staff's completeness check (seed 003 ¶9–¶10)",
    expect: { paidInvoices: 1 },
  };
  if (!inWorkingHours()) return [fee];
  await flagEmblemStaffStages(cl, key, id, portal);
  return [
    {
      ...fee,
      state: 'finished',
      where: `re-issued license in the register, ${previous} marked re-issued (seed 003 ¶12, seed 004 ¶40)`,
      expect: { paidInvoices: 1, registerEntries: 1, reissuedAncn: previous },
    },
  ];
}

const BRANCH = 'astana-yesil';

/** A ticket, called by the branch's operator (FIFO: whichever visit is next is this flow's visit). */
async function counterVisit(cl: Client, key: string, op: string): Promise<string> {
  await cl.must(`/v1/counter/branches/${BRANCH}/tickets`, op, `${key}-ticket`, {});
  // Bounded like every other wait: a queue that stays empty (every ticket called by other flows) ends this
  // flow with a reported problem instead of holding the whole suite.
  const deadline = Date.now() + cl.c.stepTimeoutMs;
  for (let i = 0; ; i += 1) {
    const called = await cl.must(`/v1/counter/branches/${BRANCH}/call-next`, op, `${key}-call-${i}`, {});
    const visitId = at(called, 'ticket.visitId');
    if (typeof visitId === 'string') return visitId;
    if (Date.now() > deadline) throw new Error(`timed out calling a ticket at ${BRANCH}: nobody left waiting`);
    // Another flow's operator call took the ticket first and its own ticket is not in yet: call again.
    await delay(300);
  }
}

async function counterSign(cl: Client, key: string, op: string, visit: string, paper: string[]): Promise<{ app: string; receipt: string }> {
  await cl.waitFor('both look-ups', `/v1/counter/visits/${visit}`, op, stageIs('documents'));
  const scan = await cl.must('/v1/counter/scans', op, `${key}-scan`, {
    fileName: 'scan.pdf',
    mediaType: 'application/pdf',
    contentBase64: Buffer.from(`%PDF-1.4 fault suite ${visit}`).toString('base64'),
  });
  await cl.act(`/v1/counter/visits/${visit}/sign`, op, `${key}-sign`, { paperDocuments: paper, scans: [scan] });
  return cl.waitFor('the forwarding and the receipt', `/v1/counter/visits/${visit}`, op, (b) => {
    const app = at(b, 'forwarded.applicationId');
    const receipt = at(b, 'receipt.ancn');
    return typeof app === 'string' && typeof receipt === 'string' ? { app, receipt } : undefined;
  });
}

async function handOver(cl: Client, key: string, op: string, app: string, receipt: string): Promise<void> {
  await cl.act(`/v1/counter/hand-overs/${app}/receipt-presented`, op, `${key}-presented`, { receiptAncn: receipt });
  await cl.act(`/v1/counter/hand-overs/${app}/hand-over`, op, `${key}-handed`, { receivedBy: 'the applicant in person' });
}

/** seed 001 ¶11(9)–(11): the provider's conclusion, then the service's approval chain to the signed licence. */
async function mneProviderStages(cl: Client, key: string, code: MneServiceCode, app: string): Promise<void> {
  const staff = cl.bySubject('dev-staff-mne-trade');
  const path = `/v1/applications/${app}`;
  await cl.waitFor("the provider's review", path, staff, stageIs('provider-review'));
  await cl.act(`${path}/actions/record-conclusion`, staff, `${key}-conclusion`, {
    eligible: true,
    findings: [],
    conclusion: 'The applicant is eligible (Annex 3).',
  });
  await cl.waitFor('the approval chain', path, staff, stageIs('approval'));
  for (const { subject } of MNE_SERVICES[code].approvalChain.value)
    await cl.act(`${path}/actions/draft-review`, cl.bySubject(subject), `${key}-review-${subject}`, {
      chain: 'licence',
      verdict: 'approve',
    });
}

async function mneCounter(cl: Client, key: string, code: MneServiceCode): Promise<ScenarioCase[]> {
  const op = cl.bySubject('dev-operator-astana-yesil');
  const rules = MNE_SERVICES[code];
  const visit = await counterVisit(cl, key, op);
  // The documented example, as sent by the OpenAPI examples test (counter/routes.ts CounterEnterApplication, S1);
  // another service: its code, and the form part from that service's own documented application example.
  const entry = (await cl.example('CounterEnterApplication')) as { serviceCode: string; form: Json };
  if (entry.serviceCode !== code) {
    const own = (await cl.example(`MneApplication_${rules.seedId}`)) as Json;
    entry.serviceCode = code;
    entry.form = rules.family === 'goods' ? { goods: own.goods } : { activity: own.activity };
  }
  await cl.act(`/v1/counter/visits/${visit}/application`, op, `${key}-application`, entry);
  const paper = MNE_PAPER_DOCUMENTS[rules.family].map((d) => d.code);
  const { app, receipt } = await counterSign(cl, key, op, visit, paper);
  await mneProviderStages(cl, key, code, app);
  const staff = cl.bySubject('dev-staff-mne-trade');
  await cl.waitFor('the licence, waiting for the applicant at the branch', `/v1/applications/${app}`, staff, (b) =>
    b.outcome === 'issued' && JSON.stringify(b.details ?? {}).includes('awaiting-applicant') ? true : undefined,
  );
  await handOver(cl, key, op, app, receipt);
  return [
    {
      scenario: 'mne-counter',
      applicationId: app,
      service: code,
      state: 'finished',
      where: `${rules.seedId} ${rules.result} signed, in the register, handed over at the branch (seed 001 ¶11–¶12)`,
      expect: { registerEntries: 1 },
    },
  ];
}

/** seed 001 ¶8(1): from the portal, the service's documented application example as sent. */
async function mnePortal(cl: Client, key: string, code: MneServiceCode): Promise<ScenarioCase[]> {
  const portal = cl.token((c) => c.role === 'portal', 'portal');
  const rules = MNE_SERVICES[code];
  const { applicationId: app } = z
    .object({ applicationId: z.string() })
    .parse(await cl.must(`/v1/services/${code}/applications`, portal, `${key}-submit`, await cl.example(`MneApplication_${rules.seedId}`)));
  await mneProviderStages(cl, key, code, app);
  await cl.waitFor(`the ${rules.result}`, `/v1/applications/${app}`, portal, outcomeIs('issued'));
  return [
    {
      scenario: 'mne-portal',
      applicationId: app,
      service: code,
      state: 'finished',
      where: `${rules.seedId} ${rules.result} signed by the authorized person and entered in the register (seed 001 ¶11(11))`,
      expect: { registerEntries: 1 },
    },
  ];
}

const IIN = A1_FORM_EXAMPLE.iin;
/** A key pair of the applicant's (only the public key is sent; the private key signs the portal requests). */
function keyPair(): { publicKeyPem: string; privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** The A1 form of the documented counter example (A1_FORM_EXAMPLE) over fresh keys, applied today. */
function a1Form(signing: { publicKeyPem: string }, authentication: { publicKeyPem: string }): Json {
  return {
    ...A1_FORM_EXAMPLE,
    signaturePublicKey: signing.publicKeyPem,
    authenticationPublicKey: authentication.publicKeyPem,
    appliedOn: localDateOf(new Date()),
  };
}

/** The A7 form of the documented counter revocation example, for these serials, applied today. */
function a7Form(serials: string[]): Json {
  return { ...ncaRevokeCounter().formExample.form, serials, appliedOn: localDateOf(new Date()) };
}

/** seed 002 ¶6(1): the provider's check, the certificates; answers the signing certificate (the result's first). */
async function ncaCheckAndCertificate(cl: Client, key: string, app: string, sts: string): Promise<X509Certificate> {
  const path = `/v1/applications/${app}`;
  await cl.waitFor("the provider's check", path, sts, stageIs('provider-check'));
  await cl.act(`${path}/actions/record-nca-check`, sts, `${key}-check`, {});
  await cl.waitFor('the certificates', path, sts, outcomeIs('issued'));
  const doc = await cl.waitFor('the result document in the read model', path, sts, (b) =>
    typeof b.resultDocumentAncn === 'string' ? b.resultDocumentAncn : undefined,
  );
  const pem = firstCertificatePem((await cl.get(`${path}/documents/${doc}`, sts)).text);
  if (!pem) throw new Error(`no certificate in the result ${doc} of ${app}`);
  return new X509Certificate(pem);
}

/** Certificates issued at the State Corporation counter (form A1 over the applicant's keys) and handed over. */
async function ncaIssueAtCounter(
  cl: Client,
  key: string,
  op: string,
  sts: string,
): Promise<{ app: string; signing: X509Certificate; signingKey: string }> {
  const signing = keyPair();
  const visit = await counterVisit(cl, `${key}-issue`, op);
  // The documented counter example of the issue (services/nca/counter.ts formExample), over this flow's keys.
  const example = ncaIssueCounter().formExample;
  await cl.act(`/v1/counter/visits/${visit}/application`, op, `${key}-issue-application`, {
    serviceCode: 'nca-certificate-issue',
    applicant: { kind: 'individual', iin: IIN, name: 'Сейітов Нұрлан' },
    form: { ...example, form: a1Form(signing, keyPair()) },
  });
  const { app, receipt } = await counterSign(cl, `${key}-issue`, op, visit, ['application-form', 'identity-document']);
  const cert = await ncaCheckAndCertificate(cl, key, app, sts);
  await handOver(cl, `${key}-issue`, op, app, receipt);
  return { app, signing: cert, signingKey: signing.privateKeyPem };
}

async function ncaCounter(cl: Client, key: string): Promise<ScenarioCase[]> {
  const op = cl.bySubject('dev-operator-astana-yesil');
  const sts = cl.token((c) => c.licensorBody === 'sts', 'the State Technical Service');
  const { app, signing } = await ncaIssueAtCounter(cl, key, op, sts);
  const serial = signing.serialNumber;

  // Revoke the signing certificate at the counter (A7, keyCompromise; seed 002 ¶6(2)).
  const visit2 = await counterVisit(cl, `${key}-revoke`, op);
  await cl.act(`/v1/counter/visits/${visit2}/application`, op, `${key}-revoke-application`, {
    serviceCode: 'nca-certificate-revoke',
    applicant: { kind: 'individual', iin: IIN, name: 'Сейітов Нұрлан' },
    form: { reason: 'keyCompromise', form: a7Form([serial]) },
  });
  const revoke = await counterSign(cl, `${key}-revoke`, op, visit2, ['application-form', 'identity-document']);
  await cl.waitFor('the revocation', `/v1/applications/${revoke.app}`, sts, outcomeIs('issued'));
  return [
    {
      scenario: 'nca-counter',
      applicationId: app,
      service: 'nca-certificate-issue',
      state: 'finished',
      where: 'certificates issued and handed over (seed 002 ¶6(1))',
      expect: { certificates: 2 },
    },
    {
      scenario: 'nca-counter',
      applicationId: revoke.app,
      service: 'nca-certificate-revoke',
      state: 'finished',
      where: 'certificate revoked, a new CRL (seed 002 ¶6(2))',
      expect: { revokedSerials: [serial.toLowerCase()] },
    },
  ];
}

/** seed 002 ¶3: the package handed in at the provider's own counter (its staff submit it), checked, certified. */
async function ncaIssueAtProvider(
  cl: Client,
  key: string,
  sts: string,
): Promise<{ app: string; signing: X509Certificate; signingKey: string }> {
  const signing = keyPair();
  const { applicationId: app } = z.object({ applicationId: z.string() }).parse(
    await cl.must('/v1/services/nca-certificate-issue/applications', sts, `${key}-provider`, {
      package: {
        category: ncaIssueCounter().formExample.category,
        form: a1Form(signing, keyPair()),
        handedIn: ['application-form', 'identity-document'],
        representative: false,
        consentToProtectedData: true,
      },
    }),
  );
  return { app, signing: await ncaCheckAndCertificate(cl, `${key}-provider`, app, sts), signingKey: signing.privateKeyPem };
}

/**
 * seed 002 ¶9 from the portal: a repeat application and a revocation request, each an XML document signed
 * (XMLDSig) with the applicant's currently valid NCA signing certificate. The repeat is signed with the
 * certificate first issued at the provider's counter; the revocation of that certificate with the repeat's new one,
 * so a retried request still carries a valid signature.
 */
async function ncaPortal(cl: Client, key: string): Promise<ScenarioCase[]> {
  const sts = cl.token((c) => c.licensorBody === 'sts', 'the State Technical Service');
  const portal = cl.token((c) => c.role === 'portal', 'portal');
  const first = await ncaIssueAtProvider(cl, key, sts);
  const signed = (xml: string, by: { signing: X509Certificate; signingKey: string }): string =>
    signXml(xml, { keyPem: by.signingKey, certPem: by.signing.toString() });

  // The repeat application (category 1, form A1 over new keys), signed once: every retry sends the same body.
  const signing2 = keyPair();
  const now = new Date().toISOString();
  const { applicationId: repeat } = z.object({ applicationId: z.string() }).parse(
    await cl.must('/v1/services/nca-certificate-issue/applications', portal, `${key}-repeat`, {
      package: {
        category: ncaIssueCounter().formExample.category,
        form: a1Form(signing2, keyPair()),
        handedIn: ['application-form', 'identity-document'],
        representative: false,
        consentToProtectedData: true,
      },
      signedRequest: signed(`<RepeatApplication><Iin>${IIN}</Iin><IssuedAt>${now}</IssuedAt></RepeatApplication>`, first),
    }),
  );
  const second = { signing: await ncaCheckAndCertificate(cl, `${key}-repeat`, repeat, sts), signingKey: signing2.privateKeyPem };

  // The revocation request (A7, superseded) of the first signing certificate, signed with the second.
  const serial = first.signing.serialNumber;
  const { applicationId: revoke } = z.object({ applicationId: z.string() }).parse(
    await cl.must('/v1/services/nca-certificate-revoke/applications', portal, `${key}-revoke`, {
      form: a7Form([serial]),
      reason: 'superseded',
      signedRequest: signed(
        `<RevocationRequest><Iin>${IIN}</Iin><Serial>${serial}</Serial><IssuedAt>${now}</IssuedAt></RevocationRequest>`,
        second,
      ),
    }),
  );
  await cl.waitFor('the revocation', `/v1/applications/${revoke}`, sts, outcomeIs('issued'));
  return [
    {
      scenario: 'nca-portal',
      applicationId: first.app,
      service: 'nca-certificate-issue',
      state: 'finished',
      where: "certificates issued on the package handed in at the provider's counter (seed 002 ¶3, ¶6(1))",
      expect: { certificates: 2 },
    },
    {
      scenario: 'nca-portal',
      applicationId: repeat,
      service: 'nca-certificate-issue',
      state: 'finished',
      where: 'repeat application signed with a valid certificate (seed 002 ¶9): certificates issued',
      expect: { certificates: 2 },
    },
    {
      scenario: 'nca-portal',
      applicationId: revoke,
      service: 'nca-certificate-revoke',
      state: 'finished',
      where: 'signed portal revocation request: certificate revoked, a new CRL (seed 002 ¶6(2), ¶9)',
      expect: { revokedSerials: [serial.toLowerCase()] },
    },
  ];
}

async function complaint(cl: Client, key: string): Promise<ScenarioCase[]> {
  const { id, portal } = await flagEmblemSubmitAndPay(cl, key);
  const staff = cl.bySubject('dev-staff-ctrm');
  const applicant = (at(await cl.example('FlagEmblemLicenseApplication'), 'applicant') as Json).iinOrBin;
  const filed = await cl.must('/v1/complaints', portal, `${key}-complaint`, {
    applicationId: id,
    complainant: { iinOrBin: applicant },
    addressee: 'provider',
    learnedOn: localDateOf(new Date()),
    subject: 'inaction',
    demands: 'Check the completeness of the documents without delay.',
  });
  const c = String(filed.complaintId);
  const theCase: ScenarioCase = {
    scenario: 'complaint',
    applicationId: id,
    service: 'flag-emblem-license',
    state: 'waiting',
    where: "fee paid, staff's completeness check (seed 003 ¶10)",
    expect: { paidInvoices: 1, complaints: 1 },
  };
  // Filed outside working hours, the complaint registers at the next working day's start and the CTRM acts
  // from then: it waits where the law says.
  const registeredAt = await cl.waitFor('the complaint', `/v1/complaints/${c}`, staff, (b) =>
    typeof b.registeredAt === 'string' ? Date.parse(b.registeredAt) : undefined,
  );
  if (registeredAt > Date.now() + 60_000)
    return [
      theCase,
      {
        scenario: 'complaint',
        applicationId: c,
        service: 'complaint',
        state: 'waiting',
        where: `complaint received, registered at ${new Date(registeredAt).toISOString()} (the next working day), then the CTRM's decision (seed 003 ¶16)`,
        expect: {},
      },
    ];
  await cl.waitFor('the complaint in the inbox', `/v1/complaints/${c}`, staff, (b) =>
    JSON.stringify(b.pendingActions ?? []).includes('complaint-decision') ? true : undefined,
  );
  await cl.act(`/v1/complaints/${c}/actions/complaint-decision`, staff, `${key}-complaint-decision`, {
    decision: 'dismissed',
    reasoning: 'The completeness check is within its one working day (seed 003 ¶10).',
  });
  await cl.waitFor('the decision on the complaint', `/v1/complaints/${c}`, portal, (b) => (b.outcome !== 'open' ? true : undefined));
  return [
    theCase,
    {
      scenario: 'complaint',
      applicationId: c,
      service: 'complaint',
      state: 'finished',
      where: 'complaint dismissed (seed 003 ¶16)',
      expect: {},
    },
  ];
}

/** One flow of a scenario; `ordinal` (this flow's number among the flows of its kind) picks its variant. */
export async function runScenario(kind: Scenario, ctx: ScenarioContext, key: string, ordinal = 0): Promise<ScenarioCase[]> {
  try {
    return await runScenarioSteps(kind, ctx, key, ordinal);
  } catch (e) {
    if (!(e instanceof CaseEndedFailed)) throw e;
    return [
      {
        scenario: kind,
        applicationId: e.applicationId,
        service: e.service,
        state: 'finished',
        where: `ended failed, technical failure reported to the support desk (seed 003 ¶15); ${e.ancn}`,
        expect: { technicalFailureReports: 1 },
      },
    ];
  }
}

async function runScenarioSteps(kind: Scenario, ctx: ScenarioContext, key: string, ordinal: number): Promise<ScenarioCase[]> {
  const cl = new Client(ctx);
  switch (kind) {
    case 'sme':
      return sme(cl, key);
    case 'flag-emblem-fee':
      return flagEmblemFee(cl, key);
    case 'flag-emblem-license':
      return flagEmblemLicense(cl, key);
    case 'flag-emblem-reissue':
      return flagEmblemReissue(cl, key);
    case 'mne-counter':
      return mneCounter(cl, key, mneVariant(kind, ordinal));
    case 'mne-portal':
      return mnePortal(cl, key, mneVariant(kind, ordinal));
    case 'nca-counter':
      return ncaCounter(cl, key);
    case 'nca-portal':
      return ncaPortal(cl, key);
    case 'complaint':
      return complaint(cl, key);
  }
}

export const newRunId = (): string => `fs${Date.now().toString(36)}${randomUUID().slice(0, 4)}`;

/**
 * The README's SME walk-through as a program (`make walkthrough`, against a running `make start`):
 * submit the OpenAPI example as the portal, see the fee at the zero rate (nothing to pay), sign as the
 * applicant and every founder through Digital ID, and download the signed notification of state
 * registration with its BIN (seed 000 ¶5.9–¶5.12). The start test runs it against the real stack.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { loadConfig } from '../config';

export interface WalkthroughOptions {
  apiUrl: string;
  simulatorsUrl: string;
  credentialsFile: string;
  log?: (line: string) => void;
  /** How long to wait for the case to move on, per step. */
  stepTimeoutMs?: number;
  /** The HTTP client (the fault suite passes one that retries while the API restarts). */
  fetch?: typeof fetch;
}

export interface WalkthroughResult {
  applicationId: string;
  applicationAncn: string;
  outcome: string;
  slaState: string;
  documentAncn: string;
  bin: string;
  signedXml: string;
}

const Credentials = z.object({ credentials: z.array(z.object({ role: z.string(), token: z.string() })) });
const Submitted = z.object({ applicationId: z.string(), ancn: z.string(), dueAt: z.string() });
const Status = z.object({
  stage: z.string(),
  outcome: z.string(),
  slaState: z.string(),
  pendingActions: z.array(z.object({ action: z.string(), who: z.array(z.string()).optional() })),
  documents: z.array(z.object({ ancn: z.string(), kind: z.string() })),
  details: z.record(z.string(), z.unknown()),
});
const OpenApi = z.object({ components: z.object({ schemas: z.record(z.string(), z.object({ example: z.unknown().optional() })) }) });

export async function smeWalkthrough(opts: WalkthroughOptions): Promise<WalkthroughResult> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const stepTimeoutMs = opts.stepTimeoutMs ?? 30_000;
  const creds = Credentials.parse(JSON.parse(fs.readFileSync(opts.credentialsFile, 'utf8')));
  const portal = creds.credentials.find((c) => c.role === 'portal')?.token;
  if (!portal) throw new Error(`no portal credential in ${opts.credentialsFile}`);

  const call = async (method: string, url: string, body?: unknown, idempotencyKey?: string): Promise<{ status: number; text: string }> => {
    const res = await (opts.fetch ?? fetch)(url, {
      method,
      headers: {
        authorization: `Bearer ${portal}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, text: await res.text() };
  };
  const expectOk = (step: string, r: { status: number; text: string }): string => {
    if (r.status >= 300) throw new Error(`${step}: HTTP ${r.status} ${r.text}`);
    return r.text;
  };
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

  const openapi = OpenApi.parse(JSON.parse(expectOk('GET /openapi.json', await call('GET', `${opts.apiUrl}/openapi.json`))));
  const example = openapi.components.schemas.SmeRegistrationApplication?.example;
  if (!example) throw new Error('the OpenAPI document has no SmeRegistrationApplication example');
  // The simulated registry refuses a name already registered in this run: make the example's name unique.
  const application = structuredClone(example) as { legalEntity: { name: string } };
  application.legalEntity.name = `${application.legalEntity.name} ${run}`;

  const submitted = Submitted.parse(
    JSON.parse(
      expectOk('submit', await call('POST', `${opts.apiUrl}/v1/services/sme-registration/applications`, application, `walkthrough-${run}`)),
    ),
  );
  log(`1. submitted ${submitted.applicationId} (ANCN ${submitted.ancn}), due ${submitted.dueAt} (seed 000 ¶4: one hour)`);

  const status = async (): Promise<z.infer<typeof Status>> =>
    Status.parse(JSON.parse(expectOk('status', await call('GET', `${opts.apiUrl}/v1/applications/${submitted.applicationId}`))));
  const waitFor = async (what: string, done: (s: z.infer<typeof Status>) => boolean): Promise<z.infer<typeof Status>> => {
    const deadline = Date.now() + stepTimeoutMs;
    for (;;) {
      const s = await status();
      if (done(s)) return s;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}; case is at ${s.stage} (${s.outcome}): ${JSON.stringify(s.details)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  const atSigning = await waitFor('the signing stage', (s) => s.pendingActions.some((a) => a.action === 'sign'));
  const fee = atSigning.details.payment as { status?: string; amountTenge?: number; source?: string } | undefined;
  if (fee?.status !== 'not-charged' || fee.amountTenge !== 0)
    throw new Error(`expected the state-registration fee at the zero rate, got ${JSON.stringify(fee)}`);
  log(`2. state-registration fee: ${fee.amountTenge} ₸, nothing to pay (${fee.source ?? 'zero rate'})`);
  const signers = atSigning.pendingActions.find((a) => a.action === 'sign')?.who ?? [];
  for (const iin of signers) {
    expectOk(
      `sign as ${iin}`,
      await call(
        'POST',
        `${opts.apiUrl}/v1/applications/${submitted.applicationId}/actions/sign`,
        { signerIin: iin, biometricSessionId: `bio-${run}-${iin}` },
        `sign-${run}-${iin}`,
      ),
    );
    log(`3. signed through Digital ID as ${iin}`);
  }

  const closed = await waitFor('the registration', (s) => s.outcome !== 'open');
  const doc = closed.documents.find((d) => d.kind === 'registration-notification');
  if (closed.outcome !== 'issued' || !doc)
    throw new Error(`the case ended ${closed.outcome} without a registration notification: ${JSON.stringify(closed.details)}`);
  const signedXml = expectOk(
    'document',
    await call('GET', `${opts.apiUrl}/v1/applications/${submitted.applicationId}/documents/${doc.ancn}`),
  );
  const bin = /<bin>(\d{12})<\/bin>/.exec(signedXml)?.[1];
  if (!bin) throw new Error('the registration notification carries no BIN');
  log(`4. registered: BIN ${bin}; notification ${doc.ancn} (${closed.slaState} the one-hour term)`);
  return {
    applicationId: submitted.applicationId,
    applicationAncn: submitted.ancn,
    outcome: closed.outcome,
    slaState: closed.slaState,
    documentAncn: doc.ancn,
    bin,
    signedXml,
  };
}

export interface FeeWalkthroughResult {
  applicationId: string;
  invoiceId: string;
  stage: string;
}

const FlagEmblemStatus = z.object({
  stage: z.string(),
  outcome: z.string(),
  details: z.object({ fee: z.object({ invoiceId: z.string().optional(), status: z.string().optional() }).optional() }).loose(),
});

/**
 * The Flag/Emblem license's first stretch (seed 003 ¶8–¶10): submit the OpenAPI example as the portal,
 * pay the fee's invoice on the simulated gateway's pay page, and see the gateway's callback move the
 * case to the completeness check. The restart and fault tests use it: it crosses the payment callback.
 */
export async function flagEmblemFeeWalkthrough(opts: WalkthroughOptions & { key?: string }): Promise<FeeWalkthroughResult> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const stepTimeoutMs = opts.stepTimeoutMs ?? 30_000;
  const creds = Credentials.parse(JSON.parse(fs.readFileSync(opts.credentialsFile, 'utf8')));
  const portal = creds.credentials.find((c) => c.role === 'portal')?.token;
  if (!portal) throw new Error(`no portal credential in ${opts.credentialsFile}`);
  const headers = { authorization: `Bearer ${portal}`, 'content-type': 'application/json' };
  const key = opts.key ?? `fee-walkthrough-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

  const http = opts.fetch ?? fetch;
  const openapi = OpenApi.parse(await (await http(`${opts.apiUrl}/openapi.json`)).json());
  const example = openapi.components.schemas.FlagEmblemLicenseApplication?.example;
  if (!example) throw new Error('the OpenAPI document has no FlagEmblemLicenseApplication example');
  const res = await http(`${opts.apiUrl}/v1/services/flag-emblem-license/applications`, {
    method: 'POST',
    headers: { ...headers, 'idempotency-key': key },
    body: JSON.stringify(example),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`submit: HTTP ${res.status} ${text}`);
  const { applicationId } = z.object({ applicationId: z.string() }).parse(JSON.parse(text));
  log(`1. submitted ${applicationId}`);

  const waitFor = async <T>(what: string, probe: (s: z.infer<typeof FlagEmblemStatus>) => T | undefined): Promise<T> => {
    const deadline = Date.now() + stepTimeoutMs;
    for (;;) {
      const r = await http(`${opts.apiUrl}/v1/applications/${applicationId}`, { headers });
      const body = await r.text();
      if (r.ok) {
        const s = FlagEmblemStatus.parse(JSON.parse(body));
        const found = probe(s);
        if (found !== undefined) return found;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; case ${applicationId} is at ${s.stage} (${s.outcome})`);
      } else if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: HTTP ${r.status} ${body}`);
      await new Promise((r2) => setTimeout(r2, 250));
    }
  };
  const invoiceId = await waitFor('the fee invoice', (s) => s.details.fee?.invoiceId);
  log(`2. fee invoice ${invoiceId}`);
  const paid = await http(`${opts.simulatorsUrl}/payment-gateway/pay/${encodeURIComponent(invoiceId)}`, { method: 'POST' });
  if (!paid.ok) throw new Error(`pay ${invoiceId}: HTTP ${paid.status} ${await paid.text()}`);
  // Paid, the case moves on to the completeness check (seed 003 ¶10), where it waits for staff.
  const stage = await waitFor('the payment to reach the case', (s) =>
    s.details.fee?.status === 'paid' && s.stage !== 'submitted' && s.stage !== 'registered' ? s.stage : undefined,
  );
  log(`3. paid ${invoiceId}; the case is at ${stage}`);
  return { applicationId, invoiceId, stage };
}

if (require.main === module) {
  const config = loadConfig();
  smeWalkthrough({
    apiUrl: config.api.publicBaseUrl,
    simulatorsUrl: config.adapters.simulatorsUrl,
    credentialsFile: config.api.devCredentialsFile,
  }).then(
    (r) => {
      const file = `${config.dataDir}/${r.documentAncn}.xml`;
      fs.writeFileSync(file, r.signedXml);
      process.stdout.write(
        `5. saved ${file}; verify it independently:\n   xmlsec1 --verify --trusted-pem ${config.adapters.signingKeysDir}/root.pem ${file}\n`,
      );
    },
    (e: unknown) => {
      process.stderr.write(`walk-through failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}

/**
 * Issue 16 item 6 on the real stack: after the SME walk-through (founders, head, the registered BIN) and
 * a Flag/Emblem case through its fee (the applicant's BIN, its head's IIN), nothing that looks like an
 * IIN or BIN — 12 digits with a valid check digit — appears in what operators see without a case
 * open in front of them: the logs of every process (API, worker, simulators, Temporal), the cases'
 * search attributes in Temporal's visibility list, and /metrics.
 */
import { Connection, WorkflowClient } from '@temporalio/client';
import path from 'node:path';
import { flagEmblemFeeWalkthrough, smeWalkthrough } from '../../scripts/walkthrough';
import { exampleOf } from '../../api/openapi';
import { identificationCheckDigit } from '../../domain/identification-number';
import { flagEmblemLicenseModule } from '../../services/flag-emblem/license-api';
import { findIdentificationNumbers, type Finding } from '../helpers/personal-data';
import { startStack, type Stack } from '../helpers/stack';

/** A valid BIN no simulated state database holds. */
const UNKNOWN_BIN = ((): string => {
  for (let seq = 99_001; ; seq += 1) {
    const first11 = `180340${seq}`;
    const check = identificationCheckDigit(first11);
    if (check !== null) return `${first11}${check}`;
  }
})();

let stack: Stack | undefined;
afterAll(async () => {
  await stack?.stop();
}, 30_000);

test('no IIN or BIN in the logs, the search attributes or /metrics after the walk-throughs', async () => {
  stack = await startStack('no-personal-data', { env: { LOG_LEVEL: 'debug' } });
  const walk = { apiUrl: stack.api, simulatorsUrl: stack.sims, credentialsFile: path.join(stack.dataDir, 'dev-credentials.json') };
  const sme = await smeWalkthrough({ ...walk, log: () => undefined, stepTimeoutMs: 60_000 });
  const fee = await flagEmblemFeeWalkthrough({ ...walk, log: () => undefined, stepTimeoutMs: 60_000 });
  expect(sme.bin).toMatch(/^\d{12}$/);

  // The unhappy paths write the numbers into error messages: a BIN the state database does not know
  // (422), the state databases down (503, the look-up URL names the BIN), a query naming a BIN refused (400).
  const portal = stack.token('portal');
  const submit = (iinOrBin: string, key: string): Promise<Response> =>
    stack!.post(`${stack!.api}/v1/services/flag-emblem-license/applications`, portal, key, {
      ...(exampleOf(flagEmblemLicenseModule.input) as object),
      applicant: { kind: 'legal-entity', iinOrBin },
    });
  expect((await submit(UNKNOWN_BIN, 'unknown-bin')).status).toBe(422);
  const faults = (body: unknown): Promise<Response> =>
    fetch(`${stack!.sims}/_control/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  await faults({ errorRate: 1 });
  expect((await submit('180340001231', 'state-databases-down')).status).toBe(503);
  await faults({ errorRate: 0 });
  const refused = await fetch(`${stack.api}/v1/register/permits?holderBin=180340001231&limit=oops`, {
    headers: { authorization: `Bearer ${stack.token('viewer')}` },
  });
  expect(refused.status).toBe(400);

  // Temporal's visibility list: every workflow with its search attributes (what `temporal workflow list` shows).
  const connection = await Connection.connect({ address: `127.0.0.1:${stack.ports.temporal}` });
  const visibility: string[] = [];
  try {
    const client = new WorkflowClient({ connection });
    for await (const wf of client.list()) {
      visibility.push(JSON.stringify({ id: wf.workflowId, type: wf.type, sa: wf.searchAttributes, memo: wf.memo ?? null }));
    }
  } finally {
    await connection.close();
  }
  expect(visibility.some((v) => v.includes(sme.applicationId))).toBe(true);
  expect(visibility.some((v) => v.includes(fee.applicationId))).toBe(true);

  const metrics = await (await fetch(`${stack.api}/metrics`)).text();
  expect(metrics).toContain('kz_cases');
  // Let the last log lines of the running cases come through before reading the output.
  await new Promise((r) => setTimeout(r, 1000));
  const logs = stack.output();

  const found: Record<string, Finding[]> = {
    logs: findIdentificationNumbers(logs),
    searchAttributes: findIdentificationNumbers(visibility.join('\n')),
    metrics: findIdentificationNumbers(metrics),
  };
  expect(found).toEqual({ logs: [], searchAttributes: [], metrics: [] });
  // The numbers the walk-throughs used are known: none of them either (a leak in another format).
  for (const n of [UNKNOWN_BIN, sme.bin, '850315400124', '870912300107', '791220300170', '850612300414', '180340001231'])
    expect(`${logs}\n${visibility.join('\n')}\n${metrics}`).not.toContain(n);
}, 300_000);

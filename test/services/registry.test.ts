/**
 * The registry (services/index.ts) is the one list of services; what cannot import it mechanically is
 * checked against it here: the worker's workflow bundle (services/workflows.ts, workflow code only),
 * the kernels' list of codes the stores accept, and the docs' service table.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SERVICE_CODES as STORED_CODES } from '../../domain/services';
import { createServiceActivities, SERVICE_CODES, SERVICE_DEFINITIONS } from '../../services';
import type { ServiceActivityDeps } from '../../services/definition';
import * as bundle from '../../services/workflows';

test('the workflow bundle exports every registered workflow under its own name', () => {
  const exported = bundle as Record<string, unknown>;
  for (const d of SERVICE_DEFINITIONS) expect(exported[d.module.workflow.name]).toBe(d.module.workflow);
});

test('codes are unique and the stores accept exactly the registered ones', () => {
  expect(new Set(SERVICE_CODES).size).toBe(SERVICE_CODES.length);
  expect([...STORED_CODES].sort()).toEqual([...SERVICE_CODES].sort());
});

test("every action's URL segment is its update's name, every event's its signal's", () => {
  for (const d of SERVICE_DEFINITIONS) {
    for (const a of d.module.actions) expect(a.name).toBe(a.update.name);
    for (const e of d.module.events ?? []) expect(e.name).toBe(e.signal.name);
  }
});

test('docs/adding-a-service.md lists every registered service', () => {
  const doc = fs.readFileSync(path.join(__dirname, '../../docs/adding-a-service.md'), 'utf8');
  for (const code of SERVICE_CODES) expect(doc).toContain(`| \`${code}\` |`);
});

test('the worker registers every fee activity name recorded histories schedule (one implementation, activities/payment.ts)', () => {
  // Factories only capture their deps; building them needs no outside system.
  const names = Object.keys(createServiceActivities({} as ServiceActivityDeps));
  expect(names).toEqual(expect.arrayContaining(['createFeeInvoice', 'getFeeInvoiceStatus', 'refundFee', 'createLicenseFeeInvoice', 'getLicenseFeeInvoiceStatus']));
});

/**
 * The registry (services/index.ts) is the one list of services; what cannot import it mechanically is
 * checked against it here: the worker's workflow bundle (services/workflows.ts, workflow code only)
 * and the docs' service table (rendered from the registry by scripts/service-table.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { serviceTable } from '../../scripts/service-table';
import { createServiceActivities, SERVICE_CODES, SERVICE_DEFINITIONS } from '../../services';
import type { ServiceActivityDeps } from '../../services/definition';
import * as bundle from '../../services/workflows';
import { ServiceCodeSchema } from '../../domain/services';

test('the workflow bundle exports every registered workflow under its own name', () => {
  const exported = bundle as Record<string, unknown>;
  for (const d of SERVICE_DEFINITIONS) expect(exported[d.module.workflow.name]).toBe(d.module.workflow);
});

test('codes are unique and well-formed (the stores check the shape, and the registered codes they are given)', () => {
  expect(new Set(SERVICE_CODES).size).toBe(SERVICE_CODES.length);
  for (const code of SERVICE_CODES) expect(ServiceCodeSchema.safeParse(code).success).toBe(true);
});

test("the composition roots build the stores with the registry's codes", () => {
  for (const root of ['worker.ts', 'api/main.ts']) {
    expect(fs.readFileSync(path.join(__dirname, '../..', root), 'utf8')).toMatch(/openDatabase\([^)]*serviceCodes: SERVICE_CODES/);
  }
});

test("every action's URL segment is its update's name, every event's its signal's", () => {
  for (const d of SERVICE_DEFINITIONS) {
    for (const a of d.module.actions) expect(a.name).toBe(a.update.name);
    for (const e of d.module.events ?? []) expect(e.name).toBe(e.signal.name);
  }
});

test('docs/adding-a-service.md has the table rendered from the registry (npx tsx scripts/service-table.ts)', () => {
  const doc = fs.readFileSync(path.join(__dirname, '../../docs/adding-a-service.md'), 'utf8');
  for (const code of SERVICE_CODES) expect(doc).toContain(`| \`${code}\` |`);
  expect(doc).toContain(serviceTable());
});

test('the worker registers every fee activity name recorded histories schedule (one implementation, activities/payment.ts)', () => {
  // Factories only capture their deps; building them needs no outside system.
  const names = Object.keys(createServiceActivities({} as ServiceActivityDeps));
  expect(names).toEqual(
    expect.arrayContaining([
      'createFeeInvoice',
      'getFeeInvoiceStatus',
      'refundFee',
      'createLicenseFeeInvoice',
      'getLicenseFeeInvoiceStatus',
    ]),
  );
});

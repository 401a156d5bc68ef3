/**
 * scripts/register-search-attributes.ts against a real dev server started WITHOUT the case search
 * attributes (as a freshly installed cluster would be): it adds exactly the missing ones with their
 * types, is a no-op the second time, reports a same-named attribute of another type instead of
 * touching it, and `--check` exits 1 while anything is missing.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { temporal } from '@temporalio/proto';
import { registerSearchAttributes } from '../../scripts/register-search-attributes';
import { SEARCH_ATTRIBUTE_TYPES } from '../../workflows/shared/case';
import { startTestDevServer, type TestDevServer } from '../helpers/dev-server';
import { ROOT } from '../helpers/temporal';

const { IndexedValueType } = temporal.api.enums.v1;
const CONFLICT_NS = 'kz-conflict';
const names = Object.keys(SEARCH_ATTRIBUTE_TYPES).sort();

let server: TestDevServer;
beforeAll(async () => {
  server = await startTestDevServer({ searchAttributes: false, namespace: CONFLICT_NS });
}, 90_000);
afterAll(async () => {
  await server?.teardown();
});

async function custom(namespace: string): Promise<Record<string, number>> {
  const res = await server.connection.operatorService.listSearchAttributes({ namespace });
  return Object.fromEntries(Object.entries(res.customAttributes ?? {}).filter(([k]) => k.startsWith('Kz')));
}

function runScript(args: string[], namespace: string): Promise<{ code: number; out: string }> {
  return promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/register-search-attributes.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: namespace },
  }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` }),
  );
}

test('adds the missing attributes with their types, then does nothing the second time', async () => {
  expect(await custom('default')).toEqual({});
  const first = await registerSearchAttributes(server.connection, 'default');
  expect(first.added.sort()).toEqual(names);
  expect(first.conflicting).toEqual([]);
  const expected = Object.fromEntries(
    Object.entries(SEARCH_ATTRIBUTE_TYPES).map(([n, t]) => [
      n,
      t === 'Datetime' ? IndexedValueType.INDEXED_VALUE_TYPE_DATETIME : IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
    ]),
  );
  expect(await custom('default')).toEqual(expected);
  const second = await registerSearchAttributes(server.connection, 'default');
  expect(second.added).toEqual([]);
  expect(second.present.sort()).toEqual(names);
});

test('a same-named attribute of another type is reported, not changed; --check fails while attributes are missing', async () => {
  await server.connection.operatorService.addSearchAttributes({
    namespace: CONFLICT_NS,
    searchAttributes: { KzStage: IndexedValueType.INDEXED_VALUE_TYPE_INT },
  });
  const check = await runScript(['--check'], CONFLICT_NS);
  expect(check.code).toBe(1);
  expect(check.out).toContain('KzStage exists');
  expect(check.out).toMatch(/missing on .*KzServiceCode/);
  // --check wrote nothing.
  expect(Object.keys(await custom(CONFLICT_NS))).toEqual(['KzStage']);

  const run = await runScript([], CONFLICT_NS);
  expect(run.code).toBe(1); // the conflict remains an error
  const after = await custom(CONFLICT_NS);
  expect(after.KzStage).toBe(IndexedValueType.INDEXED_VALUE_TYPE_INT);
  expect(Object.keys(after).sort()).toEqual(names);
});

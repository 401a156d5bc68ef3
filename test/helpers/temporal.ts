/**
 * Temporal environments for tests.
 * - timeSkipping(): the Java test server from .tools (scripts/setup-test-server.sh), so that a
 *   7-working-day term runs in seconds.
 * - A task queue per test, slugged from its title, so tests in one file never collide.
 */
import path from 'node:path';
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from '../../workflows/shared/case';

export const ROOT = path.resolve(__dirname, '..', '..');
export const TEST_SERVER = process.env.TEMPORAL_TEST_SERVER_PATH ?? path.join(ROOT, '.tools', 'bin', 'temporal-test-server');

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  if (!fs.existsSync(TEST_SERVER)) {
    throw new Error(`time-skipping test server not found at ${TEST_SERVER}: run scripts/setup-test-server.sh (make test does)`);
  }
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: TEST_SERVER } },
  });
  await registerSearchAttributes(env);
  return env;
}

/** The test server, like a fresh dev server, knows none of the case search attributes until told. */
async function registerSearchAttributes(env: TestWorkflowEnvironment): Promise<void> {
  const { INDEXED_VALUE_TYPE_KEYWORD, INDEXED_VALUE_TYPE_DATETIME } = temporal.api.enums.v1.IndexedValueType;
  const searchAttributes = Object.fromEntries(
    Object.values(SEARCH_ATTRIBUTES).map((k) => [k.name, k.type === 'DATETIME' ? INDEXED_VALUE_TYPE_DATETIME : INDEXED_VALUE_TYPE_KEYWORD]),
  );
  await env.connection.operatorService.addSearchAttributes({ namespace: env.namespace ?? 'default', searchAttributes });
}

export function taskQueueFor(title: string): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  return `${slug}-${randomUUID().slice(0, 8)}`;
}

export function workflowIdFor(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

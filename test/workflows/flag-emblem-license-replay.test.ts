/**
 * Replays recorded seed 003 histories (and the seed 004 ¶18-1 duplicate's) against today's workflow code: a change that would break a case
 * already running fails here (DeterminismViolationError). Re-record with RECORD_HISTORIES=1 after an
 * intentional, patched change: `RECORD_HISTORIES=1 npx jest test/workflows/flag-emblem-license`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { HISTORIES_DIR } from './flag-emblem-license.fixtures';

const files = fs.existsSync(HISTORIES_DIR) ? fs.readdirSync(HISTORIES_DIR).filter((f) => f.startsWith('flag-emblem-license') && f.endsWith('.history.pb')) : [];

test('recorded histories exist: before and with the approval chain (issue, hearing, unpaid fee, escalation, re-issue, rework), and the duplicate', () => {
  const names = files.map((f) => f.replace(/\.history\.pb$/, ''));
  // Cases started before the approval chain (patch 'flag-emblem-approval-chain') must keep replaying.
  expect(names.filter((n) => n.startsWith('flag-emblem-license-before-approval-chain-'))).toHaveLength(5);
  expect(names).toEqual(expect.arrayContaining(['flag-emblem-license-issued-nauryz', 'flag-emblem-license-approval-chain-reworked', 'flag-emblem-license-reissued', 'flag-emblem-license-duplicate-issued']));
});

test.each(files)('replays %s without nondeterminism', async (file) => {
  const history = temporal.api.history.v1.History.decode(fs.readFileSync(path.join(HISTORIES_DIR, file)));
  await Worker.runReplayHistory({ workflowsPath: require.resolve('../../services/workflows'), replayName: file }, history);
}, 60_000);

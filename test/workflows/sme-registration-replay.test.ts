/**
 * Recorded seed 000 histories (test/workflows/histories/, written by `RECORD_SME_HISTORIES=1 npx jest
 * test/workflows/sme-registration.test.ts`) replay against the current workflow code without a
 * DeterminismViolationError: the guard for changing the workflow under running cases.
 */
import { Worker } from '@temporalio/worker';
import { loadHistories, workflowBundle } from './sme-registration-harness';

test('every recorded seed 000 history replays on the current workflow code', async () => {
  const histories = loadHistories();
  expect(histories.map((h) => h.name)).toEqual(
    expect.arrayContaining(['sme-happy-path.history.bin', 'sme-bank-refusal-another-bank.history.bin', 'sme-founder-never-signs.history.bin', 'sme-registry-refuses-name.history.bin']),
  );
  for (const { name, history } of histories) {
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, name)).resolves.toBeUndefined();
  }
}, 120_000);

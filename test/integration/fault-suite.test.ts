/**
 * Issue 16 item 2, the short version of `make fault-suite` (scripts/fault-suite.ts) in `make test`: one flow
 * of each scenario (SME; Flag/Emblem fee; Flag/Emblem license through its approval chain and its duplicate;
 * a Flag/Emblem license entered in the register and re-issued; the MNE S1 licence at the State Corporation
 * counter and the S2 permit from the portal; NCA certificates with their revocation at the counter, and
 * a signed repeat application and revocation from the portal; a complaint)
 * on the embedded stack while a worker and an API are killed -9, the Temporal dev server is killed -9 and
 * started again on its file, and the outside systems first answer 503, then hang past every client's
 * timeout. Every case must have finished or wait where the law says, with nothing lost and nothing done
 * twice in the simulators' ledgers and the read model, every flagged case with its cause, and every fault
 * class injected at least once. About 90 s on 2 cores at load 3–5 (the stack's start, then the faults'
 * sequence, which the flows outlast; the worker bundles its workflows at each start).
 */
import { FAULT_CLASSES, formatFigures, runFaultSuite } from '../../scripts/fault-suite';
import { SCENARIOS } from '../../scripts/fault-scenarios';

jest.setTimeout(600_000);

test('every service survives kill -9 of worker and API, a Temporal restart, an outage and a stall: 0 lost, 0 duplicated', async () => {
  const lines: string[] = [];
  const figures = await runFaultSuite({
    stack: 'embedded',
    cases: SCENARIOS.length,
    kills: 1,
    temporalRestarts: 1,
    outageMs: 10_000,
    stallWindowMs: 15_000,
    // Longer than the adapters' 10-second client timeout: each call in the window times out and is retried.
    stallMs: 15_000,
    arrivalMs: 12_000,
    seed: Number(process.env.FAULT_SEED ?? 16),
    log: (l) => lines.push(l),
  });
  const report = `${lines.join('\n')}\n${formatFigures(figures)}`;
  process.stdout.write(`${report}\n`);

  expect({ lost: figures.lost, duplicated: figures.duplicated, problems: figures.problems }).toEqual({
    lost: 0,
    duplicated: 0,
    problems: [],
  });
  // Every case accounted for: finished, or waiting where the law says; every scenario ran.
  expect(figures.finished + figures.waitingWhereTheLawSays).toBe(figures.cases);
  expect(figures.cases).toBeGreaterThanOrEqual(SCENARIOS.length);
  expect(Object.keys(figures.scenarios).sort()).toEqual([...SCENARIOS].sort());
  // Every fault class injected, while cases were in flight.
  for (const cls of FAULT_CLASSES) {
    expect({ cls, injected: figures.perClass[cls].injected > 0 }).toEqual({ cls, injected: true });
  }
  expect(FAULT_CLASSES.filter((c) => figures.perClass[c].cases > 0).length).toBeGreaterThanOrEqual(FAULT_CLASSES.length - 1);
  // A flag raised by the SLA watch names its cause in the audit trail.
  expect(figures.flaggedWithCause).toBe(figures.flagged);
});

/**
 * Test-only workflows for test/workflows/update-timing.test.ts: how the time-skipping server answers an
 * Update that arrives while a workflow task is in flight, or before the workflow has its handler.
 */
import { condition, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

export const readySignal = defineSignal('ready');
export const busySignal = defineSignal('busy');
export const pingUpdate = defineUpdate<string, [string]>('ping');

/** Registers its update handler only after the `ready` signal. */
export async function lateHandler(): Promise<void> {
  let ready = false;
  let pinged = false;
  setHandler(readySignal, () => void (ready = true));
  await condition(() => ready);
  setHandler(pingUpdate, (s) => {
    pinged = true;
    return `pong ${s}`;
  });
  await condition(() => pinged);
}

/** Each `busy` signal keeps its workflow task busy for a while (well under the SDK's 5 s limit). */
export async function busyWorkflow(): Promise<void> {
  let pings = 0;
  let busy = 0;
  setHandler(busySignal, () => {
    let x = 0;
    for (let i = 0; i < 1e8; i++) x += i % 7;
    busy += x > 0 ? 1 : 0;
  });
  setHandler(pingUpdate, (s) => {
    pings += 1;
    return `pong ${s} after ${busy} busy tasks`;
  });
  await condition(() => pings >= 100);
}

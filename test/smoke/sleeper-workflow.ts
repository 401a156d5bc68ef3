import { sleep } from '@temporalio/workflow';
export async function sleeper(): Promise<number> {
  const t = Date.now();
  await sleep('7 days');
  return Date.now() - t;
}

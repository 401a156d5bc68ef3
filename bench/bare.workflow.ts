/**
 * The baseline of bench/throughput.bench.ts: a bare Temporal workflow with as many activities as an SME
 * registration case schedules (counted from a real case's history in the same run), no-op activities,
 * and the same two client interactions the SME applicant has — one Update per founder's signature,
 * awaited before the remaining activities. What Temporal itself costs for a case of that shape, with
 * none of this system's code (no read model, no simulators, no HTTP API).
 */
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

export interface BareActivities {
  step(n: number): Promise<number>;
}

export const bareSignUpdate = defineUpdate<number, [string]>('sign');

const { step } = proxyActivities<BareActivities>({ startToCloseTimeout: '30 seconds' });

export async function bareCaseWorkflow(input: { activities: number; signatures: number; signAfter: number }): Promise<number> {
  let signed = 0;
  setHandler(bareSignUpdate, () => ++signed);
  let done = 0;
  for (; done < Math.min(input.signAfter, input.activities); done++) await step(done);
  await condition(() => signed >= input.signatures);
  for (; done < input.activities; done++) await step(done);
  return done;
}

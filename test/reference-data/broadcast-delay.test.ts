/** The broadcast's second pass (ours, REGULATION.md "A published version reaches running cases by a broadcast"). */
import { SECOND_PASS_DELAY_MS } from '../../reference-data/broadcast.workflow';

test('ours: the broadcast passes a second time 30 s after the first, for cases visibility had not listed yet', () => {
  expect(SECOND_PASS_DELAY_MS).toBe(30_000);
});

/**
 * A history the fault suite produced (2026-12-03): the operator's sign-and-forward Update was accepted in
 * the workflow task that also delivered the look-up's result (the look-up had been held up by an outage
 * of the individuals database). When the workflow ran, the look-up's result came first; on replay the SDK
 * hands the Update over first. Before the fix the handler then completed before the main flow scheduled
 * signIntakeForm, and every replay (a query after the visit ended, a worker restart) failed with
 * "[TMPRL1100] Nondeterminism error: Update machine does not handle this event" — the API answered 500 on
 * GET /v1/counter/visits/{visit}. counter/visit.workflow.ts: the handlers complete once the main flow has
 * taken up their input, which gives the history's order both ways.
 */
import { temporal } from '@temporalio/proto';
import { loadHistory, replayHistory } from '../helpers/temporal';

const NAME = 'counter-visit-sign-beside-look-up-result';
const E = temporal.api.enums.v1.EventType;

test('the history has the Update accepted in the workflow task that delivered the look-up result', () => {
  const events = loadHistory(NAME).events;
  const accepted = events.find(
    (e) =>
      e.eventType === E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED &&
      e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'sign-and-forward',
  );
  const sequencedAt = Number(accepted?.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequestSequencingEventId);
  // The event just before the workflow task the Update was sequenced into: the look-up's result.
  const before = events.find((e) => Number(e.eventId) === sequencedAt - 1);
  expect(before?.eventType).toBe(E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
  const scheduled = events.find((e) => Number(e.eventId) === Number(before?.activityTaskCompletedEventAttributes?.scheduledEventId));
  expect(scheduled?.activityTaskScheduledEventAttributes?.activityType?.name).toBe('lookUpIndividual');
  // ... and, in the same task, the main flow's signing scheduled before the Update completed.
  const order = events
    .filter((e) => Number(e.eventId) > Number(accepted?.eventId))
    .slice(0, 2)
    .map((e) =>
      e.eventType === E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED ? e.activityTaskScheduledEventAttributes?.activityType?.name : E[e.eventType!],
    );
  expect(order).toEqual(['signIntakeForm', 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED']);
});

test('it replays on the current code', async () => {
  await expect(replayHistory(loadHistory(NAME), NAME)).resolves.toBeUndefined();
}, 120_000);

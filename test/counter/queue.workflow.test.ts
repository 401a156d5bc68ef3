/**
 * seed 001 ¶9(1): the branch's electronic queue of a day, first-in first-out, no prior appointment and no
 * expedited service: a portal booking checks in as an ordinary ticket behind those already waiting.
 */
import { counterQueue } from '../../counter/queue.workflow';
import { bookSlotUpdate, callNextUpdate, queueStateQuery, takeTicketUpdate } from '../../counter/queue-types';
import { recordHistory, refusedWith, runSettled, taskQueueFor, timeSkippingSuite, workflowIdFor } from '../helpers/temporal';
import { counterWorker, harness, OPERATOR, OTHER_BRANCH_OPERATOR } from './counter.fixtures';

const suite = timeSkippingSuite();

test('tickets are called in the order taken; a booking gets no priority; another branch cannot call', async () => {
  const taskQueue = taskQueueFor('queue fifo');
  const worker = await counterWorker(suite.env, taskQueue, harness());
  await runSettled(worker, suite.started, async () => {
    const closesAt = new Date(Date.now() + 3_600_000).toISOString();
    const q = await suite.env.client.workflow.start(counterQueue, {
      taskQueue,
      workflowId: workflowIdFor('counter-queue-astana-yesil'),
      args: [{ branchId: 'astana-yesil', day: '2026-03-02', closesAt }],
    });
    suite.started.push(q);
    const booking = await q.executeUpdate(bookSlotUpdate, { args: [{ slot: '2026-03-02T10:20:00+05:00', bookedBy: 'dev-portal' }] });
    const first = await q.executeUpdate(takeTicketUpdate, { args: [{ source: 'walk-in' }] });
    const booked = await q.executeUpdate(takeTicketUpdate, { args: [{ source: 'portal-booking', bookingCode: booking.code }] });
    expect(
      await refusedWith(q.executeUpdate(takeTicketUpdate, { args: [{ source: 'portal-booking', bookingCode: booking.code }] })),
    ).toMatch(/already been checked in/);
    expect(await refusedWith(q.executeUpdate(callNextUpdate, { args: [{ operator: OTHER_BRANCH_OPERATOR }] }))).toMatch(/astana-yesil/);
    expect((await q.executeUpdate(callNextUpdate, { args: [{ operator: OPERATOR }] }))?.visitId).toBe(first.visitId);
    expect((await q.executeUpdate(callNextUpdate, { args: [{ operator: OPERATOR }] }))?.visitId).toBe(booked.visitId);
    expect(await q.executeUpdate(callNextUpdate, { args: [{ operator: OPERATOR }] })).toBeNull();
    expect((await q.query(queueStateQuery)).called).toHaveLength(2);
    await suite.env.sleep('2 hours');
    const state = await q.result();
    expect(state.bookings[0]?.checkedIn).toBe(true);
    await recordHistory(q, 'counter-queue-day');
  });
});

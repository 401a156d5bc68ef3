/**
 * The electronic queue of one branch for one day (seed 001 ¶9(1)): tickets in the order they are taken,
 * called first-in first-out. There is no prior appointment and no expedited service: a slot booked on the
 * portal is kept, and at the branch it becomes an ordinary ticket in the same order as everyone's (¶9(1)).
 * Each ticket's visit is its own workflow (counter/visit.workflow.ts), started by the API.
 */
import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { CounterActivities } from './activities';
import type { OperatorActor } from './visit-types';
import {
  bookSlotUpdate,
  callNextUpdate,
  queueStateQuery,
  takeTicketUpdate,
  visitIdFor,
  type Booking,
  type QueueInput,
  type QueueState,
  type Ticket,
} from './queue-types';

const effects = proxyActivities<CounterActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function counterQueue(input: QueueInput): Promise<QueueState> {
  const state: QueueState = { branchId: input.branchId, day: input.day, waiting: [], called: [], bookings: [] };
  let issued = 0;
  const now = (): string => new Date(Date.now()).toISOString();

  setHandler(queueStateQuery, () => JSON.parse(JSON.stringify(state)) as QueueState);
  setHandler(
    takeTicketUpdate,
    (req) => {
      issued += 1;
      const t: Ticket = {
        number: issued,
        visitId: visitIdFor(input.branchId, input.day, issued),
        issuedAt: now(),
        source: req.source,
        ...(req.bookingCode ? { bookingCode: req.bookingCode } : {}),
      };
      const booking = req.bookingCode ? state.bookings.find((b) => b.code === req.bookingCode) : undefined;
      if (booking) booking.checkedIn = true;
      state.waiting.push(t);
      return t;
    },
    {
      validator: (req: { source: 'walk-in' | 'portal-booking'; bookingCode?: string }) => {
        if (req.source === 'portal-booking') {
          const b = state.bookings.find((x) => x.code === req.bookingCode);
          if (!b) throw new Error(`no booking ${req.bookingCode ?? '(none)'} at branch ${input.branchId} on ${input.day}`);
          if (b.checkedIn) throw new Error(`booking ${b.code} has already been checked in`);
        }
      },
    },
  );
  setHandler(
    callNextUpdate,
    (req) => {
      const next = state.waiting.shift();
      if (!next) return null;
      state.called.push({ ...next, calledAt: now(), operator: req.operator.subject });
      return next;
    },
    {
      validator: (req: { operator: OperatorActor }) => {
        if (req.operator.role !== 'operator' || req.operator.branch !== input.branchId)
          throw new Error(`call-next: only an operator of branch ${input.branchId} calls its queue`);
      },
    },
  );
  setHandler(bookSlotUpdate, (req) => {
    const b: Booking = {
      code: `${input.day.replaceAll('-', '')}-${String(state.bookings.length + 1).padStart(3, '0')}`,
      slot: req.slot,
      bookedAt: now(),
      bookedBy: req.bookedBy,
      checkedIn: false,
    };
    state.bookings.push(b);
    return b;
  });

  // The queue lives until the branch closes, then finishes the messages it is handling.
  const ms = new Date(input.closesAt).getTime() - Date.now();
  if (ms > 0) await condition(() => false, ms);
  await condition(allHandlersFinished);
  // The day's queue in the log: how many were served, and who was still waiting at closing.
  await effects.recordCounterEvent({
    visitId: '',
    branchId: input.branchId,
    event: 'queue-day-closed',
    details: { day: input.day, called: state.called.length, stillWaiting: state.waiting.length, bookings: state.bookings.length },
  });
  return state;
}

/** The branch's electronic queue of one day: messages shared by the workflow and the API. */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { OperatorActor } from './visit-types';

export interface QueueInput {
  branchId: string;
  /** The branch's working day, YYYY-MM-DD (Kazakhstan time). */
  day: string;
  /** When the queue stops issuing and the workflow ends (after closing), ISO 8601. */
  closesAt: string;
}

export interface Ticket {
  number: number;
  visitId: string;
  issuedAt: string;
  source: 'walk-in' | 'portal-booking';
  bookingCode?: string;
}

export interface Booking {
  code: string;
  /** The booked slot's start, ISO 8601. */
  slot: string;
  bookedAt: string;
  /** Opaque applicant reference (who booked on the portal). */
  bookedBy: string;
  checkedIn: boolean;
}

export interface QueueState {
  branchId: string;
  day: string;
  waiting: Ticket[];
  called: Array<Ticket & { calledAt: string; operator: string }>;
  bookings: Booking[];
}

export const takeTicketUpdate = defineUpdate<Ticket, [{ source: 'walk-in' | 'portal-booking'; bookingCode?: string }]>('take-ticket');
export const callNextUpdate = defineUpdate<Ticket | null, [{ operator: OperatorActor }]>('call-next');
export const bookSlotUpdate = defineUpdate<Booking, [{ slot: string; bookedBy: string }]>('book-slot');
export const queueStateQuery = defineQuery<QueueState>('queue-state');

export function queueWorkflowId(branchId: string, day: string): string {
  return `counter-queue-${branchId}-${day}`;
}

export function visitIdFor(branchId: string, day: string, ticket: number): string {
  return `counter-visit-${branchId}-${day}-${String(ticket).padStart(3, '0')}`;
}

/** The branch a visit id names (counter-visit-<branch>-<YYYY-MM-DD>-<nnn>). */
export function branchOfVisit(visitId: string): string | undefined {
  return /^counter-visit-(.+)-\d{4}-\d{2}-\d{2}-\d{3,}$/.exec(visitId)?.[1];
}

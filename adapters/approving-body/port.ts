/**
 * Requests to approving state bodies (seed 004 ¶35–42): the licensor asks, e.g., the internal-affairs or
 * the emergency body whether the applicant meets the requirements within its remit. Sending is
 * synchronous; the body's answer comes back later as the case's `approving-body-answer` signal
 * (seed 003 Annex 2 item 9(4): a negative answer is refusal ground 4).
 */
export interface ApprovingBodyRequest {
  /** Same key → the same request, never a second one. */
  idempotencyKey: string;
  applicationId: string;
  /** ANCN of the request document (type REQ) when the licensor issued one. */
  requestAncn?: string;
  /** Code of the approving body, e.g. 'mvd' (internal affairs), 'mchs' (emergencies). */
  body: string;
  applicantRef: string;
  question: string;
  /** ISO 8601: the answer is expected by then. */
  answerBy: string;
}

export interface SentApprovingBodyRequest {
  requestId: string;
  body: string;
  sentAt: string;
}

export interface ApprovingBodyGateway {
  sendRequest(req: ApprovingBodyRequest): Promise<SentApprovingBodyRequest>;
}

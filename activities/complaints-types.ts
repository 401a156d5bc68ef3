/**
 * The complaint workflow's own side effect (workflows/complaints/): when a complaint against a refused
 * case is upheld, the provider re-decides it — a reconsideration run of the case's own service, started
 * as the complaint's child. The activity reads the original case's application (its workflow input),
 * gives the new run its own ANCN and read-model record, and answers what to start; it is idempotent per
 * complaint (the same run id, the record created once).
 */
export interface PrepareReconsiderationInput {
  complaintId: string;
  complaintAncn: string;
  /** The case complained against (its workflow id = application id). */
  caseApplicationId: string;
  /** ISO 8601: the upheld decision's moment; the reconsideration's clock starts here. */
  upheldAt: string;
  /** The upheld decision's ANCN. */
  decisionAncn: string;
}

import type { ReconsiderationOf } from '../domain/complaints';
export type { ReconsiderationOf };

export interface ReconsiderationStart {
  /** The original case's workflow type: the same service re-decides. */
  workflowType: string;
  workflowId: string;
  /** The original input with a new applicationId, ANCN, submittedAt and `reconsideration`. */
  input: Record<string, unknown>;
}

export interface ComplaintActivities {
  prepareReconsideration(input: PrepareReconsiderationInput): Promise<ReconsiderationStart>;
}

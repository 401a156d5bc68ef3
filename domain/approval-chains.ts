/**
 * The licensor bodies' approval chains (seed 004 ¶40.2-4): who approves a draft, in order; the last
 * participant is the head of the licensor body, whose approval is the signature (ECDS). Subjects are the
 * staff credentials' subjects. Plain data (no schemas), so the API's credentials module can read it.
 */

/** The name of the approval chain that carries the Flag/Emblem final decision (the `chain` of draft-submit / draft-review). */
export const FINAL_DECISION_CHAIN = 'final-decision' as const;

/** The CTRM's chain for the final decision on a Flag/Emblem license (a license or a reasoned refusal). */
export const DECISION_APPROVAL_CHAIN: ReadonlyArray<{ subject: string; title: string }> = [
  { subject: 'ctrm:licensing-head', title: 'head of the licensing department' },
  { subject: 'ctrm:chairman', title: 'head of the licensor body (chairman of the CTRM)' },
];

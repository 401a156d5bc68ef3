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

/** The name of the approval chain that carries an MNE licence or permit (seed 001 ¶11(11)). */
export const MNE_LICENSE_CHAIN = 'licence' as const;

/**
 * The MNE trade body's chains for a licence or permit (seed 001 ¶11(11): the licence carries the ECDS of
 * "the provider's authorized person", the last participant here). Who approves before that person is not
 * in seed 001 (ours, REGULATION.md): the head of the division for the service's family.
 */
export const MNE_LICENSE_APPROVAL_CHAINS: Readonly<
  Record<'goods' | 'commodity-exchange', ReadonlyArray<{ subject: string; title: string }>>
> = {
  goods: [
    { subject: 'mne-trade:foreign-trade-head', title: 'head of the foreign-trade regulation division' },
    { subject: 'mne-trade:authorized-person', title: "the provider's authorized person" },
  ],
  'commodity-exchange': [
    { subject: 'mne-trade:exchange-head', title: 'head of the commodity-exchange division' },
    { subject: 'mne-trade:authorized-person', title: "the provider's authorized person" },
  ],
};

/** Seed 001: the five MNE licensing services (S1–S5), one generic workflow, as the worker, the API and the dashboard see them. */
import type { ServiceDefinition } from '../definition';
import { createMneActivities } from './activities';
import { mneModule } from './api';
import { MNE_LABELS } from './labels';
import { MNE_SERVICE_CODES } from './rules';

export const MNE_LICENSING_SERVICES: readonly ServiceDefinition[] = MNE_SERVICE_CODES.map((code) => ({
  module: mneModule(code),
  // seed 001 ¶11(9)–(11): the provider's staff check and conclude; the licence carries the authorized person's ECDS.
  review: { mode: 'staff', signature: 'provider-ecds', regulation: 'seed 001 ¶11(9) (C2), ¶11(11) (P9)' },
  termSuspension: { whileApprovingBodyAnswers: false, regulation: 'seed 001 (no approving body and no suspension provided)' },
  // Ours: seed 001 has no complaint procedure (§1.6 of the close reading); a complaint filed today follows the
  // 2021 regime (seed 003 ¶16–17). The trade committee's reviewing body is taken as the Ministry of Trade and
  // Integration, which took over trade regulation from the MNE. An upheld complaint is decided by the
  // provider outside this workflow (no reconsideration run yet).
  complaints: {
    regime: '2021',
    bodies: { provider: 'mne-trade', 'quality-authority': 'quality-authority', 'reviewing-body': 'mti' },
    reconsideration: false,
    regulation: 'seed 003 ¶16–17 (ours for seed 001)',
  },
  labels: MNE_LABELS,
  activities: [createMneActivities],
}));

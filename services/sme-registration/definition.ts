/** Seed 000: state registration of an SME legal entity, as the worker, the API and the dashboard see it. */
import type { ServiceDefinition } from '../definition';
import { createSmeActivities } from './activities';
import { smeRegistrationModule } from './api';
import { SME_REGISTRATION_LABELS } from './labels';

export const smeRegistrationService: ServiceDefinition = {
  module: smeRegistrationModule,
  // No staff step (the registry's automated checks, ¶5.12), yet the result is the provider's (¶5.12-2).
  review: { mode: 'registry', signature: 'provider-ecds', regulation: "seed 000 ¶5.12 (registry checks), ¶5.12-2 (provider's ECDS)" },
  // The one hour of ¶4 has no suspension and no approving body is asked.
  termSuspension: { whileApprovingBodyAnswers: false, regulation: 'seed 000 ¶4 (no suspension provided; no approving body is asked)' },
  // seed 003 ¶16 (the 2021 regime, Law on state services art. 25): the State Corporation, the quality
  // authority, or its ministry as the reviewing body. A registration is applied for again, not re-decided.
  complaints: {
    regime: '2021',
    bodies: { provider: 'state-corporation', 'quality-authority': 'quality-authority', 'reviewing-body': 'mdai' },
    reconsideration: false,
    regulation: 'Law on state services art. 25 (as seed 003 ¶16)',
  },
  labels: SME_REGISTRATION_LABELS,
  activities: [createSmeActivities],
};

export const SME_REGISTRATION_SERVICES: readonly ServiceDefinition[] = [smeRegistrationService];

/** Seed 002: the NCA's two services (issue and revocation of registration certificates) as the worker, the API and the dashboard see them. */
import type { ServiceComplaints } from '../../domain/complaints';
import type { ServiceDefinition } from '../definition';
import { createNcaActivities } from './activities';
import { ncaIssueModule, ncaRevokeModule } from './api';
import { NCA_LICENSOR_BODY } from './case';
import { NCA_LABELS } from './labels';

// seed 002 ¶11–12: the head of the provider, of the Ministry, of the State Corporation (its employees), then
// the quality authority. The Ministry today: MDAI (ours: the ministry the State Technical Service reports to).
const COMPLAINTS: ServiceComplaints = {
  regime: '2016',
  bodies: {
    'provider-head': NCA_LICENSOR_BODY,
    'ministry-head': 'mdai',
    'state-corporation-head': 'state-corporation',
    'quality-authority': 'quality-authority',
  },
  reconsideration: false,
  regulation: 'seed 002 ¶11–12',
};

const common = {
  // seed 002 ¶10: the provider's staff check; the certificates are the NCA's (its CA keys sign them).
  review: { mode: 'staff', signature: 'provider-ecds', regulation: 'seed 002 ¶9–¶10' },
  termSuspension: { whileApprovingBodyAnswers: false, regulation: 'seed 002 (no approving body)' },
  complaints: COMPLAINTS,
  labels: NCA_LABELS,
  activities: [createNcaActivities],
} as const satisfies Omit<ServiceDefinition, 'module'>;

export const NCA_SERVICES: readonly ServiceDefinition[] = [
  { module: ncaIssueModule(), ...common },
  { module: ncaRevokeModule(), ...common },
];

/**
 * Seed 003 and seed 004 ¶18-1: the license to manufacture the State Flag and Emblem, its re-issue, and
 * its duplicate in automatic mode, as the worker, the API and the dashboard see them.
 */
import type { ServiceDefinition } from '../definition';
import { createFlagEmblemDuplicateActivities } from './duplicate-activities';
import { flagEmblemLicenseDuplicateModule } from './duplicate-api';
import { FLAG_EMBLEM_LABELS } from './labels';
import { createFlagEmblemActivities } from './license-activities';
import { flagEmblemLicenseModule, flagEmblemLicenseReissueModule } from './license-api';
import { TERM_SUSPENSION } from './license-rules';

/**
 * seed 003 ¶16–17 (2021 wording): complaints to the CTRM (the provider), the quality authority, or the
 * Ministry of Trade and Integration (the CTRM's reviewing body); an upheld complaint re-decides the case.
 */
const COMPLAINTS = {
  regime: '2021',
  bodies: { provider: 'ctrm', 'quality-authority': 'quality-authority', 'reviewing-body': 'mti' },
  reconsideration: true,
  regulation: 'seed 003 ¶16–17',
} as const;

const STAFF_REVIEW = { mode: 'staff', signature: 'provider-ecds', regulation: 'seed 003 ¶10-¶12; seed 004 ¶40' } as const;

export const flagEmblemLicenseService: ServiceDefinition = {
  module: flagEmblemLicenseModule,
  review: STAFF_REVIEW,
  termSuspension: TERM_SUSPENSION,
  complaints: COMPLAINTS,
  labels: FLAG_EMBLEM_LABELS,
  activities: [createFlagEmblemActivities],
};

export const flagEmblemLicenseReissueService: ServiceDefinition = {
  module: flagEmblemLicenseReissueModule,
  review: STAFF_REVIEW,
  termSuspension: TERM_SUSPENSION,
  complaints: COMPLAINTS,
  labels: FLAG_EMBLEM_LABELS,
  activities: [createFlagEmblemActivities],
};

export const flagEmblemLicenseDuplicateService: ServiceDefinition = {
  module: flagEmblemLicenseDuplicateModule,
  // seed 004 ¶18-1: no staff; the system signs the permit or the reasoned refusal.
  review: { mode: 'automatic', signature: 'system-transport-signature', regulation: 'seed 004 ¶18-1' },
  // Decided at once by the system: no approving body is asked, nothing to suspend.
  termSuspension: { whileApprovingBodyAnswers: false, regulation: 'seed 004 ¶18-1 (automatic mode: no approving body is asked)' },
  // Decided by the system; a complaint goes to the same bodies. A refused duplicate is asked for again, not re-decided.
  complaints: { ...COMPLAINTS, reconsideration: false },
  labels: FLAG_EMBLEM_LABELS,
  // The duplicate reads the applicant's profile with the license's activities (seed 004 ¶21(1)).
  activities: [createFlagEmblemActivities, createFlagEmblemDuplicateActivities],
};

export const FLAG_EMBLEM_SERVICES: readonly ServiceDefinition[] = [
  flagEmblemLicenseService,
  flagEmblemLicenseReissueService,
  flagEmblemLicenseDuplicateService,
];

/**
 * The worker's workflow bundle (worker.ts → workflowsPath): Temporal bundles this file with webpack into
 * the workflow sandbox, so it exports workflow code only, never a service's API or activities.
 * test/services/registry.test.ts checks it against services/index.ts. Besides the services': the register's
 * death-notice workflow, the reference-data broadcast and the complaint against a case of any service.
 */
export * from './sme-registration/workflow';
export * from './flag-emblem/license-workflow';
export * from './flag-emblem/duplicate-workflow';
export * from '../register/death-notice.workflow';
export * from '../reference-data/broadcast.workflow';
export * from '../workflows/complaints/complaint.workflow';
export { mneLicense } from './mne-licensing/workflow';
export { ncaCertificateIssue, ncaCertificateRevoke } from './nca/workflow';
export * from '../counter/visit.workflow';
export * from '../counter/queue.workflow';

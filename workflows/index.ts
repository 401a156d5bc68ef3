/** Every workflow the worker runs; bundled by Temporal from this file (worker.ts → workflowsPath). */
export * from '../services/sme-registration/workflow';
export * from '../services/flag-emblem/license-workflow';
export * from './death-notice';
export * from '../services/flag-emblem/duplicate-workflow';

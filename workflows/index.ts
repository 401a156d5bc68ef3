/** Every workflow the worker runs; bundled by Temporal from this file (worker.ts → workflowsPath). */
export * from './sme-registration';
export * from './flag-emblem-license';
export * from '../register/death-notice.workflow';
export * from './flag-emblem-license-duplicate';

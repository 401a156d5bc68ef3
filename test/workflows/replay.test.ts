/**
 * Every recorded history (test/workflows/histories/*.history.pb, found by listing the folder) replays
 * against today's workflow code, bundled from services/workflows.ts as the worker loads it: a change that
 * would break a case already running fails here with a DeterminismViolationError. For each workflow the
 * worker runs there is at least one committed history, and a tampered copy of one of its histories
 * (an activity of another type where the code schedules it) must fail: the guard is live for every
 * workflow, not only for the one whose history someone once tampered with by hand.
 *
 * The histories are written by the workflow tests with RECORD_HISTORIES=1 (test/helpers/temporal.ts
 * recordHistory), e.g. `RECORD_HISTORIES=1 npx jest test/workflows/sme-registration.test.ts`. A test that
 * records a history also fails when its file is missing, so a recorded history cannot vanish silently;
 * the histories of earlier versions, which no test records any more, are named below.
 */
import { DeterminismViolationError } from '@temporalio/workflow';
import * as workflows from '../../services/workflows';
import {
  historyNames,
  loadHistory,
  replayHistory,
  tamperHistory,
  workflowBundle,
  workflowTypeOf,
  ALL_WORKFLOWS,
} from '../helpers/temporal';

const names = historyNames();
const typeOf = new Map(names.map((name) => [name, workflowTypeOf(loadHistory(name))]));

/** The workflow functions the worker registers (services/workflows.ts exports them with their updates, signals, helpers). */
const workflowTypes = Object.entries(workflows)
  .filter(([, v]) => typeof v === 'function' && v.constructor.name === 'AsyncFunction')
  .map(([k]) => k)
  .sort();

/** For each workflow type: its first recorded history by name (the one tampered with below). */
const firstHistoryOf = new Map<string, string>();
for (const name of names) if (!firstHistoryOf.has(typeOf.get(name) as string)) firstHistoryOf.set(typeOf.get(name) as string, name);

beforeAll(async () => {
  await workflowBundle(ALL_WORKFLOWS);
}, 120_000);

test('every workflow the worker runs has committed histories', () => {
  expect(workflowTypes).toEqual(
    expect.arrayContaining([
      'smeRegistration',
      'flagEmblemLicenseWorkflow',
      'flagEmblemLicenseReissueWorkflow',
      'flagEmblemLicenseDuplicateWorkflow',
      'deathNoticeWorkflow',
    ]),
  );
  expect([...firstHistoryOf.keys()].sort()).toEqual(workflowTypes);
});

test('recorded histories exist: before and with the approval chain, before the fee from reference data and before the registration notice (issue, hearing, unpaid fee, escalation, re-issue, rework), and the duplicate', () => {
  const flag = names.filter((n) => n.startsWith('flag-emblem-license'));
  // Cases started before the approval chain (patch 'flag-emblem-approval-chain') must keep replaying.
  expect(flag.filter((n) => n.startsWith('flag-emblem-license-before-approval-chain-'))).toHaveLength(5);
  expect(flag).toEqual(
    expect.arrayContaining([
      'flag-emblem-license-issued-nauryz',
      'flag-emblem-license-approval-chain-reworked',
      'flag-emblem-license-reissued',
      'flag-emblem-license-duplicate-issued',
    ]),
  );
  // Cases started while the fee was priced in the constructor (before patch 'fee-from-reference-data').
  const beforeFee = [
    'issued-nauryz',
    'escalated-refused-to-consider',
    'hearing-objection-refused',
    'fee-unpaid-refused',
    'approval-chain-reworked',
    'approval-chain-hearing-from-rework',
    'reissued',
  ];
  expect(flag).toEqual(expect.arrayContaining(beforeFee.map((c) => `flag-emblem-license-before-fee-reference-data-${c}`)));
  // Cases started before the registration notice of seed 004 ¶23 (patch 'flag-emblem-registration-notice'):
  // the license and re-issue, and the duplicate.
  expect(flag).toEqual(expect.arrayContaining(beforeFee.map((c) => `flag-emblem-license-before-registration-notice-${c}`)));
  expect(flag).toEqual(
    expect.arrayContaining(
      ['issued', 'refused-1', 'refused-2', 'refused-3'].map((c) => `flag-emblem-license-duplicate-before-registration-notice-${c}`),
    ),
  );
});

test('a complaint filed with the provider for the reviewing body replays from before it started in the provider inbox (patch complaint-provider-inbox-until-forwarded) and with it', () => {
  expect(names).toEqual(expect.arrayContaining(['complaint-before-provider-inbox-forwarded-dismissed', 'complaint-forwarded-dismissed']));
});

test('recorded histories of a request to an approving body exist: suspending the term (before patch approving-body-no-suspension) and not (seed 003 provides no suspension)', () => {
  const cases = ['approving-body-negative-answer', 'approving-body-silent'];
  // Cases whose request suspended the term must keep replaying with their notices and moved deadlines.
  expect(names).toEqual(expect.arrayContaining(cases.map((c) => `flag-emblem-license-before-approving-body-no-suspension-${c}`)));
  expect(names).toEqual(expect.arrayContaining(cases.map((c) => `flag-emblem-license-${c}`)));
});

test('recorded MNE licence histories exist: signed directly (before patch mne-license-approval-chain) and through the approval chain', () => {
  // Recorded before the chain (seed 001 ¶11(11) signed at once): cases started then must keep replaying.
  expect(names).toEqual(expect.arrayContaining(['mne-license-counter-issued-handed-over', 'mne-license-portal-refused-after-hearing']));
  expect(names).toContain('mne-license-counter-approval-chain-handed-over');
  // Recorded before a late hand-over was kept for the metric (patch 'counter-hand-over-breach-kept').
  expect(names).toContain('mne-license-counter-approval-chain-before-hand-over-breach-kept');
});

test('recorded seed 000 histories exist: of the first version of the workflow, of the invoiced fee and of the current one', () => {
  const cases = ['happy-path', 'bank-refusal-another-bank', 'founder-never-signs', 'registry-refuses-name'];
  // Recorded with the first SME workflow (87ecec0): cases started then must keep replaying.
  expect(names).toEqual(expect.arrayContaining(cases.map((c) => `sme-registration-first-version-${c}`)));
  // Recorded while the fee was still invoiced (before patch 'sme-zero-rate-fee').
  expect(names).toEqual(expect.arrayContaining(cases.map((c) => `sme-registration-before-zero-rate-${c}`)));
  expect(names).toEqual(expect.arrayContaining(cases.map((c) => `sme-registration-${c}`)));
});

test('recorded histories from before and after the read-model writes became local activities (patch read-model-local-activity)', () => {
  const sme = [
    'happy-path',
    'bank-refusal-another-bank',
    'founder-never-signs',
    'registry-refuses-name',
    'technical-failure-registry-down',
    'insurer-refused',
  ];
  // Recorded while recordProgress was an activity task: cases started then must keep replaying.
  expect(names).toEqual(expect.arrayContaining(sme.map((c) => `sme-registration-before-read-model-local-activity-${c}`)));
  expect(names).toContain('flag-emblem-license-before-read-model-local-activity-issued-nauryz');
  const recordProgressTasks = (name: string): number =>
    loadHistory(name).events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'recordProgress').length;
  const localActivities = (name: string): number =>
    loadHistory(name).events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length;
  for (const name of [
    'sme-registration-before-read-model-local-activity-happy-path',
    'flag-emblem-license-before-read-model-local-activity-issued-nauryz',
  ]) {
    expect(recordProgressTasks(name)).toBeGreaterThan(0);
    expect(localActivities(name)).toBe(0);
  }
  // Recorded with the patch: the same writes as local-activity markers, no activity task each.
  for (const name of ['sme-registration-happy-path', 'flag-emblem-license-issued-nauryz']) {
    expect(recordProgressTasks(name)).toBe(0);
    expect(localActivities(name)).toBeGreaterThan(0);
  }
});

test.each(names)(
  '%s replays on the current workflow code',
  async (name) => {
    await expect(replayHistory(loadHistory(name), name)).resolves.toBeUndefined();
  },
  60_000,
);

describe('a tampered history fails with DeterminismViolationError', () => {
  test.each(workflowTypes)(
    '%s',
    async (type) => {
      const name = firstHistoryOf.get(type);
      if (!name) throw new Error(`no recorded history of ${type}`);
      const { tampered, activityType } = tamperHistory(loadHistory(name));
      expect(
        tampered.events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === `${activityType}Tampered`),
      ).toHaveLength(1);
      await expect(replayHistory(tampered, `${name} (tampered)`)).rejects.toThrow(DeterminismViolationError);
    },
    60_000,
  );
});

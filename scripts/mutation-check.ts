/**
 * `make mutation-check`: changes each pinned number (terms, windows, fees, MRP) one at a time, runs the
 * tests that pin it, and expects them to fail; restores the file whatever happens. Prints one line per
 * mutation and "N passed, N failed" (a mutation that no test catches is a failure). Not part of
 * `make test`: it runs jest once per mutation (about 10 s each on 2 cores). `ONLY=<words>` (or an argument)
 * runs only the mutations whose description contains them.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

interface Mutation {
  /** What the number is and where the law (or we) set it. */
  what: string;
  file: string;
  from: string;
  to: string;
  /** The tests that pin it. */
  tests: string[];
}

const SME_RULES = 'services/sme-registration/rules.ts';
const FLAG_RULES = 'services/flag-emblem/license-rules.ts';
const DUPLICATE_RULES = 'services/flag-emblem/duplicate-rules.ts';
const FEES = 'domain/fees.ts';
const REFERENCE_DATA = 'workflows/shared/reference-data.ts';
const smeTests = ['test/domain/sme-registration.test.ts'];
const flagTests = ['test/domain/flag-emblem-license.test.ts'];
const feeTests = ['test/domain/fees.test.ts'];

const COMPLAINTS = 'domain/complaints.ts';
const complaintTests = ['test/domain/complaints.test.ts'];
const complaint = (what: string, line: string, from: number, to: number): Mutation => ({
  what,
  file: COMPLAINTS,
  from: `  ${line}: ${from},`,
  to: `  ${line}: ${to},`,
  tests: complaintTests,
});

const NCA_RULES = 'services/nca/rules.ts';
const ncaTests = ['test/services/nca-rules.test.ts'];

export const MUTATIONS: Mutation[] = [
  complaint('seed 003 ¶16: filing within 3 months', 'filingMonths', 3, 4),
  complaint('seed 003 ¶16: provider 5 working days', 'providerWorkingDays', 5, 6),
  complaint('seed 003 ¶16: quality authority 15 working days', 'qualityAuthorityWorkingDays', 15, 16),
  complaint('seed 003 ¶16: reviewing body 20 working days', 'reviewingBodyWorkingDays', 20, 21),
  complaint('seed 003 ¶16: extension at most 10 working days', 'maxExtensionWorkingDays', 10, 11),
  complaint('seed 003 ¶16: extension notice within 3 working days', 'extensionNoticeWorkingDays', 3, 4),
  complaint('seed 003 ¶16: forwarding within 3 working days', 'forwardingWorkingDays', 3, 4),
  complaint('seed 002 ¶11: heads 5 working days', 'headWorkingDays2016', 5, 6),
  ...(
    [
      ['seed 002 ¶4(1): 1 working day', 'RESULT_TERM_WORKING_DAYS = 1;', 'RESULT_TERM_WORKING_DAYS = 2;'],
      ['seed 002 ¶4(2): queue 20 minutes', 'QUEUE_WAIT_MINUTES = 20;', 'QUEUE_WAIT_MINUTES = 21;'],
      ['seed 002 ¶4(3): service 20 minutes', 'COUNTER_SERVICE_MINUTES = 20;', 'COUNTER_SERVICE_MINUTES = 21;'],
      ['seed 002 ¶10(3): 16 years', 'MINIMUM_AGE_YEARS = 16;', 'MINIMUM_AGE_YEARS = 15;'],
      ['seed 002 ¶9 item 6: 3 working days', 'TREASURY_AGREEMENT_MAX_WORKING_DAYS = 3;', 'TREASURY_AGREEMENT_MAX_WORKING_DAYS = 4;'],
      ['seed 002 A9: 2 copies', 'A9_RECEIPT_COPIES = 2;', 'A9_RECEIPT_COPIES = 3;'],
      ['seed 002 ¶9: 5 receipt items', 'ACCEPTANCE_RECEIPT_ITEMS = 5;', 'ACCEPTANCE_RECEIPT_ITEMS = 6;'],
    ] as const
  ).map(([what, from, to]) => ({ what, file: NCA_RULES, from: `export const ${from}`, to: `export const ${to}`, tests: ncaTests })),
  {
    what: 'seed 002 A1: certificates valid 1 year',
    file: 'pki/profiles.ts',
    from: 'export const CERTIFICATE_VALIDITY_YEARS = 1;',
    to: 'export const CERTIFICATE_VALIDITY_YEARS = 2;',
    tests: ['test/pki/nca.test.ts'],
  },
  {
    what: 'seed 000 ¶4: one hour',
    file: SME_RULES,
    from: 'export const REGISTRATION_TERM_HOURS = 1;',
    to: 'export const REGISTRATION_TERM_HOURS = 2;',
    tests: smeTests,
  },
  {
    what: 'ours: at risk after 45 minutes',
    file: SME_RULES,
    from: 'export const AT_RISK_AFTER_MINUTES = 45;',
    to: 'export const AT_RISK_AFTER_MINUTES = 30;',
    tests: smeTests,
  },
  {
    what: 'ours: 15 minutes to choose another bank',
    file: SME_RULES,
    from: 'export const BANK_CHOICE_WINDOW_MINUTES = 15;',
    to: 'export const BANK_CHOICE_WINDOW_MINUTES = 25;',
    tests: smeTests,
  },
  {
    what: 'ours: 15 minutes to pay',
    file: SME_RULES,
    from: 'export const PAYMENT_WINDOW_MINUTES = 15;',
    to: 'export const PAYMENT_WINDOW_MINUTES = 25;',
    tests: smeTests,
  },
  {
    what: 'ours: 15 minutes to sign',
    file: SME_RULES,
    from: 'export const SIGNING_WINDOW_MINUTES = 15;',
    to: 'export const SIGNING_WINDOW_MINUTES = 25;',
    tests: smeTests,
  },
  { what: 'seed 000 ¶5.9: zero rate', file: SME_RULES, from: '  amountTenge: 0,', to: '  amountTenge: 1,', tests: smeTests },
  {
    what: 'seed 003 ¶10: completeness in 1 working day',
    file: FLAG_RULES,
    from: '  completenessCheckWorkingDays: 1,',
    to: '  completenessCheckWorkingDays: 2,',
    tests: flagTests,
  },
  {
    what: 'seed 003 ¶10: site visit in 2 working days',
    file: FLAG_RULES,
    from: '  siteVisitWorkingDays: 2,',
    to: '  siteVisitWorkingDays: 3,',
    tests: flagTests,
  },
  { what: 'seed 003 ¶12: 7 working days', file: FLAG_RULES, from: '  termWorkingDays: 7,', to: '  termWorkingDays: 8,', tests: flagTests },
  {
    what: 'seed 003 ¶12-1: preliminary decision 3 working days before',
    file: FLAG_RULES,
    from: '  preliminaryDecisionWorkingDaysBeforeDue: 3,',
    to: '  preliminaryDecisionWorkingDaysBeforeDue: 2,',
    tests: flagTests,
  },
  {
    what: 'seed 003 ¶12-1: objection within 2 working days',
    file: FLAG_RULES,
    from: '  objectionWorkingDays: 2,',
    to: '  objectionWorkingDays: 3,',
    tests: flagTests,
  },
  {
    what: 'ours: the duplicate in 1 working day',
    file: DUPLICATE_RULES,
    from: 'export const DUPLICATE_TERM_WORKING_DAYS = 1;',
    to: 'export const DUPLICATE_TERM_WORKING_DAYS = 2;',
    tests: ['test/domain/services.test.ts', 'test/api/services/flag-emblem-license-duplicate.test.ts'],
  },
  {
    what: 'Annex 2 item 6(1): 10 MRP to issue',
    file: FEES,
    from: "'flag-emblem-license': { mrp: 10,",
    to: "'flag-emblem-license': { mrp: 11,",
    tests: feeTests,
  },
  {
    what: 'Annex 2 item 6(2): 1 MRP to re-issue',
    file: FEES,
    from: "'flag-emblem-license-reissue': { mrp: 1,",
    to: "'flag-emblem-license-reissue': { mrp: 2,",
    tests: feeTests,
  },
  { what: 'MRP 2024: 3 692 tenge', file: FEES, from: 'year: 2024, tenge: 3692,', to: 'year: 2024, tenge: 3693,', tests: feeTests },
  { what: 'MRP 2025: 3 932 tenge', file: FEES, from: 'year: 2025, tenge: 3932,', to: 'year: 2025, tenge: 3933,', tests: feeTests },
  { what: 'MRP 2026: 4 325 tenge', file: FEES, from: 'year: 2026, tenge: 4325,', to: 'year: 2026, tenge: 4326,', tests: feeTests },
  {
    what: 'seed 003 ¶12-1: a preliminary decision after its deadline is marked late',
    file: 'services/flag-emblem/license-decision.workflow.ts',
    from: '  const late = isPreliminaryDecisionLate(c.clock.now(), c.dueAt, c.clock.calendar);',
    to: '  const late = false;',
    tests: ['test/workflows/flag-emblem-license-deadlines.test.ts'],
  },
  {
    what: 'ours: a waiting case asks again every 30 minutes',
    file: REFERENCE_DATA,
    from: 'export const REFERENCE_DATA_RECHECK_MS = 30 * 60_000;',
    to: 'export const REFERENCE_DATA_RECHECK_MS = 60 * 60_000;',
    tests: ['test/workflows/flag-emblem-license-reference-data.test.ts'],
  },
  {
    what: 'seed 002 ¶4(2): waiting at the counter at most 20 minutes',
    file: 'counter/channel.ts',
    from: 'export const WAITING_SLA_MINUTES = 20;',
    to: 'export const WAITING_SLA_MINUTES = 21;',
    tests: ['test/counter/visit.workflow.test.ts'],
  },
  {
    what: 'seed 001 ¶9(2): 20 minutes at the counter',
    file: 'counter/channel.ts',
    from: 'export const SERVICE_SLA_MINUTES = 20;',
    to: 'export const SERVICE_SLA_MINUTES = 21;',
    tests: ['test/counter/visit.workflow.test.ts'],
  },
  ...(
    [
      ['ours: an MNE licence in 15 working days', 'LICENCE_TERM_WORKING_DAYS = 15;', 'LICENCE_TERM_WORKING_DAYS = 16;'],
      ['ours: the MNE permit (S2) in 10 working days', 'PERMIT_TERM_WORKING_DAYS = 10;', 'PERMIT_TERM_WORKING_DAYS = 11;'],
      ['ours: 3 working days to object (APPC art. 73)', 'OBJECTION_WORKING_DAYS = 3;', 'OBJECTION_WORKING_DAYS = 4;'],
      ['seed 001 ¶12(2): hand-over in 20 minutes', 'HAND_OVER_MINUTES = 20;', 'HAND_OVER_MINUTES = 21;'],
    ] as const
  ).map(([what, from, to]) => ({
    what,
    file: 'services/mne-licensing/rules.ts',
    from: `export const ${from}`,
    to: `export const ${to}`,
    tests: ['test/workflows/mne-license.test.ts'],
  })),
  {
    what: 'ours: an uncollected counter result kept one calendar month',
    file: 'counter/channel.ts',
    from: 'export const RESULT_RETENTION_MONTHS = 1;',
    to: 'export const RESULT_RETENTION_MONTHS = 2;',
    tests: ['test/workflows/mne-license.test.ts'],
  },
  {
    what: 'ours: the broadcast of a published version passes again after 30 s',
    file: 'reference-data/broadcast.workflow.ts',
    from: 'export const SECOND_PASS_DELAY_MS = 30_000;',
    to: 'export const SECOND_PASS_DELAY_MS = 31_000;',
    tests: ['test/reference-data/broadcast-delay.test.ts'],
  },
  {
    what: 'ours: system signing certificates valid 825 days',
    file: 'pki/system-signers.ts',
    from: 'export const SYSTEM_SIGNER_VALIDITY_DAYS = 825;',
    to: 'export const SYSTEM_SIGNER_VALIDITY_DAYS = 826;',
    tests: ['test/pki/system-signer-validity.test.ts'],
  },
];

function caught(m: Mutation, root: string): boolean {
  const file = path.join(root, m.file);
  const original = fs.readFileSync(file, 'utf8');
  if (original.split(m.from).length !== 2)
    throw new Error(`${m.file}: "${m.from}" must occur exactly once (the mutation list is out of date)`);
  try {
    fs.writeFileSync(file, original.replace(m.from, m.to));
    const r = spawnSync('npx', ['jest', '--ci', '--maxWorkers=1', '--silent', ...m.tests], { cwd: root, encoding: 'utf8' });
    return r.status !== 0;
  } finally {
    fs.writeFileSync(file, original);
  }
}

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  let passed = 0;
  let failed = 0;
  // `make mutation-check ONLY=<words>` (or an argument): only the mutations whose description contains them.
  const only = process.argv[2] ?? process.env['ONLY'];
  for (const m of MUTATIONS.filter((x) => !only || x.what.includes(only))) {
    const ok = caught(m, root);
    if (ok) passed += 1;
    else failed += 1;
    process.stdout.write(`${ok ? 'caught  ' : 'MISSED  '} ${m.what}: ${m.file} "${m.from.trim()}" → "${m.to.trim()}"\n`);
  }
  process.stdout.write(`mutation-check: ${passed} passed, ${failed} failed\n`);
  process.exit(failed === 0 ? 0 : 1);
}

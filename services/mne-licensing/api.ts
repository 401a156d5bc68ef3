/**
 * The five MNE licensing services of seed 001 on the uniform API (one module per service, one workflow):
 * portal applications (POST /v1/services/{code}/applications), the provider's conclusion (Annex 3) and
 * final decision, the applicant's objection; and, for S1 and S3–S5, the State Corporation counter
 * descriptor (counter/channel.ts CounterIntake) the counter routes and the worker's forwarding read.
 */
import { z } from '../../api/zod';
import { serviceAction, type ServiceAction, type ServiceModule } from '../../api/service-module';
import type { CounterIntake, CounterIntakeData } from '../../counter/channel';
import { SERVICE_SLA_MINUTES } from '../../counter/channel';
import { BinSchema, IinSchema } from '../../domain/identification-number';
import type { Principal } from '../../domain/roles';
import type { ServiceDescriptor } from '../../domain/services';
import { MNE_LICENSE_CHAIN } from '../../domain/approval-chains';
import { draftReviewUpdate, draftSubmitUpdate } from '../../workflows/shared/approval-chain';
import type { Actor } from '../../workflows/shared/staff-decision';
import {
  MNE_FEE_NOTE,
  MNE_LICENSOR_BODY,
  MNE_PAPER_DOCUMENTS,
  MNE_SERVICES,
  mneApprovalChain,
  planMneLicense,
  type MneApplication,
  type MneExchangeActivity,
  type MneGoods,
  type MneServiceCode,
  type MneWorkflowInput,
} from './rules';
import { finalDecisionUpdate, mneLicense, mneObjectionUpdate, recordConclusionUpdate } from './workflow';

export const GoodsSchema = z
  .object({
    direction: z.enum(['import', 'export', 'import-and-export']),
    hsCode: z.string().regex(/^\d{10}$/, 'a 10-digit EAEU commodity nomenclature code'),
    description: z.string().trim().min(3).max(500),
    quantity: z.number().positive(),
    unit: z.string().trim().min(1).max(20),
    country: z.string().trim().min(2).max(100),
    contract: z.object({ number: z.string().trim().min(1).max(60), date: z.iso.date() }),
  })
  .openapi('MneGoods');
export const ExchangeActivitySchema = z
  .object({
    exchangeName: z.string().trim().min(2).max(200),
    qualifiedStaff: z.number().int().min(0).max(10_000),
  })
  .openapi('MneExchangeActivity');

export const GOODS_EXAMPLE: MneGoods = {
  direction: 'export',
  hsCode: '1001990000',
  description: 'Wheat, other than durum, for food use',
  quantity: 5000,
  unit: 't',
  country: 'Uzbekistan',
  contract: { number: 'EX-2026/117', date: '2026-02-10' },
};
export const ACTIVITY_EXAMPLE: MneExchangeActivity = { exchangeName: 'Eurasian Trading System commodity exchange', qualifiedStaff: 4 };

const Applicant = z.object({ bin: BinSchema, name: z.string().trim().min(2).max(300) });
const Representative = z.object({
  iin: IinSchema,
  fullName: z.string().trim().min(3).max(200),
  powerOfAttorney: z.enum(['notarised', 'other']),
});

function applicationSchema(code: MneServiceCode) {
  const family = MNE_SERVICES[code].family;
  const example: MneApplication = {
    applicant: { bin: '180340001231', name: 'ТОО «Мемлекеттік Рәміздер Өндірісі»' },
    ...(family === 'goods' ? { goods: GOODS_EXAMPLE } : { activity: ACTIVITY_EXAMPLE }),
  };
  const base = z.object({ applicant: Applicant, representative: Representative.optional() });
  const schema = family === 'goods' ? base.extend({ goods: GoodsSchema }) : base.extend({ activity: ExchangeActivitySchema });
  return schema.openapi(`MneApplication_${MNE_SERVICES[code].seedId}`, { example });
}

const ConclusionSchema = z
  .object({
    eligible: z.boolean(),
    findings: z
      .array(z.object({ requirement: z.string().trim().min(2).max(300), finding: z.string().trim().min(2).max(2000), met: z.boolean() }))
      .max(50),
    conclusion: z.string().trim().min(5).max(5000),
  })
  .openapi('MneConclusion', {
    example: {
      eligible: true,
      findings: [{ requirement: 'foreign-trade contract', finding: 'contract EX-2026/117 presented and consistent', met: true }],
      conclusion: 'The applicant is eligible for the licence (Annex 3).',
    },
  });
const ObjectionSchema = z.object({ text: z.string().trim().min(5).max(5000) }).openapi('MneObjection', {
  example: { text: 'The contract was amended on 2026-02-20; the amendment is attached to the portal request.' },
});
const FinalDecisionSchema = z
  .object({ decision: z.enum(['issue', 'refuse']), reasoning: z.string().trim().min(5).max(5000) })
  .openapi('MneFinalDecision', {
    example: { decision: 'refuse', reasoning: "The objection does not remove the violation found in the applicant's data." },
  });

const chainName = z.literal(MNE_LICENSE_CHAIN);
const DraftReviewSchema = z
  .object({ chain: chainName, verdict: z.enum(['approve', 'reject']), comment: z.string().trim().min(1).max(5000).optional() })
  .refine((r) => r.verdict === 'approve' || r.comment !== undefined, {
    message: 'a rejection says what to rework (comment)',
    path: ['comment'],
  })
  .openapi('MneDraftReview', { example: { chain: MNE_LICENSE_CHAIN, verdict: 'approve' } });
const DraftSubmitSchema = z.object({ chain: chainName, content: z.record(z.string(), z.unknown()) }).openapi('MneDraftSubmit', {
  example: {
    chain: MNE_LICENSE_CHAIN,
    content: {
      holder: { bin: '180340001231', name: 'ТОО «Мемлекеттік Рәміздер Өндірісі»' },
      goods: GOODS_EXAMPLE,
      note: 'contract date corrected as the division head asked',
    },
  },
});

function actorOf(principal: Principal): Actor {
  return {
    subject: principal.subject,
    role: principal.role,
    ...(principal.licensorBody ? { licensorBody: principal.licensorBody } : {}),
    ...(principal.displayName ? { displayName: principal.displayName } : {}),
  };
}

export const MNE_ACTIONS_API: ServiceAction[] = [
  serviceAction({
    update: recordConclusionUpdate,
    summary:
      "seed 001 ¶11(9) (C2): the provider's conclusion on the Annex 3 form (eligibility, or the qualification requirements and grounds)",
    roles: ['staff'],
    input: ConclusionSchema,
    toUpdateArg: (conclusion, p) => ({ conclusion, actor: actorOf(p) }),
  }),
  serviceAction({
    update: mneObjectionUpdate,
    summary: 'APPC art. 73: the applicant objects to the preliminary refusal within the window',
    roles: ['portal'],
    input: ObjectionSchema,
    toUpdateArg: (b, p) => ({ text: b.text, actor: actorOf(p) }),
  }),
  serviceAction({
    update: finalDecisionUpdate,
    summary: "seed 001 ¶11(10)–(11) after the hearing: issue the licence, or refuse for violations in the applicant's data",
    roles: ['staff'],
    input: FinalDecisionSchema,
    toUpdateArg: (b, p) => ({ ...b, actor: actorOf(p) }),
  }),
  serviceAction({
    update: draftReviewUpdate,
    summary:
      "seed 001 ¶11(11) through the provider's approval chain: the next participant approves the draft licence (the authorized person's approval signs and issues it) or rejects it back to the executor, saying what to rework",
    roles: ['staff'],
    input: DraftReviewSchema,
    toUpdateArg: (b, p) => ({ chain: b.chain, verdict: b.verdict, ...(b.comment ? { comment: b.comment } : {}), actor: actorOf(p) }),
  }),
  serviceAction({
    update: draftSubmitUpdate,
    summary: 'after a rejection, the executor resubmits the draft licence (holder.bin stays the applicant); it climbs the chain again',
    roles: ['staff'],
    input: DraftSubmitSchema,
    toUpdateArg: (b, p) => ({ chain: b.chain, content: b.content, actor: actorOf(p) }),
  }),
];

/** The counter descriptor (seed 001 ¶11) of a service with the State Corporation channel. */
function counterIntake(code: MneServiceCode): CounterIntake | undefined {
  const rules = MNE_SERVICES[code];
  if (!rules.handOver) return undefined;
  const form = rules.family === 'goods' ? z.object({ goods: GoodsSchema }) : z.object({ activity: ExchangeActivitySchema });
  return {
    terms: {
      lookups: { legalEntity: true, notarisedPowerOfAttorney: true }, // seed 001 ¶11(3)
      paperDocuments: MNE_PAPER_DOCUMENTS[rules.family],
      serviceMinutes: { minutes: SERVICE_SLA_MINUTES, regulation: `seed 001 ${rules.seedId} ¶9(2)` },
      handOver: rules.handOver,
    },
    form,
    formExample: rules.family === 'goods' ? { goods: GOODS_EXAMPLE } : { activity: ACTIVITY_EXAMPLE },
    toApplication: (intake: CounterIntakeData): MneApplication => {
      const f = intake.form as { goods?: MneGoods; activity?: MneExchangeActivity };
      return {
        // ¶11(3): the applicant's data as the legal-entities database holds them.
        applicant: { bin: intake.applicant.bin, name: intake.lookedUp.legalEntity?.name ?? intake.applicant.name },
        ...(intake.representative
          ? {
              representative: {
                iin: intake.representative.iin,
                fullName: intake.representative.fullName,
                powerOfAttorney: intake.representative.powerOfAttorney.kind,
              },
            }
          : {}),
        ...(f.goods ? { goods: f.goods } : {}),
        ...(f.activity ? { activity: f.activity } : {}),
      };
    },
  };
}

function descriptorOf(code: MneServiceCode): ServiceDescriptor {
  const r = MNE_SERVICES[code];
  return {
    code,
    name: r.name,
    licensorBody: MNE_LICENSOR_BODY,
    term: { kind: 'working-days', days: r.termWorkingDays.value, regulation: r.termWorkingDays.source },
    fee: { kind: 'free', note: MNE_FEE_NOTE },
    channels: r.channels,
    regulation: `Seed 001 (${r.seedId}): MNE Order No. 107 of 26.02.2016 (reg. No. 13519), amending MNE Order No. 396 of 20.05.2015; channels: ${r.channelsSource}`,
  };
}

export function mneModule(code: MneServiceCode): ServiceModule {
  const input = applicationSchema(code);
  const counter = counterIntake(code);
  const module: ServiceModule<typeof input, MneWorkflowInput> = {
    descriptor: descriptorOf(code),
    input,
    workflow: mneLicense,
    applicantRef: (app) => app.applicant.bin,
    plan: (submittedAt, cal) => {
      const p = planMneLicense(code, submittedAt, cal);
      return {
        submittedAt: p.submittedAt,
        registeredAt: p.registeredAt,
        milestones: [{ name: 'dueAt', dueAt: p.dueAt, regulation: MNE_SERVICES[code].termWorkingDays.source }],
        dueAt: p.dueAt,
        calendarVersion: p.calendarVersion,
      };
    },
    workflowInput: ({ applicationId, ancn, plan, calendar, input: app, principal }) => ({
      applicationId,
      ancn,
      serviceCode: code,
      submittedAt: plan.submittedAt.toISOString(),
      application: app,
      // A counter operator forwards it (seed 001 ¶9(3)); otherwise it came through the portal.
      channel:
        principal.role === 'operator' && principal.branch
          ? { kind: 'state-corporation', branchId: principal.branch, operator: principal.subject }
          : { kind: 'portal' },
      calendar,
      // Recorded in the case's history: a later change of the chain in code does not touch running cases.
      approvalChain: mneApprovalChain(code),
    }),
    actions: MNE_ACTIONS_API,
    ...(counter ? { counter } : {}),
  };
  return module;
}

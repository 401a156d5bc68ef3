/**
 * Seed 001 (MNE Order No. 107 of 26.02.2016, amending MNE Order No. 396 of 20.05.2015): five licensing
 * services, one generic workflow. The order is an amending order: it states no term, fee, document list or
 * refusal grounds (close reading §0, §1.6). Every number below that is not in seed 001 is marked "ours"
 * with `source`, shown in the catalogue, and listed in REGULATION.md; none is copied from seed 003.
 * Pure and deterministic: the workflow imports it.
 */
import { MNE_LICENSE_APPROVAL_CHAINS } from '../../domain/approval-chains';
import { embeddedCalendar, type BusinessCalendar, type CalendarData } from '../../domain/calendar';
import type { LocalizedText } from '../../domain/services';
import type { HandOverLimit, PaperDocument } from '../../counter/channel';

export const MNE_SERVICE_CODES = [
  'mne-import-export-license',
  'mne-export-import-permit',
  'mne-commodity-dealer-license',
  'mne-commodity-broker-license',
  'mne-commodity-exchange-license',
] as const;
export type MneServiceCode = (typeof MNE_SERVICE_CODES)[number];

/** A number with where it comes from: 'seed 001 ¶…' when the seed states it, 'ours: …' otherwise. */
export interface Sourced<T> {
  value: T;
  source: string;
}

/** What the goods services (S1, S2) license, and what the commodity-exchange services (S3–S5) do. */
export type MneFamily = 'goods' | 'commodity-exchange';

export interface MneServiceRules {
  code: MneServiceCode;
  /** S1…S5, as the close reading numbers them. */
  seedId: 'S1' | 'S2' | 'S3' | 'S4' | 'S5';
  family: MneFamily;
  name: LocalizedText;
  /** The result document. */
  result: 'license' | 'permit';
  /** Working days from registration to the result. Not in seed 001. */
  termWorkingDays: Sourced<number>;
  /** The applicant's window to object to a preliminary refusal (APPC art. 73 hearing). Not in seed 001. */
  objectionWorkingDays: Sourced<number>;
  channels: Array<'portal' | 'state-corporation' | 'provider'>;
  channelsSource: string;
  /** ¶12(2): only the services with a State Corporation channel. */
  handOver?: HandOverLimit;
  /** What the provider checks (§1.4 C2). */
  check: string;
  /**
   * Who approves the licence before it is signed, in order; the last is the authorized person whose ECDS
   * signs it (seed 001 ¶11(11)). Those before are ours (domain/approval-chains.ts).
   */
  approvalChain: Sourced<ReadonlyArray<{ subject: string; title: string }>>;
}

/** ours: seed 001 gives no term (§1.6); 15 working days, the longest licence term we could not source, marked unknown-base. */
const TERM_OURS = 'ours: seed 001 states no term (close reading §1.6); the base regulation (Order No. 396) is not in the corpus';
/** ours: the hearing window; seed 001 does not mention the hearing; APPC art. 73 lets the participant be heard. */
const OBJECTION_OURS = 'ours: APPC art. 73 hearing (seed 001 is silent); the window in working days is our choice';

/** ours (seed 001 §1.6 states no term): the provider's term for a licence (S1, S3–S5), working days from registration. */
export const LICENCE_TERM_WORKING_DAYS = 15;
/** ours (seed 001 §1.6 states no term): the provider's term for the S2 permit, working days from registration. */
export const PERMIT_TERM_WORKING_DAYS = 10;
/** ours (seed 001 is silent; APPC art. 73): the applicant's window to object to a preliminary refusal, working days. */
export const OBJECTION_WORKING_DAYS = 3;
/** seed 001 ¶12(2): handing over the result, minutes (S1 "not more than 20", S3–S5 "20"). */
export const HAND_OVER_MINUTES = 20;

const NOT_MORE_THAN_20: HandOverLimit = {
  minutes: HAND_OVER_MINUTES,
  wording: 'not-more-than',
  regulation: 'seed 001 S1 ¶12(2) ("not more than 20 minutes")',
};
const TWENTY: HandOverLimit = { minutes: HAND_OVER_MINUTES, wording: 'exactly', regulation: 'seed 001 S3–S5 ¶12(2) ("20 minutes")' };

/** seed 001 ¶11(11) names the signer ("the provider's authorized person"); the chain before it is ours. */
const CHAIN_SOURCE =
  "seed 001 ¶11(11) (the last participant: the provider's authorized person signs with ECDS); ours: the division head before it (seed 001 is silent)";
const GOODS_CHAIN = { value: MNE_LICENSE_APPROVAL_CHAINS.goods, source: CHAIN_SOURCE };
const EXCHANGE_CHAIN = { value: MNE_LICENSE_APPROVAL_CHAINS['commodity-exchange'], source: CHAIN_SOURCE };

const SC_CHANNELS = 'seed 001 ¶1 part 2 item 1 (State Corporation), ¶9, ¶11, ¶12; portal: title of Annex 2 diagram No. 2';

export const MNE_SERVICES: Readonly<Record<MneServiceCode, MneServiceRules>> = {
  'mne-import-export-license': {
    code: 'mne-import-export-license',
    seedId: 'S1',
    family: 'goods',
    name: {
      kk: 'Жекелеген тауар түрлерінің импортына және (немесе) экспортына лицензия беру',
      ru: 'Выдача лицензии на импорт и (или) экспорт отдельных видов товаров',
      en: 'Issue of a licence to import and/or export certain kinds of goods',
    },
    result: 'license',
    termWorkingDays: { value: LICENCE_TERM_WORKING_DAYS, source: TERM_OURS },
    objectionWorkingDays: { value: OBJECTION_WORKING_DAYS, source: OBJECTION_OURS },
    channels: ['portal', 'state-corporation'],
    channelsSource: SC_CHANNELS,
    handOver: NOT_MORE_THAN_20,
    check: 'seed 001 S1 ¶11(9) (C2): the applicant is eligible for the licence',
    approvalChain: GOODS_CHAIN,
  },
  'mne-export-import-permit': {
    code: 'mne-export-import-permit',
    seedId: 'S2',
    family: 'goods',
    name: {
      kk: 'Қазақстан Республикасының аумағына жекелеген тауарлар түрлерiн экспорттауға және (немесе) импорттауға рұқсат беру',
      ru: 'Выдача разрешения на экспорт и (или) импорт отдельных видов товаров',
      en: 'Issue of a permit to export and/or import certain kinds of goods',
    },
    result: 'permit',
    termWorkingDays: { value: PERMIT_TERM_WORKING_DAYS, source: TERM_OURS },
    objectionWorkingDays: { value: OBJECTION_WORKING_DAYS, source: OBJECTION_OURS },
    // seed 001 order annex 3 → S2 Annex 2: diagrams "via the portal" and "via the provider"; no State Corporation.
    channels: ['portal', 'provider'],
    channelsSource: 'seed 001 order annex 3 (S2 Annex 2: portal and provider diagrams only); ¶8(1)',
    check: "seed 001 S2 ¶8(1): registration in e-licensing; the provider's check is not in seed 001 (ours: as S1)",
    approvalChain: GOODS_CHAIN,
  },
  'mne-commodity-dealer-license': {
    code: 'mne-commodity-dealer-license',
    seedId: 'S3',
    family: 'commodity-exchange',
    name: {
      kk: 'Тауар биржалары саласында дилерлік қызметпен айналысу құқығына лицензия беру',
      ru: 'Выдача лицензии на право занятия дилерской деятельностью в сфере товарных бирж',
      en: 'Licence for the right to carry on dealer activity on commodity exchanges',
    },
    result: 'license',
    termWorkingDays: { value: LICENCE_TERM_WORKING_DAYS, source: TERM_OURS },
    objectionWorkingDays: { value: OBJECTION_WORKING_DAYS, source: OBJECTION_OURS },
    channels: ['portal', 'state-corporation'],
    channelsSource: SC_CHANNELS,
    handOver: TWENTY,
    check: 'seed 001 S3 ¶11(9) (C2): the qualification requirements and the grounds for issuing the licence',
    approvalChain: EXCHANGE_CHAIN,
  },
  'mne-commodity-broker-license': {
    code: 'mne-commodity-broker-license',
    seedId: 'S4',
    family: 'commodity-exchange',
    name: {
      kk: 'Тауар биржалары саласында брокерлік қызметпен айналысу құқығына лицензия беру',
      ru: 'Выдача лицензии на право занятия брокерской деятельностью в сфере товарных бирж',
      en: 'Licence for the right to carry on broker activity on commodity exchanges',
    },
    result: 'license',
    termWorkingDays: { value: LICENCE_TERM_WORKING_DAYS, source: TERM_OURS },
    objectionWorkingDays: { value: OBJECTION_WORKING_DAYS, source: OBJECTION_OURS },
    channels: ['portal', 'state-corporation'],
    channelsSource: SC_CHANNELS,
    handOver: TWENTY,
    check: 'seed 001 S4 ¶11(9) (C2): the qualification requirements and the grounds for issuing the licence',
    approvalChain: EXCHANGE_CHAIN,
  },
  'mne-commodity-exchange-license': {
    code: 'mne-commodity-exchange-license',
    seedId: 'S5',
    family: 'commodity-exchange',
    name: {
      kk: 'Тауар биржалары қызметімен айналысу құқығына лицензия беру',
      ru: 'Выдача лицензии на право занятия деятельностью товарных бирж',
      en: 'Licence for the right to carry on commodity-exchange activity',
    },
    result: 'license',
    termWorkingDays: { value: LICENCE_TERM_WORKING_DAYS, source: TERM_OURS },
    objectionWorkingDays: { value: OBJECTION_WORKING_DAYS, source: OBJECTION_OURS },
    channels: ['portal', 'state-corporation'],
    channelsSource: SC_CHANNELS,
    handOver: TWENTY,
    check: 'seed 001 S5 ¶11(9) (C2): the qualification requirements and the grounds for issuing the licence',
    approvalChain: EXCHANGE_CHAIN,
  },
};

/** ours: seed 001 states no fee (§1.6); the system charges none until the base text is filled. */
export const MNE_FEE_NOTE = 'ours: seed 001 states no fee (close reading §1.6); none is charged until the base regulation is sourced';

/** ours: the paper documents the operator marks (seed 001 ¶11(6) names the step, not the list). */
export const MNE_PAPER_DOCUMENTS: Readonly<Record<MneFamily, readonly PaperDocument[]>> = {
  goods: [
    {
      code: 'application-form',
      name: { kk: 'Өтініш', ru: 'Заявление', en: 'Application form' },
      required: true,
      source: 'seed 001 ¶11(2) (the request form)',
    },
    {
      code: 'foreign-trade-contract',
      name: { kk: 'Сыртқы сауда шарты', ru: 'Внешнеторговый договор', en: 'Foreign-trade contract' },
      required: true,
      source: 'ours: seed 001 has no document list (§1.6)',
    },
    {
      code: 'power-of-attorney',
      name: { kk: 'Сенімхат', ru: 'Доверенность', en: 'Power of attorney' },
      required: false,
      source: "seed 001 ¶11(2) (a representative's power of attorney)",
    },
  ],
  'commodity-exchange': [
    {
      code: 'application-form',
      name: { kk: 'Өтініш', ru: 'Заявление', en: 'Application form' },
      required: true,
      source: 'seed 001 ¶11(2) (the request form)',
    },
    {
      code: 'qualification-requirements-form',
      name: {
        kk: 'Біліктілік талаптарына сәйкестік нысаны',
        ru: 'Форма сведений о соответствии квалификационным требованиям',
        en: 'Qualification requirements form',
      },
      required: true,
      source: 'ours: seed 001 S3–S5 ¶11(9) names the qualification requirements, not the form (§1.6)',
    },
    {
      code: 'power-of-attorney',
      name: { kk: 'Сенімхат', ru: 'Доверенность', en: 'Power of attorney' },
      required: false,
      source: "seed 001 ¶11(2) (a representative's power of attorney)",
    },
  ],
};

export interface MnePlan {
  submittedAt: Date;
  registeredAt: Date;
  dueAt: Date;
  atRiskAt: Date;
  calendarVersion: string;
}

/** The term from registration in e-licensing (¶8(1), ¶11(8)) by the provider's working days. */
export function planMneLicense(code: MneServiceCode, submittedAt: Date, cal: BusinessCalendar = embeddedCalendar): MnePlan {
  const registeredAt = cal.registrationMoment(submittedAt);
  const days = MNE_SERVICES[code].termWorkingDays.value;
  const dueAt = cal.addWorkingDays(registeredAt, days);
  return { submittedAt, registeredAt, dueAt, atRiskAt: cal.workingDaysBefore(dueAt, 1), calendarVersion: cal.version };
}

/** The participants of a service's licence chain, in order (the workflow's default when its input carries none). */
export function mneApprovalChain(code: MneServiceCode): Array<{ subject: string; title: string }> {
  return MNE_SERVICES[code].approvalChain.value.map((p) => ({ subject: p.subject, title: p.title }));
}

export function objectionWindowEnd(code: MneServiceCode, receivedAt: Date, cal: BusinessCalendar = embeddedCalendar): Date {
  return cal.addWorkingDaysForApplicant(receivedAt, MNE_SERVICES[code].objectionWorkingDays.value);
}

export const MNE_LICENSOR_BODY = 'mne-trade';

// ── The application ──

export interface MneGoods {
  direction: 'import' | 'export' | 'import-and-export';
  /** The 10-digit code of the EAEU foreign-trade commodity nomenclature. */
  hsCode: string;
  description: string;
  quantity: number;
  unit: string;
  country: string;
  contract: { number: string; date: string };
}
export interface MneExchangeActivity {
  /** The commodity exchange the dealer or broker trades on (S3, S4), or the exchange's own name (S5). */
  exchangeName: string;
  qualifiedStaff: number;
}

export interface MneApplication {
  applicant: { bin: string; name: string };
  representative?: { iin: string; fullName: string; powerOfAttorney: 'notarised' | 'other' };
  goods?: MneGoods;
  activity?: MneExchangeActivity;
}

/** How the application came (the case's workflow input): the portal, or the counter of a branch. */
export type MneChannel = { kind: 'portal' } | { kind: 'state-corporation'; branchId: string; operator: string };

export interface MneWorkflowInput {
  applicationId: string;
  ancn: string;
  serviceCode: MneServiceCode;
  submittedAt: string;
  application: MneApplication;
  channel: MneChannel;
  calendar?: CalendarData;
  /** The licence's approval chain as of the submission (seed 001 ¶11(11)): a later change in code does not touch running cases. */
  approvalChain?: Array<{ subject: string; title: string }>;
}

/** Annex 3 (the provider's conclusion): not in seed 001; its fields are ours. */
export interface ProviderConclusion {
  eligible: boolean;
  findings: Array<{ requirement: string; finding: string; met: boolean }>;
  conclusion: string;
}

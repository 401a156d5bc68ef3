/**
 * The e-mail notification-report of acceptance (seed 002 ¶9: "a notification-report of acceptance goes to
 * the e-mail given in the application"). The law names the channel, not the text: the subject and body are
 * ours (REGULATION.md). They repeat what the acceptance receipt says the applicant needs — the service, the
 * case's ANCN, when and where the result is issued. Pure: the workflow composes the notice, the activity
 * only sends it.
 */
import { toKzIso } from '../../domain/calendar';
import type { NcaChannel } from './case';
import type { IssueForm, RevocationForm } from './forms';
import { NCA_SERVICE_NAMES } from './rules';

export interface AcceptanceNotice {
  to: string;
  subject: string;
  body: string;
}

/**
 * The address to notify, or undefined: only a form that carries an e-mail and the applicant's consent to
 * e-mail notices (A1, A2, A4–A6: `consents.emailNotices`; A7 when it gives that consent; A8 has no e-mail).
 */
export function noticeAddress(form: IssueForm | RevocationForm): string | undefined {
  if (form.form === 'A8') return undefined;
  const consents: { emailNotices?: boolean } = form.consents;
  if (consents.emailNotices !== true) return undefined;
  return form.form === 'A2' || form.form === 'A6' ? form.employee.email : form.email;
}

/**
 * The language of the notice: the one the applicant chose on the form (`noticeLanguage`, ours: the A-forms
 * of seed 002 have no language line, so the field is optional and ours), Kazakh or Russian (the languages
 * of the state service, Law on languages art. 4–5); English when none was chosen (ours, REGULATION.md).
 */
export type NoticeLanguage = 'kk' | 'ru' | 'en';
export function noticeLanguage(form: IssueForm | RevocationForm): NoticeLanguage {
  return ('noticeLanguage' in form ? form.noticeLanguage : undefined) ?? 'en';
}

/** Where the result is issued: the branch it was handed in at (¶8(2)), the provider's counter, or the portal cabinet. */
export function resultPlace(channel: NcaChannel, lang: NoticeLanguage = 'en'): string {
  const t = {
    sc: {
      kk: `тапсырылған Мемлекеттік корпорацияның ${channel.kind === 'state-corporation' ? channel.branchId : ''} бөлімшесінде`,
      ru: `в отделении ${channel.kind === 'state-corporation' ? channel.branchId : ''} Государственной корпорации, где сдан пакет`,
      en: `at the State Corporation branch ${channel.kind === 'state-corporation' ? channel.branchId : ''}, where the package was handed in`,
    },
    provider: {
      kk: 'пакет тапсырылған көрсетілетін қызметті берушінің (ҰКО) терезесінде',
      ru: 'в окне услугодателя (НУЦ), где сдан пакет',
      en: "at the provider's (NCA) counter where the package was handed in",
    },
    portal: {
      kk: 'электрондық үкімет порталындағы жеке кабинетіңізде',
      ru: 'в вашем личном кабинете на портале электронного правительства',
      en: 'in your personal cabinet on the e-government portal',
    },
  };
  if (channel.kind === 'state-corporation') return t.sc[lang];
  if (channel.kind === 'provider-counter') return t.provider[lang];
  return t.portal[lang];
}

/** The notice's sentences in each language (ours: the law names the channel, not the words). */
const TEXT: Record<
  NoticeLanguage,
  {
    subject: (ancn: string, name: string) => string;
    accepted: (ancn: string, name: string, at: string) => string;
    due: (at: string, place: string) => string;
    quote: string;
    why: string;
    zone: string;
  }
> = {
  kk: {
    subject: (ancn, name) => `${ancn} өтініші қабылданды: ${name}`,
    accepted: (ancn, name, at) => `«${name}» мемлекеттік көрсетілетін қызметіне ${ancn} өтінішіңіз ${at} қабылданды.`,
    due: (at, place) => `Нәтиже ${at} кешіктірілмей, ${place} беріледі.`,
    quote: 'Осы өтініш туралы кез келген сұрауда жоғарыдағы нөмірді көрсетіңіз.',
    why: 'Бұл хабарлама өтініште электрондық пошта арқылы хабарлама алуға келісім бергеніңіз үшін жіберілді (стандарттың 9-тармағы).',
    zone: 'Астана уақыты',
  },
  ru: {
    subject: (ancn, name) => `Заявление ${ancn} принято: ${name}`,
    accepted: (ancn, name, at) => `Ваше заявление ${ancn} на государственную услугу «${name}» принято ${at}.`,
    due: (at, place) => `Результат будет выдан не позднее ${at}, ${place}.`,
    quote: 'Указывайте этот номер в любом обращении по заявлению.',
    why: 'Уведомление направлено, так как в заявлении вы дали согласие на уведомления по электронной почте (пункт 9 стандарта).',
    zone: 'время Астаны',
  },
  en: {
    subject: (ancn, name) => `Application ${ancn} accepted: ${name}`,
    accepted: (ancn, name, at) => `Your application ${ancn} for the state service "${name}" (__KK__ / __RU__) was accepted on ${at}.`,
    due: (at, place) => `The result will be issued no later than ${at}, ${place}.`,
    quote: 'Quote the number above in any enquiry about this application.',
    why: 'This notice is sent because you consented to e-mail notices in your application (seed 002 ¶9).',
    zone: 'Astana time',
  },
};

export function acceptanceNotice(input: {
  service: keyof typeof NCA_SERVICE_NAMES;
  form: IssueForm | RevocationForm;
  ancn: string;
  acceptedAt: Date;
  dueAt: Date;
  channel: NcaChannel;
}): AcceptanceNotice | undefined {
  const to = noticeAddress(input.form);
  if (!to) return undefined;
  const lang = noticeLanguage(input.form);
  const names = NCA_SERVICE_NAMES[input.service];
  const t = TEXT[lang];
  const at = (d: Date): string => `${toKzIso(d).slice(0, 16).replace('T', ' ')} (${t.zone})`;
  return {
    to,
    subject: t.subject(input.ancn, names[lang]),
    body: [
      t.accepted(input.ancn, names[lang], at(input.acceptedAt)).replace('__KK__', names.kk).replace('__RU__', names.ru),
      t.due(at(input.dueAt), resultPlace(input.channel, lang)),
      t.quote,
      t.why,
    ].join('\n'),
  };
}

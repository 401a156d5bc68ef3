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

/** Where the result is issued: the branch it was handed in at (¶8(2)), the provider's counter, or the portal cabinet. */
export function resultPlace(channel: NcaChannel): string {
  if (channel.kind === 'state-corporation') return `at the State Corporation branch ${channel.branchId}, where the package was handed in`;
  if (channel.kind === 'provider-counter') return "at the provider's (NCA) counter where the package was handed in";
  return 'in your personal cabinet on the e-government portal';
}

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
  const name = NCA_SERVICE_NAMES[input.service];
  const at = (d: Date): string => `${toKzIso(d).slice(0, 16).replace('T', ' ')} (Astana time)`;
  return {
    to,
    subject: `Application ${input.ancn} accepted: ${name.en}`,
    body: [
      `Your application ${input.ancn} for the state service "${name.en}" (${name.kk} / ${name.ru}) was accepted on ${at(input.acceptedAt)}.`,
      `The result will be issued no later than ${at(input.dueAt)}, ${resultPlace(input.channel)}.`,
      'Quote the number above in any enquiry about this application.',
      'This notice is sent because you consented to e-mail notices in your application (seed 002 ¶9).',
    ].join('\n'),
  };
}

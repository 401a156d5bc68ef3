/**
 * seed 002 ¶9: the e-mail notice of acceptance in the applicant's language — Kazakh or Russian as chosen on
 * the form (`noticeLanguage`, ours), English when none was chosen (ours; REGULATION.md).
 */
import { acceptanceNotice, noticeLanguage } from '../../services/nca/notice';
import { FormA7, type RevocationForm } from '../../services/nca/forms';

const a7 = (lang?: 'kk' | 'ru' | 'en'): RevocationForm =>
  FormA7.parse({
    form: 'A7',
    iin: '850612300414',
    fullName: 'Сейітов Нұрлан',
    email: 'me@example.kz',
    phone: '+7 701 000 00 00',
    serials: ['0a1b'],
    consents: { personalData: true, emailNotices: true },
    ...(lang ? { noticeLanguage: lang } : {}),
    appliedOn: '2026-02-27',
  });

const notice = (form: RevocationForm) =>
  acceptanceNotice({
    service: 'revoke',
    form,
    ancn: 'KZ00APP00000011',
    acceptedAt: new Date('2026-02-27T11:00:00Z'),
    dueAt: new Date('2026-03-02T13:30:00Z'),
    channel: { kind: 'state-corporation', branchId: 'astana-yesil', operator: 'op-1' },
  });

test('Kazakh: subject and body in Kazakh, the service by its Kazakh name, Astana time', () => {
  const n = notice(a7('kk'))!;
  expect(n.subject).toBe('KZ00APP00000011 өтініші қабылданды: ҚР Ұлттық куәландыру орталығының тіркеу куәліктерін кері қайтарып алу');
  expect(n.body).toContain('2026-02-27 16:00 (Астана уақыты) қабылданды');
  expect(n.body).toContain(
    'Нәтиже 2026-03-02 18:30 (Астана уақыты) кешіктірілмей, тапсырылған Мемлекеттік корпорацияның astana-yesil бөлімшесінде беріледі.',
  );
  expect(n.body).not.toMatch(/accepted|result|notice/);
});

test('Russian: subject and body in Russian', () => {
  const n = notice(a7('ru'))!;
  expect(n.subject).toBe(
    'Заявление KZ00APP00000011 принято: Отзыв регистрационных свидетельств Национального удостоверяющего центра Республики Казахстан',
  );
  expect(n.body).toContain(
    'Результат будет выдан не позднее 2026-03-02 18:30 (время Астаны), в отделении astana-yesil Государственной корпорации, где сдан пакет.',
  );
});

test('no language chosen: English, naming the service in all three languages', () => {
  expect(noticeLanguage(a7())).toBe('en');
  const n = notice(a7())!;
  expect(n.subject).toBe(
    'Application KZ00APP00000011 accepted: Revocation of registration certificates of the National Certification Authority of the Republic of Kazakhstan',
  );
  expect(n.body).toContain('(ҚР Ұлттық куәландыру орталығының тіркеу куәліктерін кері қайтарып алу / Отзыв регистрационных');
  expect(n.body).toContain('no later than 2026-03-02 18:30 (Astana time), at the State Corporation branch astana-yesil');
});

test('a language the service does not speak is refused at the form, naming the field', () => {
  const r = FormA7.safeParse({ ...a7(), noticeLanguage: 'de' });
  expect(r.success).toBe(false);
  expect(r.error?.issues[0]?.path).toEqual(['noticeLanguage']);
});

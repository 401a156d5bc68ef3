/** The dashboard's names of the MNE licensing services' own stages and actions (seed 001). */
import type { LocalizedText } from '../../domain/services';

export const MNE_LABELS: Readonly<Record<string, LocalizedText>> = {
  // stages
  'registered-in-e-licensing': {
    kk: 'Е-лицензиялауда тіркелді',
    ru: 'Зарегистрировано в е-лицензировании',
    en: 'Registered in e-licensing',
  },
  'provider-review': { kk: 'Қызмет берушінің тексеруі', ru: 'Проверка услугодателем', en: "Provider's check" },
  hearing: { kk: 'Тыңдау', ru: 'Заслушивание', en: 'Hearing' },
  'final-decision': { kk: 'Түпкілікті шешім', ru: 'Окончательное решение', en: 'Final decision' },
  // ¶11(11): the draft licence climbs the provider's approval chain
  approval: { kk: 'Лицензия жобасын келісу', ru: 'Согласование проекта лицензии', en: 'Approval of the draft licence' },
  'issuing-license': { kk: 'Лицензия беру', ru: 'Выдача лицензии', en: 'Issuing the licence' },
  'issuing-refusal': { kk: 'Бас тарту туралы хабарлама', ru: 'Уведомление об отказе', en: 'Notification of refusal' },
  // actions
  'record-conclusion': { kk: 'Қорытынды (3-қосымша)', ru: 'Заключение (приложение 3)', en: 'Conclusion (Annex 3)' },
  'submit-objection': { kk: 'Қарсылық', ru: 'Возражение', en: 'Objection' },
  'record-final-decision': { kk: 'Түпкілікті шешім', ru: 'Окончательное решение', en: 'Final decision' },
};

/** The dashboard's names of the SME registration's own stages and actions (seed 000 ¶5). */
import type { LocalizedText } from '../../domain/services';

export const SME_REGISTRATION_LABELS: Readonly<Record<string, LocalizedText>> = {
  // stages
  signatures: { kk: 'Қолтаңбалар', ru: 'Подписи', en: 'Signatures' },
  'application-review': { kk: 'Өтінішті қарау', ru: 'Рассмотрение заявления', en: 'Application review' },
  'bank-account': { kk: 'Банк шоты', ru: 'Банковский счёт', en: 'Bank account' },
  'registry-check': { kk: 'Тізілімді тексеру', ru: 'Проверка в реестре', en: 'Registry check' },
  // actions
  sign: { kk: 'Қол қою', ru: 'Подписание', en: 'Sign' },
  'choose-another-bank': { kk: 'Басқа банкті таңдау', ru: 'Выбор другого банка', en: 'Choose another bank' },
};

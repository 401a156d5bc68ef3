/** The dashboard's names of the Flag/Emblem license's own stages and actions (seed 003 ¶10–¶13). */
import type { LocalizedText } from '../../domain/services';

export const FLAG_EMBLEM_LABELS: Readonly<Record<string, LocalizedText>> = {
  // stages
  'completeness-check': { kk: 'Толықтығын тексеру', ru: 'Проверка полноты', en: 'Completeness check' },
  'site-inspection': { kk: 'Орнында тексеру', ru: 'Выездная проверка', en: 'Site inspection' },
  'final-decision': { kk: 'Түпкілікті шешім', ru: 'Окончательное решение', en: 'Final decision' },
  'issuing-license': { kk: 'Лицензия беру', ru: 'Выдача лицензии', en: 'Issuing the license' },
  'issuing-refusal': { kk: 'Бас тарту', ru: 'Отказ', en: 'Issuing a refusal' },
  'refusing-to-consider': { kk: 'Қараудан бас тарту', ru: 'Отказ в дальнейшем рассмотрении', en: 'Refusing to consider' },
  // actions
  'preliminary-decision': { kk: 'Алдын ала шешім', ru: 'Предварительное решение', en: 'Preliminary decision' },
  'approving-body-request': { kk: 'Келісуші органға сұрау', ru: 'Запрос в согласующий орган', en: 'Request to an approving body' },
  objection: { kk: 'Қарсылық', ru: 'Возражение', en: 'Objection' },
};

/** The dashboard's names of the NCA services' own stages and actions (seed 002). */
import type { LocalizedText } from '../../domain/services';

export const NCA_LABELS: Readonly<Record<string, LocalizedText>> = {
  // stages
  'package-handed-in': { kk: 'Құжаттар топтамасы тапсырылды', ru: 'Пакет документов сдан', en: 'Package handed in' },
  intake: { kk: 'Құжаттарды қабылдау', ru: 'Приём документов', en: 'Intake' },
  'provider-check': { kk: 'Қызмет берушінің тексеруі', ru: 'Проверка услугодателем', en: "Provider's check" },
  'issuing-certificates': { kk: 'Тіркеу куәліктерін беру', ru: 'Выпуск регистрационных свидетельств', en: 'Issuing the certificates' },
  'issuing-refusal': { kk: 'Дәлелді бас тарту', ru: 'Мотивированный отказ', en: 'Reasoned refusal' },
  'request-received': { kk: 'Өтініш алынды', ru: 'Заявление получено', en: 'Request received' },
  'ownership-check': { kk: 'Куәліктердің тиесілігін тексеру', ru: 'Проверка принадлежности свидетельств', en: 'Ownership check' },
  revoking: { kk: 'Кері қайтарып алу', ru: 'Отзыв', en: 'Revoking' },
  // actions
  'record-nca-check': { kk: 'Тексеру нәтижесі', ru: 'Результат проверки', en: 'Check result' },
};

// Labels in Kazakh, Russian and English. Codes the API returns (stages, SLA states, actions) are
// translated here; an unknown code is shown as it is, so a new stage never breaks a page. The codes
// shared by every service are below; a service's own stages and actions come with the catalogue
// (GET /v1/services → labels, from services/<family>/labels.ts) and are added by addCodes.
export const LANGS = ['kk', 'ru', 'en'];

const T = {
  title: { kk: 'Мемлекеттік қызметтер: мерзімдер', ru: 'Госуслуги: контроль сроков', en: 'State services: SLA dashboard' },
  overview: { kk: 'Шолу', ru: 'Обзор', en: 'Overview' },
  inbox: { kk: 'Кіріс жәшігі', ru: 'Входящие', en: 'Inbox' },
  signIn: { kk: 'Кіру', ru: 'Войти', en: 'Sign in' },
  signOut: { kk: 'Шығу', ru: 'Выйти', en: 'Sign out' },
  tokenLabel: {
    kk: 'Кіру токені (әзірлеу: .data/dev-credentials.json)',
    ru: 'Токен доступа (разработка: .data/dev-credentials.json)',
    en: 'Access token (development: .data/dev-credentials.json)',
  },
  tokenRefused: { kk: 'Токен қабылданбады', ru: 'Токен не принят', en: 'The token was refused' },
  signInOidc: {
    kk: 'Ұйымның тіркелгісімен кіру',
    ru: 'Войти через учётную запись организации',
    en: 'Sign in with your organisation account',
  },
  devToken: { kk: 'Әзірлеу: токенді қою', ru: 'Разработка: вставить токен', en: 'Development: paste a token' },
  signInFailed: { kk: 'Кіру сәтсіз аяқталды', ru: 'Вход не удался', en: 'Sign-in failed' },
  signedInAs: { kk: 'Кірген', ru: 'Вы вошли как', en: 'Signed in as' },
  language: { kk: 'Тіл', ru: 'Язык', en: 'Language' },
  service: { kk: 'Қызмет', ru: 'Услуга', en: 'Service' },
  stage: { kk: 'Кезең', ru: 'Этап', en: 'Stage' },
  total: { kk: 'Барлығы', ru: 'Всего', en: 'Total' },
  open: { kk: 'Ашық істер', ru: 'Открытые дела', en: 'Open cases' },
  closedInPeriod: { kk: 'Кезеңде жабылды', ru: 'Закрыто за период', en: 'Closed in period' },
  onTimeShare: { kk: 'Мерзімінде орындалған үлесі', ru: 'Доля исполненных в срок', en: 'Finished on time' },
  breachedList: { kk: 'Мерзімі өткен істер', ru: 'Просроченные дела', en: 'Breached cases' },
  atRiskList: { kk: 'Қауіп төнген істер', ru: 'Дела под угрозой срыва', en: 'Cases at risk' },
  none: { kk: 'Жоқ', ru: 'Нет', en: 'None' },
  from: { kk: 'Бастап', ru: 'С', en: 'From' },
  to: { kk: 'Дейін', ru: 'По', en: 'To' },
  apply: { kk: 'Қолдану', ru: 'Применить', en: 'Apply' },
  case: { kk: 'Іс', ru: 'Дело', en: 'Case' },
  dueAt: { kk: 'Мерзімі', ru: 'Срок', en: 'Due' },
  nextDeadline: { kk: 'Жақын мерзім', ru: 'Ближайший срок', en: 'Next deadline' },
  untilNext: { kk: 'Жақын мерзімге дейін (ж.к.)', ru: 'До ближайшего срока (р.д.)', en: 'Until next deadline (w.d.)' },
  wd: { kk: 'ж.к.', ru: 'р.д.', en: 'working days' },
  min: { kk: 'мин', ru: 'мин', en: 'min' },
  remaining: { kk: 'Қалған жұмыс күндері', ru: 'Осталось рабочих дней', en: 'Working days left' },
  elapsed: { kk: 'Өткен жұмыс күндері', ru: 'Прошло рабочих дней', en: 'Working days used' },
  term: { kk: 'Мерзім (жұмыс күні)', ru: 'Срок (рабочих дней)', en: 'Term (working days)' },
  waitingOn: { kk: 'Кімді күтеді', ru: 'Ожидает', en: 'Waiting on' },
  sla: { kk: 'Мерзім күйі', ru: 'Состояние срока', en: 'SLA state' },
  actions: { kk: 'Әрекеттер', ru: 'Действия', en: 'Actions' },
  record: { kk: 'Шешімді тіркеу', ru: 'Записать решение', en: 'Record decision' },
  cancel: { kk: 'Болдырмау', ru: 'Отмена', en: 'Cancel' },
  recorded: { kk: 'Шешім тіркелді', ru: 'Решение записано', en: 'Decision recorded' },
  refused: { kk: 'Қабылданбады', ru: 'Не принято', en: 'Not accepted' },
  inboxEmpty: { kk: 'Сізді күтетін іс жоқ', ru: 'Нет дел, ожидающих вас', en: 'No cases are waiting on you' },
  timeline: { kk: 'Кезеңдер: жоспар және нақты', ru: 'Этапы: план и факт', en: 'Stages: planned and actual' },
  plannedBy: { kk: 'Жоспар бойынша', ru: 'По плану до', en: 'Planned by' },
  plannedDays: { kk: 'Жоспар (ж.к.)', ru: 'План (р.д.)', en: 'Planned (w.d.)' },
  actualDays: { kk: 'Нақты (ж.к.)', ru: 'Факт (р.д.)', en: 'Actual (w.d.)' },
  verdict: { kk: 'Нәтиже', ru: 'Итог', en: 'Verdict' },
  actor: { kk: 'Кім', ru: 'Кто', en: 'Who' },
  started: { kk: 'Басталды', ru: 'Начат', en: 'Started' },
  ended: { kk: 'Аяқталды', ru: 'Завершён', en: 'Ended' },
  // seed 001 ¶12: the result handed over at a State Corporation branch, kept there until (ours) one month.
  counterHandOver: { kk: 'ХҚКО-да беру', ru: 'Выдача в ЦОН', en: 'Hand-over at the State Corporation' },
  retainUntil: { kk: 'Сақталады', ru: 'Хранится до', en: 'Kept until' },
  suspensions: { kk: 'Тоқтата тұру және мерзімді ауыстыру', ru: 'Приостановления и переносы срока', en: 'Suspensions and term changes' },
  documents: { kk: 'Құжаттар', ru: 'Документы', en: 'Documents' },
  signature: { kk: 'Қолтаңба', ru: 'Подпись', en: 'Signature' },
  verified: { kk: 'Тексерілді: жарамды', ru: 'Проверена: действительна', en: 'Verified: valid' },
  invalid: { kk: 'Жарамсыз', ru: 'Недействительна', en: 'Not valid' },
  notVerified: { kk: 'Тексерілмеді', ru: 'Не проверена', en: 'Not verified' },
  audit: { kk: 'Аудит тарихы', ru: 'История действий', en: 'Audit history' },
  when: { kk: 'Қашан', ru: 'Когда', en: 'When' },
  what: { kk: 'Не', ru: 'Что', en: 'What' },
  status: { kk: 'Мәртебе', ru: 'Статус', en: 'Status' },
  overall: { kk: 'Жалпы мерзім', ru: 'Общий срок', en: 'Overall term' },
  overdue: { kk: 'мерзімі өтті', ru: 'просрочено', en: 'overdue' },
  back: { kk: 'Артқа', ru: 'Назад', en: 'Back' },
  loading: { kk: 'Жүктелуде…', ru: 'Загрузка…', en: 'Loading…' },
  error: { kk: 'Қате', ru: 'Ошибка', en: 'Error' },
  more: { kk: 'Тағы', ru: 'Ещё', en: 'More' },
  required: { kk: 'міндетті', ru: 'обязательно', en: 'required' },
  jsonHint: { kk: 'JSON пішімінде', ru: 'в формате JSON', en: 'as JSON' },
  notJson: { kk: 'JSON дұрыс емес', ru: 'Неверный JSON', en: 'Not valid JSON' },
  readOnly: { kk: 'Тек қарау', ru: 'Только просмотр', en: 'Read only' },
  pendingActions: { kk: 'Күтілетін әрекеттер', ru: 'Ожидаемые действия', en: 'Pending actions' },
  licensor: { kk: 'Лицензиар', ru: 'Лицензиар', en: 'Licensor' },
};

const CODES = {
  'on-track': { kk: 'Мерзімінде', ru: 'В срок', en: 'On track' },
  'at-risk': { kk: 'Қауіп бар', ru: 'Под угрозой', en: 'At risk' },
  breached: { kk: 'Мерзімі өтті', ru: 'Просрочено', en: 'Breached' },
  met: { kk: 'Мерзімінде орындалды', ru: 'Исполнено в срок', en: 'Met' },
  missed: { kk: 'Кешіктірілді', ru: 'Исполнено с опозданием', en: 'Missed' },
  staff: { kk: 'Қызметкер', ru: 'Сотрудник', en: 'Staff' },
  applicant: { kk: 'Өтініш беруші', ru: 'Заявитель', en: 'Applicant' },
  'external-system': { kk: 'Сыртқы жүйе', ru: 'Внешняя система', en: 'External system' },
  nobody: { kk: 'Ешкім', ru: 'Никто', en: 'Nobody' },
  'on-time': { kk: 'Мерзімінде', ru: 'В срок', en: 'On time' },
  late: { kk: 'Кешікті', ru: 'С опозданием', en: 'Late' },
  // stages
  submitted: { kk: 'Берілді', ru: 'Подано', en: 'Submitted' },
  accepted: { kk: 'Қабылданды', ru: 'Принято', en: 'Accepted' },
  registered: { kk: 'Тіркелді', ru: 'Зарегистрировано', en: 'Registered' },
  decision: { kk: 'Шешім', ru: 'Решение', en: 'Decision' },
  hearing: { kk: 'Тыңдау', ru: 'Заслушивание', en: 'Hearing' },
  'decision-approval': { kk: 'Шешімді келісу', ru: 'Согласование решения', en: 'Decision approval' },
  'automatic-review': { kk: 'Автоматты қарау', ru: 'Автоматическое рассмотрение', en: 'Automatic review' },
  closed: { kk: 'Жабылды', ru: 'Закрыто', en: 'Closed' },
  payment: { kk: 'Төлем', ru: 'Оплата', en: 'Payment' },
  // actions
  'draft-review': { kk: 'Жобаны келісу', ru: 'Согласование проекта', en: 'Review the draft' },
  'draft-submit': { kk: 'Жобаны қайта жіберу', ru: 'Повторная отправка проекта', en: 'Resubmit the draft' },
  withdraw: { kk: 'Өтінішті кері қайтару', ru: 'Отзыв заявления', en: 'Withdraw the application' },
  // outcomes
  open: { kk: 'Қаралуда', ru: 'На рассмотрении', en: 'Open' },
  issued: { kk: 'Берілді', ru: 'Выдано', en: 'Issued' },
  refused: { kk: 'Бас тартылды', ru: 'Отказано', en: 'Refused' },
  'refused-to-consider': { kk: 'Қараусыз қалдырылды', ru: 'Оставлено без рассмотрения', en: 'Refused to consider' },
  withdrawn: { kk: 'Кері қайтарылды', ru: 'Отозвано', en: 'Withdrawn' },
  failed: { kk: 'Техникалық ақау', ru: 'Технический сбой', en: 'Technical failure' },
};

let current = 'en';

export function setLang(lang) {
  current = LANGS.includes(lang) ? lang : 'en';
  document.documentElement.lang = current;
  try {
    localStorage.setItem('lang', current);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
}

export function lang() {
  return current;
}

export function initialLang() {
  try {
    const saved = localStorage.getItem('lang');
    if (saved && LANGS.includes(saved)) return saved;
  } catch {
    /* ignore */
  }
  const nav = (navigator.language || 'en').slice(0, 2);
  return LANGS.includes(nav) ? nav : 'en';
}

/** A label by key. */
export function t(key) {
  return T[key]?.[current] ?? key;
}

/** Adds codes' labels ({ code: { kk, ru, en } }), e.g. a service's own stages from the catalogue. */
export function addCodes(labels) {
  for (const [c, text] of Object.entries(labels ?? {})) if (!(c in CODES)) CODES[c] = text;
}

/** A code from the API (stage, SLA state, action…), translated when known. */
export function code(c) {
  if (c === null || c === undefined) return '—';
  return CODES[c]?.[current] ?? String(c);
}

/** A localized text object { kk, ru, en } from the API. */
export function localized(obj) {
  return obj?.[current] ?? obj?.en ?? '';
}

export function number(n, digits = 2) {
  if (n === null || n === undefined) return '—';
  return new Intl.NumberFormat(current === 'kk' ? 'kk-KZ' : current === 'ru' ? 'ru-RU' : 'en-GB', { maximumFractionDigits: digits }).format(
    n,
  );
}

/** A moment in Kazakhstan time: the API sends ISO 8601 with +05:00, so the local wall time is in the text. */
export function moment(iso) {
  if (!iso) return '—';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : String(iso);
}

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
  complaint: { kk: 'Шағым', ru: 'Жалоба', en: 'Complaint' },
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
  // seed 001 ¶9(2), ¶12(2), seed 002 ¶4(2): the counter's 20-minute breaches on the overview.
  counterBreaches: {
    kk: 'ХҚКО: 20 минуттық мерзімнің бұзылуы',
    ru: 'ЦОН: нарушения 20-минутных сроков',
    en: 'State Corporation counter: 20-minute limits breached',
  },
  branch: { kk: 'Филиал', ru: 'Филиал', en: 'Branch' },
  limit: { kk: 'Шек', ru: 'Предел', en: 'Limit' },
  cause: { kk: 'Себебі', ru: 'Причина', en: 'Cause' },
  // The operator workstation (web/counter.html, seed 001 ¶11, ¶12).
  counterTitle: { kk: 'ХҚКО операторы', ru: 'Оператор ЦОН', en: 'State Corporation counter' },
  counterIntake: { kk: 'Қабылдау', ru: 'Приём', en: 'Intake' },
  counterHandOverTab: { kk: 'Беру', ru: 'Выдача', en: 'Hand-over' },
  counterToken: { kk: 'Оператор токені', ru: 'Токен оператора', en: 'Operator token' },
  counterQueue: { kk: 'Кезек', ru: 'Очередь', en: 'Queue' },
  counterCallNext: { kk: 'Келесі талонды шақыру', ru: 'Вызвать следующий талон', en: 'Call the next ticket' },
  counterApplication: { kk: 'Өтініш', ru: 'Заявление', en: 'Application' },
  counterBin: { kk: 'Өтініш берушінің БСН', ru: 'БИН заявителя', en: 'Applicant BIN' },
  counterName: { kk: 'Атауы', ru: 'Наименование', en: 'Applicant name' },
  // seed 002 ¶9: an individual applies by the IIN (looked up in the individuals database), a legal entity by the BIN.
  counterApplicantKind: { kk: 'Өтініш беруші', ru: 'Заявитель', en: 'Applicant' },
  counterKindLegalEntity: { kk: 'заңды тұлға (БСН)', ru: 'юридическое лицо (БИН)', en: 'a legal entity (BIN)' },
  counterKindIndividual: { kk: 'жеке тұлға (ЖСН)', ru: 'физическое лицо (ИИН)', en: 'an individual (IIN)' },
  counterIin: { kk: 'Өтініш берушінің ЖСН', ru: 'ИИН заявителя', en: 'Applicant IIN' },
  counterIndividual: { kk: 'Жеке тұлғалар ДҚ', ru: 'ГБД ФЛ', en: 'Individuals database' },
  // seed 002 ¶10, A9: the receipt refusing an incomplete package, in two copies; the visit ends.
  counterA9: {
    kk: 'Құжаттарды қабылдаудан бас тарту туралы қолхат (A9)',
    ru: 'Расписка об отказе в приёме документов (A9)',
    en: 'Receipt refusing to accept the documents (A9)',
  },
  counterA9Missing: { kk: 'Жетіспейтін құжаттар', ru: 'Недостающие документы', en: 'Missing documents' },
  counterA9Copies: { kk: 'Дана саны', ru: 'Количество экземпляров', en: 'Copies' },
  counterA9Ended: {
    kk: 'Құжаттар топтамасы толық емес: өтініш жіберілмеді, келу аяқталды.',
    ru: 'Пакет документов неполный: заявление не направлено, визит завершён.',
    en: 'The package is incomplete: nothing was forwarded; the visit is over.',
  },
  counterSignedAt: { kk: 'Қол қойылды', ru: 'Подписано', en: 'Signed' },
  counterSignedXml: { kk: 'Қол қойылған XML', ru: 'Подписанный XML', en: 'Signed XML' },
  counterRepIin: { kk: 'Өкілдің ЖСН', ru: 'ИИН представителя', en: 'Representative IIN' },
  counterRepName: { kk: 'Өкіл', ru: 'Представитель', en: 'Representative' },
  counterPoa: { kk: 'Сенімхат', ru: 'Доверенность', en: 'Power of attorney' },
  counterNotarised: { kk: 'нотариалды', ru: 'нотариальная', en: 'notarised' },
  counterOther: { kk: 'басқаша куәландырылған', ru: 'удостоверена иначе', en: 'certified otherwise' },
  counterNoPoa: { kk: 'жоқ (басшы)', ru: 'нет (руководитель)', en: 'none (the head applies)' },
  counterPoaNumber: { kk: 'Сенімхат нөмірі', ru: 'Номер доверенности', en: 'PoA number' },
  counterPoaDate: { kk: 'Куәландырылған күні', ru: 'Дата удостоверения', en: 'Certified on' },
  counterForm: { kk: 'Қызмет нысаны (JSON)', ru: 'Форма услуги (JSON)', en: 'Service form (JSON)' },
  counterLookUp: { kk: 'Енгізу және тексеру', ru: 'Ввести и проверить', en: 'Enter and look up' },
  counterScans: { kk: 'Сканерленген көшірмелер', ru: 'Скан-копии', en: 'Scans' },
  counterSign: { kk: 'ЭЦҚ-мен қол қою және жіберу', ru: 'Подписать ЭЦП и отправить', en: 'Sign with ECDS and forward' },
  counterReceiptAncn: { kk: 'Қолхат нөмірі', ru: 'Номер расписки', en: 'Receipt number' },
  counterReceivedBy: { kk: 'Алушы', ru: 'Получатель', en: 'Received by' },
  counterPresent: { kk: 'Қолхат ұсынылды', ru: 'Расписка предъявлена', en: 'Receipt presented' },
  counterGive: { kk: 'Беру', ru: 'Выдать', en: 'Hand over' },
  counterTicket: { kk: 'Талон', ru: 'Талон', en: 'Ticket' },
  counterLegalEntity: { kk: 'Заңды тұлғалар ДҚ', ru: 'ГБД ЮЛ', en: 'Legal-entities database' },
  counterPoaLookup: { kk: 'Бірыңғай нотариаттық АЖ', ru: 'ЕНИС', en: 'Unified notarial system' },
  counterReceipt: { kk: 'Қолхат', ru: 'Расписка', en: 'Receipt' },
  counterAccepted: { kk: 'Қабылданған күні', ru: 'Дата приёма', en: 'Accepted' },
  counterPlanned: { kk: 'Нәтиженің жоспарланған күні', ru: 'Планируемая дата результата', en: 'Planned result date' },
  counterPrint: { kk: 'Басып шығару', ru: 'Печать', en: 'Print' },
  counterNobody: { kk: 'Кезекте ешкім жоқ', ru: 'В очереди никого нет', en: 'Nobody is waiting' },
  counterNotToken: { kk: 'Бұл токен емес', ru: 'Это не токен', en: 'Not a token' },
  counterNoAnswer: { kk: 'Жүйе жауап бермеді', ru: 'Система не ответила', en: 'The system did not answer' },
  counterHandOverBy: { kk: 'беру мерзімі', ru: 'выдать до', en: 'hand over by' },
  // seed 001 ¶11(5) (P4): the message when the data cannot be obtained; nothing is forwarded.
  counterDataNotObtained: {
    kk: 'Деректерді алу мүмкін емес: олар дерекқорда жоқ. Өтініш жіберілмеді.',
    ru: 'Получить данные невозможно: они отсутствуют в базе. Заявление не направлено.',
    en: 'The data cannot be obtained: they are absent from the database. Nothing was forwarded.',
  },
};

// API errors by their `code` (problem+json, api/errors.ts): the operator sees them in the chosen language;
// the English detail stays in the element's tooltip.
const ERRORS = {
  VALIDATION_FAILED: { kk: 'Деректер дұрыс толтырылмаған', ru: 'Данные заполнены неверно', en: 'The data are not filled in correctly' },
  MALFORMED_JSON: { kk: 'JSON дұрыс емес', ru: 'Неверный JSON', en: 'Not valid JSON' },
  PAYLOAD_TOO_LARGE: { kk: 'Файл тым үлкен', ru: 'Файл слишком большой', en: 'The file is too large' },
  UNAUTHENTICATED: {
    kk: 'Кіру қажет немесе токен жарамсыз',
    ru: 'Требуется вход или токен недействителен',
    en: 'Sign in again: the token is missing or invalid',
  },
  FORBIDDEN: {
    kk: 'Бұл әрекетке рұқсат жоқ (басқа филиал?)',
    ru: 'Нет прав на это действие (другой филиал?)',
    en: 'Not allowed (another branch?)',
  },
  NOT_FOUND: { kk: 'Табылмады', ru: 'Не найдено', en: 'Not found' },
  METHOD_NOT_ALLOWED: { kk: 'Әрекетке рұқсат жоқ', ru: 'Действие не поддерживается', en: 'The action is not supported' },
  UNKNOWN_SERVICE: { kk: 'Мұндай қызмет жоқ', ru: 'Такой услуги нет', en: 'No such service' },
  UNKNOWN_APPLICATION: { kk: 'Мұндай өтініш жоқ', ru: 'Такого заявления нет', en: 'No such application' },
  UNKNOWN_ACTION: { kk: 'Мұндай әрекет жоқ', ru: 'Такого действия нет', en: 'No such action' },
  ACTION_NOT_ALLOWED_NOW: {
    kk: 'Қазір бұл әрекетті орындауға болмайды',
    ru: 'Сейчас это действие недоступно',
    en: 'This cannot be done at this step',
  },
  IDEMPOTENCY_KEY_REUSED: {
    kk: 'Сұрау қайталанды',
    ru: 'Запрос повторён с другими данными',
    en: 'The request was repeated with other data',
  },
  INVALID_ANCN: { kk: 'Құжат нөмірі дұрыс емес', ru: 'Неверный номер документа', en: 'Invalid document number' },
  INVALID_DATE: { kk: 'Күні дұрыс емес', ru: 'Неверная дата', en: 'Invalid date' },
  INCONSISTENT_REQUEST: { kk: 'Өрістер бір-біріне қайшы', ru: 'Поля противоречат друг другу', en: 'The fields contradict each other' },
  PRE_ACCEPTANCE_CHECK_FAILED: {
    kk: 'Қабылдау алдындағы тексеру өтпеді',
    ru: 'Проверка перед приёмом не пройдена',
    en: 'A check before acceptance failed',
  },
  CONFLICT: { kk: 'Күй өзгерді, қайталаңыз', ru: 'Состояние изменилось, повторите', en: 'The state changed; try again' },
  UPSTREAM_UNAVAILABLE: {
    kk: 'Сыртқы жүйе қолжетімсіз, кейінірек қайталаңыз',
    ru: 'Внешняя система недоступна, повторите позже',
    en: 'A system is unavailable; try again later',
  },
  REFERENCE_DATA_MISSING: {
    kk: 'Анықтамалық деректер жарияланбаған',
    ru: 'Справочные данные не опубликованы',
    en: 'Reference data are not published yet',
  },
  REFERENCE_DATA_INVALID: {
    kk: 'Анықтамалық деректер қайшы',
    ru: 'Справочные данные противоречивы',
    en: 'The reference data would be inconsistent',
  },
  INTERNAL: { kk: 'Ішкі қате', ru: 'Внутренняя ошибка', en: 'Internal error' },
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
  // the counter: look-up answers, hand-over states, breach kinds (seed 001 ¶11(3), ¶12; seed 002 ¶4(2))
  found: { kk: 'табылды', ru: 'найдено', en: 'found' },
  'not-found': { kk: 'табылмады', ru: 'не найдено', en: 'not found' },
  pending: { kk: 'сұралуда…', ru: 'запрос…', en: 'asking…' },
  'not-asked': { kk: 'сұралмайды', ru: 'не запрашивается', en: 'not asked' },
  'awaiting-applicant': { kk: 'Өтініш берушіні күтуде', ru: 'Ожидает заявителя', en: 'Awaiting the applicant' },
  'applicant-at-counter': { kk: 'Өтініш беруші терезеде', ru: 'Заявитель у окна', en: 'Applicant at the counter' },
  'handed-over': { kk: 'Берілді', ru: 'Выдано', en: 'Handed over' },
  'not-collected': { kk: 'Алынбады', ru: 'Не востребовано', en: 'Not collected' },
  waiting: { kk: 'Кезекте күту', ru: 'Ожидание в очереди', en: 'Waiting in the queue' },
  service: { kk: 'Қызмет көрсету', ru: 'Обслуживание', en: 'Service at the counter' },
  'hand-over': { kk: 'Нәтижені беру', ru: 'Выдача результата', en: 'Hand-over of the result' },
};

// The public verification page (web/verify.html).
Object.assign(T, {
  verifyTitle: { kk: 'Құжатты тексеру', ru: 'Проверка документа', en: 'Document verification' },
  verifyAncn: { kk: 'Құжат нөмірі (ЭҚБН)', ru: 'Номер документа (УНЭД)', en: 'Document number (ANCN)' },
  verifyCheck: { kk: 'Тексеру', ru: 'Проверить', en: 'Verify' },
  verifyType: { kk: 'Түрі', ru: 'Вид', en: 'Type' },
  verifyDocTitle: { kk: 'Атауы', ru: 'Наименование', en: 'Title' },
  verifySigner: { kk: 'Қол қойған', ru: 'Подписант', en: 'Signer' },
  verifySerial: { kk: 'Куәлік сериялық нөмірі', ru: 'Серийный номер свидетельства', en: 'Certificate serial' },
  verifyIssuer: { kk: 'Куәлікті берген', ru: 'Издатель свидетельства', en: 'Certificate issuer' },
  verifySignedAt: { kk: 'Қол қойылған уақыты', ru: 'Время подписания', en: 'Signed at' },
  verifyRevocation: { kk: 'Кері қайтарып алу', ru: 'Отзыв', en: 'Revocation' },
  verifyRevokedAt: { kk: 'Кері қайтарылды', ru: 'Отозвано', en: 'Revoked at' },
  verifyNote: { kk: 'Ескерту', ru: 'Примечание', en: 'Note' },
  verifySignedBefore: {
    kk: 'Кері қайтарып алуға дейін қол қойылған: жарамды',
    ru: 'Подписан до отзыва: действителен',
    en: 'Signed before the revocation: still valid',
  },
  verifyCheckedAt: { kk: 'Тексерілген уақыты', ru: 'Время проверки', en: 'Checked at' },
  verifyNotFound: { kk: 'Мұндай құжат жоқ', ru: 'Документ не найден', en: 'No such document' },
  'verifyStatus:valid': { kk: 'Жарамды', ru: 'Действителен', en: 'Valid' },
  'verifyStatus:valid-signed-before-revocation': {
    kk: 'Жарамды (кері қайтарып алуға дейін қол қойылған)',
    ru: 'Действителен (подписан до отзыва)',
    en: 'Valid (signed before the revocation)',
  },
  'verifyStatus:revoked': {
    kk: 'Жарамсыз: куәлік кері қайтарылған',
    ru: 'Недействителен: свидетельство отозвано',
    en: 'Not valid: the certificate is revoked',
  },
  'verifyStatus:invalid': { kk: 'Жарамсыз', ru: 'Недействителен', en: 'Not valid' },
  'verifyRevocation:good': {
    kk: 'Қол қойған кезде кері қайтарылмаған',
    ru: 'Не отозван на момент подписания',
    en: 'Not revoked at the signing time',
  },
  'verifyRevocation:revoked': { kk: 'Кері қайтарылған', ru: 'Отозван', en: 'Revoked' },
  'verifyRevocation:unknown': { kk: 'Белгісіз', ru: 'Неизвестно', en: 'Unknown' },
  'verifyRevocation:not-checked': { kk: 'Тексерілмеді', ru: 'Не проверялся', en: 'Not checked' },
});

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

/**
 * An API problem (application/problem+json) in the chosen language, by its `code`; the fields it names
 * (`errors[].field`) follow, as they are the form's own paths. An unknown code shows the API's title.
 */
export function problemText(p) {
  if (!p || typeof p !== 'object') return String(p ?? T.error[current]);
  const text = ERRORS[p.code]?.[current] ?? p.title ?? T.error[current];
  const fields = (Array.isArray(p.errors) ? p.errors : []).map((e) => e.field).filter(Boolean);
  return fields.length ? `${text}: ${[...new Set(fields)].join(', ')}` : text;
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

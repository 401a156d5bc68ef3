// The State Corporation operator's workstation (seed 001 ¶11, ¶12): call the next ticket, enter the
// application, see the look-ups live, attach scans, sign with the operator's ECDS, print the receipt, hand
// the result over. It calls the counter API (counter/routes.ts) with the operator's bearer token: the
// identity provider's access token (OpenID Connect, web/oidc.js), or in development a pasted one.
import { finishSignIn, loadSignInSettings, startSignIn } from './oidc.js';

const T = {
  kk: {
    title: 'ХҚКО операторы',
    intake: 'Қабылдау',
    handOver: 'Беру',
    language: 'Тіл',
    signIn: 'Кіру',
    signInOidc: 'Ұйымның тіркелгісімен кіру',
    token: 'Оператор токені',
    queue: 'Кезек',
    callNext: 'Келесі талонды шақыру',
    application: 'Өтініш',
    service: 'Қызмет',
    bin: 'Өтініш берушінің БСН',
    name: 'Атауы',
    repIin: 'Өкілдің ЖСН',
    repName: 'Өкіл',
    poa: 'Сенімхат',
    notarised: 'нотариалды',
    other: 'басқаша куәландырылған',
    none: 'жоқ (басшы)',
    poaNumber: 'Сенімхат нөмірі',
    poaDate: 'Куәландырылған күні',
    form: 'Қызмет нысаны (JSON)',
    lookUp: 'Енгізу және тексеру',
    documents: 'Құжаттар',
    scans: 'Сканерленген көшірмелер',
    sign: 'ЭЦҚ-мен қол қою және жіберу',
    applicationId: 'Өтініш',
    receiptAncn: 'Қолхат нөмірі',
    receivedBy: 'Алушы',
    present: 'Қолхат ұсынылды',
    give: 'Беру',
    ticket: 'Талон',
    found: 'табылды',
    notFound: 'табылмады',
    pending: 'сұралуда…',
    notAsked: 'сұралмайды',
    legalEntity: 'Заңды тұлғалар ДҚ',
    poaLookup: 'Бірыңғай нотариаттық АЖ',
    receipt: 'Қолхат',
    accepted: 'Қабылданған күні',
    planned: 'Нәтиженің жоспарланған күні',
    print: 'Басып шығару',
    nobody: 'Кезекте ешкім жоқ',
  },
  ru: {
    title: 'Оператор ЦОН',
    intake: 'Приём',
    handOver: 'Выдача',
    language: 'Язык',
    signIn: 'Войти',
    signInOidc: 'Войти через учётную запись организации',
    token: 'Токен оператора',
    queue: 'Очередь',
    callNext: 'Вызвать следующий талон',
    application: 'Заявление',
    service: 'Услуга',
    bin: 'БИН заявителя',
    name: 'Наименование',
    repIin: 'ИИН представителя',
    repName: 'Представитель',
    poa: 'Доверенность',
    notarised: 'нотариальная',
    other: 'удостоверена иначе',
    none: 'нет (руководитель)',
    poaNumber: 'Номер доверенности',
    poaDate: 'Дата удостоверения',
    form: 'Форма услуги (JSON)',
    lookUp: 'Ввести и проверить',
    documents: 'Документы',
    scans: 'Скан-копии',
    sign: 'Подписать ЭЦП и отправить',
    applicationId: 'Заявление',
    receiptAncn: 'Номер расписки',
    receivedBy: 'Получатель',
    present: 'Расписка предъявлена',
    give: 'Выдать',
    ticket: 'Талон',
    found: 'найдено',
    notFound: 'не найдено',
    pending: 'запрос…',
    notAsked: 'не запрашивается',
    legalEntity: 'ГБД ЮЛ',
    poaLookup: 'ЕНИС',
    receipt: 'Расписка',
    accepted: 'Дата приёма',
    planned: 'Планируемая дата результата',
    print: 'Печать',
    nobody: 'В очереди никого нет',
  },
  en: {
    title: 'State Corporation counter',
    intake: 'Intake',
    handOver: 'Hand-over',
    language: 'Language',
    signIn: 'Sign in',
    signInOidc: 'Sign in with your organisation account',
    token: 'Operator token',
    queue: 'Queue',
    callNext: 'Call the next ticket',
    application: 'Application',
    service: 'Service',
    bin: 'Applicant BIN',
    name: 'Applicant name',
    repIin: 'Representative IIN',
    repName: 'Representative',
    poa: 'Power of attorney',
    notarised: 'notarised',
    other: 'certified otherwise',
    none: 'none (the head applies)',
    poaNumber: 'PoA number',
    poaDate: 'Certified on',
    form: 'Service form (JSON)',
    lookUp: 'Enter and look up',
    documents: 'Documents',
    scans: 'Scans',
    sign: 'Sign with ECDS and forward',
    applicationId: 'Application',
    receiptAncn: 'Receipt number',
    receivedBy: 'Received by',
    present: 'Receipt presented',
    give: 'Hand over',
    ticket: 'Ticket',
    found: 'found',
    notFound: 'not found',
    pending: 'asking…',
    notAsked: 'not asked',
    legalEntity: 'Legal-entities database',
    poaLookup: 'Unified notarial system',
    receipt: 'Receipt',
    accepted: 'Accepted',
    planned: 'Planned result date',
    print: 'Print',
    nobody: 'Nobody is waiting',
  },
};
const $ = (id) => document.getElementById(id);
let lang = localStorage.getItem('lang') || 'en';
let token = sessionStorage.getItem('counterToken') || '';
let branch = '';
let visit = '';
let services = [];
const scans = [];
const t = (k) => (T[lang] && T[lang][k]) || T.en[k] || k;

function translate() {
  document.documentElement.lang = lang;
  $('lang').value = lang;
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
}

async function api(method, path, body) {
  const headers = { authorization: `Bearer ${token}` };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['idempotency-key'] = crypto.randomUUID();
  }
  const res = await fetch(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  const data = text.startsWith('{') ? JSON.parse(text) : text;
  if (!res.ok)
    throw new Error(
      typeof data === 'string'
        ? data
        : `${res.status}: ${data.message || ''} ${(data.errors || []).map((e) => `${e.field}: ${e.message}`).join('; ')}`,
    );
  return data;
}

function showError(e) {
  $('error').textContent = e ? String(e.message || e) : '';
}

function signIn() {
  token = $('token').value.trim() || token;
  try {
    const claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    branch = claims.branch || '';
    $('who').textContent = `${claims.name || claims.sub} · ${branch}`;
  } catch {
    return showError(new Error('not a token'));
  }
  sessionStorage.setItem('counterToken', token);
  $('sign-in').hidden = true;
  $('intake').hidden = false;
  $('hand-over').hidden = false;
  loadServices().catch(showError);
}

async function loadServices() {
  services = (await api('GET', '/v1/counter/services')).services;
  $('service').replaceChildren(...services.map((s) => new Option(s.title[lang] || s.title.en, s.serviceCode)));
  fillForm();
}

function fillForm() {
  const s = services.find((x) => x.serviceCode === $('service').value);
  if (s) $('form-json').value = JSON.stringify(s.formExample, null, 2);
}

async function callNext() {
  showError();
  const r = await api('POST', `/v1/counter/branches/${branch}/call-next`, {});
  if (!r.ticket) {
    $('ticket').textContent = t('nobody');
    return;
  }
  visit = r.ticket.visitId;
  $('ticket').textContent = `${t('ticket')} ${r.ticket.number}`;
  $('intake-form').hidden = false;
  $('documents-form').hidden = true;
  $('receipt').hidden = true;
  $('lookups').textContent = '';
}

function lookupLine(label, l) {
  const key = { found: 'found', 'not-found': 'notFound', pending: 'pending', 'not-asked': 'notAsked' }[l.status];
  const li = document.createElement('li');
  li.className = l.status;
  li.textContent = `${label}: ${t(key)}${l.record && l.record.name ? ` — ${l.record.name}` : ''}`;
  return li;
}

async function poll(done) {
  for (let i = 0; i < 600; i += 1) {
    const v = await api('GET', `/v1/counter/visits/${visit}`);
    if (v.lookUps)
      $('lookups').replaceChildren(
        lookupLine(t('legalEntity'), v.lookUps.legalEntity),
        lookupLine(t('poaLookup'), v.lookUps.powerOfAttorney),
      );
    if (v.message) $('error').textContent = v.message;
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error('no answer');
}

async function enter(ev) {
  ev.preventDefault();
  showError();
  const kind = $('poa-kind').value;
  const body = {
    serviceCode: $('service').value,
    applicant: { bin: $('bin').value.trim(), name: $('name').value.trim() },
    ...(kind === 'none'
      ? {}
      : {
          representative: {
            iin: $('rep-iin').value.trim(),
            fullName: $('rep-name').value.trim(),
            powerOfAttorney:
              kind === 'notarised' ? { kind, number: $('poa-number').value.trim(), certifiedOn: $('poa-date').value } : { kind },
          },
        }),
    form: JSON.parse($('form-json').value),
  };
  await api('POST', `/v1/counter/visits/${visit}/application`, body);
  const v = await poll((x) => x.stage !== 'looking-up' && x.stage !== 'called');
  if (v.stage !== 'documents') return;
  const s = services.find((x) => x.serviceCode === body.serviceCode);
  $('papers').replaceChildren(
    ...s.paperDocuments.map((d) => {
      const l = document.createElement('label');
      l.className = 'paper';
      const c = document.createElement('input');
      c.type = 'checkbox';
      c.value = d.code;
      c.name = 'paper';
      l.append(c, ` ${d.name[lang] || d.name.en}${d.required ? ' *' : ''}`);
      return l;
    }),
  );
  $('intake-form').hidden = true;
  $('documents-form').hidden = false;
}

async function upload() {
  for (const f of $('scan-file').files) {
    const bytes = new Uint8Array(await f.arrayBuffer());
    let bin = '';
    for (const b of bytes) bin += String.fromCharCode(b);
    const r = await api('POST', '/v1/counter/scans', {
      fileName: f.name,
      mediaType: f.type || 'application/pdf',
      contentBase64: btoa(bin),
    });
    scans.push(r);
    const li = document.createElement('li');
    li.textContent = `${r.fileName} · SHA-256 ${r.sha256.slice(0, 16)}…`;
    $('scan-list').append(li);
  }
}

async function sign(ev) {
  ev.preventDefault();
  showError();
  const paperDocuments = [...document.querySelectorAll('input[name=paper]:checked')].map((c) => c.value);
  await api('POST', `/v1/counter/visits/${visit}/sign`, { paperDocuments, scans: scans.splice(0) });
  const v = await poll((x) => x.stage === 'forwarded');
  $('documents-form').hidden = true;
  const r = $('receipt');
  r.hidden = false;
  const h = document.createElement('h2');
  h.textContent = `${t('receipt')} ${v.receipt.ancn}`;
  const p1 = document.createElement('p');
  p1.textContent = `${t('applicationId')}: ${v.forwarded.ancn} (${v.forwarded.applicationId})`;
  const p2 = document.createElement('p');
  p2.textContent = `${t('accepted')}: ${v.forwarded.submittedAt}`;
  const p3 = document.createElement('p');
  p3.textContent = `${t('planned')}: ${v.receipt.plannedResultDate}`;
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = t('print');
  b.addEventListener('click', () => window.print());
  r.replaceChildren(h, p1, p2, p3, b);
  $('ho-app').value = v.forwarded.applicationId;
  $('ho-receipt').value = v.receipt.ancn;
}

async function handOver(step) {
  const app = $('ho-app').value.trim();
  const r =
    step === 'present'
      ? await api('POST', `/v1/counter/hand-overs/${app}/receipt-presented`, { receiptAncn: $('ho-receipt').value.trim() })
      : await api('POST', `/v1/counter/hand-overs/${app}/hand-over`, { receivedBy: $('ho-by').value.trim() });
  $('ho-status').textContent = `${r.status}${r.dueAt ? ` · ≤ ${r.dueAt}` : ''}`;
}

const guard = (fn) => (ev) => fn(ev).catch(showError);
$('lang').addEventListener('change', () => {
  lang = $('lang').value;
  localStorage.setItem('lang', lang);
  translate();
});
$('sign-in-button').addEventListener('click', signIn);
$('call-next').addEventListener('click', guard(callNext));
$('service').addEventListener('change', fillForm);
$('intake-form').addEventListener('submit', guard(enter));
$('scan-file').addEventListener('change', guard(upload));
$('documents-form').addEventListener('submit', guard(sign));
$('ho-present').addEventListener(
  'click',
  guard(() => handOver('present')),
);
$('ho-give').addEventListener(
  'click',
  guard(() => handOver('give')),
);
translate();
void (async () => {
  const settings = await loadSignInSettings();
  if (settings.issuer) {
    $('oidc-sign-in').hidden = false;
    $('oidc-sign-in').addEventListener('click', () => startSignIn(settings).catch(showError));
  }
  const params = new URLSearchParams(location.search);
  if (params.has('code') || params.has('error')) {
    const r = await finishSignIn(settings, params);
    if (r.problem) return showError(new Error(r.problem));
    token = r.token;
    sessionStorage.setItem('counterToken', token);
  }
  if (token) {
    $('token').value = token;
    signIn();
  }
})().catch(showError);

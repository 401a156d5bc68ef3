// The State Corporation operator's workstation (seed 001 ¶11, ¶12): call the next ticket, enter the
// application, see the look-ups live, attach scans, sign with the operator's ECDS, print the receipt, hand
// the result over. The applicant is a legal entity (BIN, legal-entities database) or, where the service admits
// it (seed 002 ¶9), an individual (IIN, individuals database); an incomplete package of such a service ends the
// visit with the operator-signed A9 receipt (seed 002 ¶10). It calls the counter API (counter/routes.ts) with the operator's bearer token: the
// identity provider's access token (OpenID Connect, web/oidc.js), or in development a pasted one. Its labels,
// the codes the API answers with (look-ups, hand-over states) and the API's errors (by their `code`) are
// translated by the dashboard's one table, web/i18n.js (kk/ru/en).
import { code, initialLang, lang, localized, moment, problemText, setLang, t } from './i18n.js';
import { finishSignIn, loadSignInSettings, startSignIn } from './oidc.js';

const $ = (id) => document.getElementById(id);
let token = sessionStorage.getItem('counterToken') || '';
let branch = '';
let visit = '';
let services = [];
const scans = [];
/** What the screen shows from the API, kept so a change of language re-renders it. */
const shown = { error: null, visit: null, handOver: null };

function translate() {
  $('lang').value = lang();
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  renderError();
  renderTicket();
  if (shown.visit) renderVisit(shown.visit);
  if (shown.handOver) renderHandOver(shown.handOver);
  if (services.length) {
    const chosen = $('service').value;
    $('service').replaceChildren(...services.map((s) => new Option(localized(s.title), s.serviceCode)));
    $('service').value = chosen;
  }
}

function renderTicket() {
  const n = $('ticket').dataset.number;
  if (n && !$('ticket').dataset.t) $('ticket').textContent = `${t('counterTicket')} ${n}`;
}

/** An error of the API (problem+json) or of this page: shown by its code, translated; the detail in the tooltip. */
class ProblemError extends Error {
  constructor(problem) {
    super(problem.detail || problem.title || problem.code);
    this.problem = problem;
  }
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
    throw new ProblemError(typeof data === 'object' && data ? data : { code: 'INTERNAL', status: res.status, detail: String(data) });
  return data;
}

function showError(e) {
  shown.error = e ? (e.problem ?? { key: e.key, detail: String(e.message || e) }) : null;
  renderError();
}

function renderError() {
  const p = shown.error;
  const box = $('error');
  box.textContent = !p ? '' : p.key ? t(p.key) : problemText(p);
  box.title = p?.detail ?? '';
  box.dataset.code = p?.code ?? p?.key ?? '';
}

/** An error of this page itself, by its label key. */
const pageError = (key) => Object.assign(new Error(key), { key });

function signIn() {
  token = $('token').value.trim() || token;
  try {
    const claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    branch = claims.branch || '';
    $('who').textContent = `${claims.name || claims.sub} · ${branch}`;
  } catch {
    return showError(pageError('counterNotToken'));
  }
  sessionStorage.setItem('counterToken', token);
  $('sign-in').hidden = true;
  $('intake').hidden = false;
  $('hand-over').hidden = false;
  loadServices().catch(showError);
}

async function loadServices() {
  services = (await api('GET', '/v1/counter/services')).services;
  $('service').replaceChildren(...services.map((s) => new Option(localized(s.title), s.serviceCode)));
  fillForm();
}

function fillForm() {
  const s = services.find((x) => x.serviceCode === $('service').value);
  if (!s) return;
  $('form-json').value = JSON.stringify(s.formExample, null, 2);
  // The applicant kinds the service admits (counter terms `applicants`; a legal entity when silent).
  const kinds = s.applicants ?? ['legal-entity'];
  for (const o of $('applicant-kind').options) o.disabled = !kinds.includes(o.value);
  if (!kinds.includes($('applicant-kind').value)) $('applicant-kind').value = kinds[0];
  showApplicantKind();
}

function showApplicantKind() {
  const individual = $('applicant-kind').value === 'individual';
  // The stylesheet lays labels out as blocks, which would override the `hidden` attribute alone.
  for (const [id, hide] of [
    ['bin-field', individual],
    ['iin-field', !individual],
  ]) {
    $(id).hidden = hide;
    $(id).style.display = hide ? 'none' : '';
  }
}

/** The applicant as ZEnterApplication (counter/routes.ts) expects it: by BIN, or `kind: individual` by IIN. */
function applicantOf() {
  const name = $('name').value.trim();
  return $('applicant-kind').value === 'individual'
    ? { kind: 'individual', iin: $('iin').value.trim(), name }
    : { kind: 'legal-entity', bin: $('bin').value.trim(), name };
}

async function callNext() {
  showError();
  const r = await api('POST', `/v1/counter/branches/${branch}/call-next`, {});
  if (!r.ticket) {
    $('ticket').dataset.t = 'counterNobody';
    delete $('ticket').dataset.number;
    $('ticket').textContent = t('counterNobody');
    return;
  }
  visit = r.ticket.visitId;
  shown.visit = null;
  delete $('ticket').dataset.t;
  $('ticket').dataset.number = r.ticket.number;
  renderTicket();
  $('intake-form').hidden = false;
  $('documents-form').hidden = true;
  $('receipt').hidden = true;
  $('lookups').textContent = '';
  // A new applicant: nothing of the previous visit's package carries over.
  scans.splice(0);
  $('scan-list').textContent = '';
  $('scan-file').value = '';
}

const personName = (r) => [r.lastName, r.firstName, r.middleName].filter(Boolean).join(' ');

function lookupLine(label, l) {
  const li = document.createElement('li');
  li.className = l.status;
  li.dataset.status = l.status;
  const name = l.record ? (l.record.name ?? personName(l.record)) : '';
  li.textContent = `${label}: ${code(l.status)}${name ? ` — ${name}` : ''}`;
  return li;
}

/** The visit as the API answers it: the look-ups, the "data cannot be obtained" message, the receipt. */
function renderVisit(v) {
  if (v.lookUps)
    $('lookups').replaceChildren(
      // seed 002 ¶9: an individual is compared with the individuals database, a legal entity with its own.
      v.lookUps.individual
        ? lookupLine(t('counterIndividual'), v.lookUps.individual)
        : lookupLine(t('counterLegalEntity'), v.lookUps.legalEntity),
      lookupLine(t('counterPoaLookup'), v.lookUps.powerOfAttorney),
    );
  // seed 001 ¶11(5): the message by the visit's stage, in the operator's language.
  if (v.stage === 'data-cannot-be-obtained') {
    shown.error = { key: 'counterDataNotObtained', detail: v.message ?? '' };
    renderError();
  }
  if (v.receipt && v.forwarded) renderReceipt(v);
  if (v.stage === 'package-incomplete' && v.incompletePackage) renderA9(v);
}

async function poll(done) {
  for (let i = 0; i < 600; i += 1) {
    const v = await api('GET', `/v1/counter/visits/${visit}`);
    shown.visit = v;
    renderVisit(v);
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw pageError('counterNoAnswer');
}

async function enter(ev) {
  ev.preventDefault();
  showError();
  const kind = $('poa-kind').value;
  let form;
  try {
    form = JSON.parse($('form-json').value);
  } catch {
    throw pageError('notJson');
  }
  const body = {
    serviceCode: $('service').value,
    applicant: applicantOf(),
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
    form,
  };
  await api('POST', `/v1/counter/visits/${visit}/application`, body);
  const v = await poll((x) => x.stage !== 'looking-up' && x.stage !== 'called');
  if (v.stage !== 'documents') return;
  // seed 002 ¶9: this package's checklist (the applicant's category; a PoA only with a representative), as the
  // visit status gives it; the service's general list for a service without one.
  const s = services.find((x) => x.serviceCode === body.serviceCode);
  const checklist = v.checklist ?? s.paperDocuments;
  $('papers').replaceChildren(
    ...checklist.map((d) => {
      const l = document.createElement('label');
      l.className = 'paper';
      const c = document.createElement('input');
      c.type = 'checkbox';
      c.value = d.code;
      c.name = 'paper';
      c.dataset.required = String(d.required);
      l.append(c, ` ${localized(d.name)}${d.required ? ' *' : ''}`);
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
  const v = await poll((x) => (x.stage === 'forwarded' && Boolean(x.receipt)) || x.stage === 'package-incomplete');
  $('documents-form').hidden = true;
  if (v.stage === 'package-incomplete') return;
  $('ho-app').value = v.forwarded.applicationId;
  $('ho-receipt').value = v.receipt.ancn;
}

/** seed 001 ¶9(1): the receipt with the acceptance date and the planned result date, to print. */
function renderReceipt(v) {
  const r = $('receipt');
  r.hidden = false;
  r.dataset.kind = 'receipt';
  const line = (id, text) => Object.assign(document.createElement('p'), { id, textContent: text });
  const h = document.createElement('h2');
  h.textContent = `${t('counterReceipt')} ${v.receipt.ancn}`;
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = t('counterPrint');
  b.addEventListener('click', () => window.print());
  r.replaceChildren(
    h,
    line('receipt-application', `${t('counterApplication')}: ${v.forwarded.ancn} (${v.forwarded.applicationId})`),
    line('receipt-accepted', `${t('counterAccepted')}: ${moment(v.receipt.issuedAt)}`),
    line('receipt-planned', `${t('counterPlanned')}: ${moment(v.receipt.plannedResultDate)}`),
    b,
  );
}

/** The localized name of a paper document by its code (the service's list), the API's English name otherwise. */
function paperName(v, d) {
  const list = v.checklist ?? services.find((x) => x.serviceCode === v.serviceCode)?.paperDocuments ?? [];
  const doc = list.find((p) => p.code === d.code);
  return doc ? localized(doc.name) : d.name;
}

/** seed 002 ¶10, A9: the operator-signed receipt refusing the package: what is missing, in how many copies. */
function renderA9(v) {
  const a9 = v.incompletePackage;
  const r = $('receipt');
  r.hidden = false;
  r.dataset.kind = 'a9';
  const h = document.createElement('h2');
  h.textContent = t('counterA9');
  const list = document.createElement('ul');
  list.id = 'a9-missing';
  list.replaceChildren(
    ...a9.missing.map((m) => Object.assign(document.createElement('li'), { textContent: paperName(v, m), title: m.code })),
  );
  const line = (id, text) => Object.assign(document.createElement('p'), { id, textContent: text });
  const xml = document.createElement('button');
  xml.type = 'button';
  xml.id = 'a9-xml';
  xml.textContent = t('counterSignedXml');
  xml.addEventListener(
    'click',
    guard(async () => {
      const text = await api('GET', `/v1/counter/visits/${v.visitId}/receipt`);
      const a = Object.assign(document.createElement('a'), {
        href: URL.createObjectURL(new Blob([text], { type: 'application/xml' })),
        download: `a9-${v.visitId}.xml`,
      });
      a.click();
    }),
  );
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = t('counterPrint');
  b.addEventListener('click', () => window.print());
  r.replaceChildren(
    h,
    line('a9-ended', t('counterA9Ended')),
    line('a9-missing-title', `${t('counterA9Missing')}:`),
    list,
    line('a9-copies', `${t('counterA9Copies')}: ${a9.copies}`),
    line('a9-signed', `${t('counterSignedAt')}: ${moment(a9.signedAt)} · SHA-256 ${a9.sha256.slice(0, 16)}…`),
    b,
    xml,
  );
}

async function handOver(step) {
  const app = $('ho-app').value.trim();
  const r =
    step === 'present'
      ? await api('POST', `/v1/counter/hand-overs/${app}/receipt-presented`, { receiptAncn: $('ho-receipt').value.trim() })
      : await api('POST', `/v1/counter/hand-overs/${app}/hand-over`, { receivedBy: $('ho-by').value.trim() });
  shown.handOver = r;
  renderHandOver(r);
}

function renderHandOver(r) {
  $('ho-status').dataset.status = r.status;
  $('ho-status').textContent =
    `${code(r.status)}${r.dueAt && r.status === 'applicant-at-counter' ? ` · ${t('counterHandOverBy')} ${moment(r.dueAt)}` : ''}`;
}

const guard = (fn) => (ev) => {
  showError();
  return fn(ev).catch(showError);
};
$('lang').addEventListener('change', () => {
  setLang($('lang').value);
  translate();
});
$('sign-in-button').addEventListener('click', signIn);
$('call-next').addEventListener('click', guard(callNext));
$('service').addEventListener('change', fillForm);
$('applicant-kind').addEventListener('change', showApplicantKind);
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
setLang(initialLang());
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

// The web dashboard: a few hash routes over the JSON API, built with DOM calls (no innerHTML, so no
// text from the API is ever read as markup). The bearer token (the identity provider's access token, or in
// development a pasted one) lives in sessionStorage for this tab only.
import { LANGS, addCodes, code, initialLang, lang, localized, moment, number, setLang, t } from './i18n.js';
import { finishSignIn, forgetPendingSignIn, loadSignInSettings, startSignIn } from './oidc.js';

const state = { me: null, forms: null, services: null, signIn: null };

// ---- DOM helpers ------------------------------------------------------------------------------------

/** SLA figures come in days of their basis: working days (8 h), or for hour terms (seed 000 ¶4) 24-hour days shown as minutes. */
function slaAmount(sla, days) {
  if (days === null || days === undefined) return '—';
  return sla && sla.basis === 'elapsed-time' ? `${Math.round(days * 24 * 60)} ${t('min')}` : `${number(days)} ${t('wd')}`;
}

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function slaBadge(s) {
  return h('span', { class: `sla sla-${s}`, 'data-sla': s }, code(s));
}

function table(headers, rows, opts = {}) {
  return h(
    'div',
    { class: 'scroll' },
    h(
      'table',
      { class: opts.stack === false ? '' : 'stack', ...(opts.id ? { id: opts.id } : {}) },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headers.map((x) => h('th', { class: x.num ? 'num' : '' }, x.label)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((r) =>
          h(
            'tr',
            r.attrs ?? {},
            r.cells.map((c, i) => h('td', { class: headers[i]?.num ? 'num' : '', 'data-label': headers[i]?.label ?? '' }, c)),
          ),
        ),
      ),
    ),
  );
}

const main = () => document.getElementById('main');

function render(...nodes) {
  main().replaceChildren(...nodes.filter((n) => n !== null && n !== undefined && n !== false));
}

function problemBox(p) {
  const errors = Array.isArray(p?.errors) ? p.errors : [];
  return h(
    'div',
    { class: 'problem', role: 'alert' },
    h('strong', {}, `${t('refused')}: `),
    p?.detail ?? p?.title ?? t('error'),
    errors.length
      ? h(
          'ul',
          {},
          errors.map((e) => h('li', {}, e.field ? `${e.field}: ${e.message}` : e.message)),
        )
      : null,
  );
}

// ---- API -----------------------------------------------------------------------------------------------

function token() {
  return sessionStorage.getItem('token');
}

async function api(path, { method = 'GET', body, headers = {}, raw = false } = {}) {
  const res = await fetch(path, {
    method,
    headers: {
      Accept: 'application/json, application/problem+json',
      ...(token() ? { Authorization: `Bearer ${token()}` } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  if (res.status === 401 && !path.startsWith('/v1/me')) {
    sessionStorage.removeItem('token');
    location.hash = '#/login';
    throw new Error('signed out');
  }
  const text = await res.text();
  let data = text;
  if (!raw) {
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = { detail: text };
    }
  }
  return { ok: res.ok, status: res.status, body: data };
}

function newKey() {
  return globalThis.crypto?.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

async function loadForms() {
  if (!state.forms) {
    const r = await api('/v1/dashboard/forms');
    state.forms = r.ok ? r.body : {};
  }
  return state.forms;
}

async function loadServices() {
  if (!state.services) {
    const r = await api('/v1/services');
    state.services = new Map((r.ok ? r.body.items : []).map((s) => [s.code, s]));
    for (const s of state.services.values()) addCodes(s.labels);
  }
  return state.services;
}

function serviceName(codeValue) {
  const s = state.services?.get(codeValue);
  if (codeValue === 'complaint') return t('complaint'); // a case of its own, not a catalogue service
  return s ? localized(s.name) : codeValue;
}

// ---- decision forms from the actions' JSON Schema ------------------------------------------------------

const LONG_TEXT = /text|reason|note|question|grounds?|comment|findings?/i;

/**
 * A form for one action; `onDone` runs after the workflow accepted the decision. `href` is where the
 * inbox says the action is posted (a complaint's actions live under /v1/complaints).
 */
function decisionForm(caseId, actionName, onDone, href) {
  const spec = state.forms?.[caseServiceOf(caseId)]?.[actionName] ?? null;
  const schema = spec?.schema;
  const example = spec?.example ?? {};
  const fields = [];
  const form = h('form', { class: 'decision', 'data-action': actionName, novalidate: true });
  form.append(h('h3', {}, code(actionName)), spec?.summary ? h('p', { class: 'hint' }, spec.summary) : null);
  const props = schema && schema.type === 'object' && schema.properties ? schema.properties : null;
  if (props) {
    const required = new Set(schema.required ?? []);
    for (const [name, prop] of Object.entries(props)) fields.push(field(form, name, prop, required.has(name), example?.[name]));
  } else {
    fields.push(field(form, null, {}, true, example));
  }
  const out = h('div', { class: 'result' });
  form.append(
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit' }, t('record')),
      h('button', { type: 'button', class: 'secondary', onclick: () => form.remove() }, t('cancel')),
    ),
    out,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = {};
    const local = [];
    for (const f of fields) {
      const r = f.read();
      if (r.error) local.push({ field: f.name ?? 'body', message: r.error });
      else if (r.value !== undefined) {
        if (f.name === null) Object.assign(body, r.value);
        else body[f.name] = r.value;
      }
    }
    if (local.length) {
      out.replaceChildren(problemBox({ detail: t('notJson'), errors: local }));
      return;
    }
    const btn = form.querySelector('button[type=submit]');
    btn.disabled = true;
    try {
      const r = await api(href ?? `/v1/applications/${encodeURIComponent(caseId)}/actions/${encodeURIComponent(actionName)}`, {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': newKey() },
      });
      if (r.ok) {
        out.replaceChildren(h('div', { class: 'notice', role: 'status' }, t('recorded')));
        setTimeout(onDone, 400);
      } else {
        out.replaceChildren(problemBox(r.body));
      }
    } finally {
      btn.disabled = false;
    }
  });
  return form;
}

const caseServices = new Map();
function caseServiceOf(id) {
  return caseServices.get(id);
}

function field(form, name, prop, required, exampleValue) {
  const label = name ?? t('jsonHint');
  const id = `f-${Math.random().toString(36).slice(2)}`;
  const hint = [prop.description, required ? t('required') : null].filter(Boolean).join(' · ');
  const wrap = (control, cls) =>
    h('label', { class: cls ?? '', for: id }, h('span', {}, label), control, hint ? h('span', { class: 'hint' }, hint) : null);
  if (prop.type === 'boolean') {
    const input = h('input', { type: 'checkbox', id, name, checked: exampleValue === true });
    form.append(h('label', { class: 'check', for: id }, input, h('span', {}, label)));
    return { name, read: () => ({ value: input.checked }) };
  }
  if (Array.isArray(prop.enum) && prop.enum.every((x) => typeof x === 'string')) {
    const select = h(
      'select',
      { id, name },
      h('option', { value: '' }, '—'),
      prop.enum.map((v) => h('option', { value: v, selected: v === exampleValue }, code(v))),
    );
    form.append(wrap(select));
    return { name, read: () => ({ value: select.value === '' ? undefined : select.value }) };
  }
  if (prop.type === 'string') {
    const long = (prop.maxLength ?? 1000) > 200 && LONG_TEXT.test(name ?? '');
    const control = long ? h('textarea', { id, name, rows: 3 }) : h('input', { id, name, type: prop.format === 'date' ? 'date' : 'text' });
    form.append(wrap(control));
    return { name, read: () => ({ value: control.value === '' && !required ? undefined : control.value }) };
  }
  if (prop.type === 'integer' || prop.type === 'number') {
    const input = h('input', { id, name, type: 'number', step: prop.type === 'integer' ? '1' : 'any' });
    form.append(wrap(input));
    return { name, read: () => ({ value: input.value === '' ? undefined : Number(input.value) }) };
  }
  if (prop.type === 'array' && Array.isArray(prop.items?.enum)) {
    const boxes = prop.items.enum.map((v) =>
      h('input', { type: 'checkbox', value: v, name, checked: Array.isArray(exampleValue) && exampleValue.includes(v) }),
    );
    form.append(
      h(
        'fieldset',
        {},
        h('legend', {}, label),
        boxes.map((b) => h('label', { class: 'check' }, b, h('span', {}, code(b.value)))),
        hint ? h('span', { class: 'hint' }, hint) : null,
      ),
    );
    return { name, read: () => ({ value: boxes.filter((b) => b.checked).map((b) => b.value) }) };
  }
  if (prop.type === 'array' && prop.items?.type === 'string') {
    const area = h('textarea', { id, name, rows: 3 });
    form.append(wrap(area));
    return {
      name,
      read: () => ({
        value: area.value
          .split('\n')
          .map((x) => x.trim())
          .filter(Boolean),
      }),
    };
  }
  // Nested objects, arrays of objects, unions: a JSON editor seeded with the documented example.
  const seed = exampleValue !== undefined ? exampleValue : prop.type === 'array' ? [] : {};
  const area = h('textarea', { id, name, class: 'json', rows: 8 });
  area.value = JSON.stringify(seed, null, 2);
  form.append(wrap(area));
  return {
    name,
    read: () => {
      if (area.value.trim() === '') return { value: undefined };
      try {
        return { value: JSON.parse(area.value) };
      } catch (e) {
        return { error: `${t('notJson')}: ${e.message}` };
      }
    },
  };
}

// ---- sign-in: OpenID Connect (web/oidc.js) -----------------------------------------------------------

async function signInSettings() {
  state.signIn ??= await loadSignInSettings();
  return state.signIn;
}

const startOidcSignIn = async () =>
  startSignIn(await signInSettings(), { returnTo: location.hash === '#/login' ? '' : location.hash, failed: t('signInFailed') });

async function finishOidcSignIn(params) {
  const r = await finishSignIn(await signInSettings(), params, { failed: t('signInFailed') });
  if (r.token) sessionStorage.setItem('token', r.token);
  return r.problem ?? null;
}

// ---- pages ---------------------------------------------------------------------------------------------

async function loginPage(message) {
  const settings = await signInSettings();
  const area = h('textarea', { id: 'token', name: 'token', required: true, autocomplete: 'off', spellcheck: 'false' });
  const out = h('div', {});
  const oidc = settings.issuer
    ? h(
        'p',
        {},
        h(
          'button',
          {
            type: 'button',
            id: 'oidc-sign-in',
            onclick: () => startOidcSignIn().catch((e) => out.replaceChildren(problemBox({ detail: e.message }))),
          },
          t('signInOidc'),
        ),
      )
    : null;
  const paste = settings.tokenPaste
    ? [
        h('h2', {}, t('devToken')),
        h('label', { for: 'token' }, t('tokenLabel')),
        area,
        h('p', {}, h('button', { type: 'submit' }, t('signIn'))),
      ]
    : [];
  const form = h('form', { class: 'card login', id: 'login' }, h('h1', {}, t('signIn')), oidc, ...paste, out);
  if (message) out.append(problemBox({ detail: message }));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    sessionStorage.setItem('token', area.value.trim());
    const r = await api('/v1/me');
    if (!r.ok) {
      sessionStorage.removeItem('token');
      out.replaceChildren(problemBox(r.body ?? { detail: t('tokenRefused') }));
      return;
    }
    state.me = r.body;
    state.forms = null;
    updateHeader();
    location.hash = r.body.role === 'staff' ? '#/inbox' : '#/overview';
  });
  render(form);
}

function caseLink(c) {
  caseServices.set(c.applicationId, c.serviceCode);
  return h('a', { href: `#/case/${encodeURIComponent(c.applicationId)}`, class: 'case-link' }, c.ancn);
}

function caseRows(items) {
  return items.map((c) => ({
    attrs: { 'data-case': c.applicationId },
    cells: [
      caseLink(c),
      serviceName(c.serviceCode),
      code(c.stage),
      code(c.waitingOn),
      moment(c.nextDueAt),
      slaAmount(c.sla, c.sla.nextDeadlineWorkingDays),
      slaAmount(c.sla, c.sla.remainingWorkingDays),
      slaBadge(c.slaState),
    ],
  }));
}

function caseHeaders() {
  return [
    { label: t('case') },
    { label: t('service') },
    { label: t('stage') },
    { label: t('waitingOn') },
    { label: t('nextDeadline') },
    { label: t('untilNext'), num: true },
    { label: t('remaining'), num: true },
    { label: t('sla') },
  ];
}

async function overviewPage(params) {
  render(h('p', {}, t('loading')));
  await loadServices();
  const qs = new URLSearchParams();
  if (params.get('from')) qs.set('from', params.get('from'));
  if (params.get('to')) qs.set('to', params.get('to'));
  const r = await api(`/v1/dashboard/overview?${qs}`);
  if (!r.ok) return render(problemBox(r.body));
  const o = r.body;
  const from = h('input', { type: 'date', name: 'from', value: params.get('from') ?? '' });
  const to = h('input', { type: 'date', name: 'to', value: params.get('to') ?? '' });
  const filters = h(
    'form',
    {
      class: 'filters',
      onsubmit: (ev) => {
        ev.preventDefault();
        const q = new URLSearchParams();
        if (from.value) q.set('from', from.value);
        if (to.value) q.set('to', to.value);
        location.hash = `#/overview?${q}`;
      },
    },
    h('label', {}, t('from'), from),
    h('label', {}, t('to'), to),
    h('button', { type: 'submit' }, t('apply')),
  );
  const states = ['on-track', 'at-risk', 'breached'];
  const cards = o.services.map((s) =>
    h(
      'section',
      { class: 'card service', 'data-service': s.serviceCode },
      h('h2', {}, localized(s.name)),
      h(
        'div',
        { class: 'figures' },
        h('div', { class: 'figure' }, h('b', { 'data-figure': 'open' }, number(s.open, 0)), h('span', {}, t('open'))),
        states.map((st) =>
          h(
            'div',
            { class: 'figure' },
            h('b', { class: `sla-${st}`, 'data-figure': st }, number(s.bySla[st] ?? 0, 0)),
            h('span', {}, code(st)),
          ),
        ),
        h(
          'div',
          { class: 'figure' },
          h('b', { 'data-figure': 'on-time' }, s.onTime.share === null ? '—' : `${number(s.onTime.share * 100, 1)} %`),
          h('span', {}, `${t('onTimeShare')} (${number(s.onTime.met, 0)}/${number(s.onTime.met + s.onTime.missed, 0)})`),
        ),
      ),
      table(
        [{ label: t('stage') }, ...states.map((st) => ({ label: code(st), num: true })), { label: t('total'), num: true }],
        s.byStage.map((row) => ({ cells: [code(row.stage), ...states.map((st) => number(row.bySla[st] ?? 0, 0)), number(row.total, 0)] })),
        { stack: false },
      ),
    ),
  );
  render(
    h('h1', {}, t('overview')),
    filters,
    h('div', { class: 'cards' }, cards),
    h('h2', {}, t('breachedList')),
    o.breached.length
      ? table(caseHeaders(), caseRows(o.breached), { id: 'breached' })
      : h('p', { class: 'muted', id: 'breached' }, t('none')),
    h('h2', {}, t('atRiskList')),
    o.atRisk.length ? table(caseHeaders(), caseRows(o.atRisk), { id: 'at-risk' }) : h('p', { class: 'muted', id: 'at-risk' }, t('none')),
    o.counter ? counterBreachesSection(o.counter) : null,
  );
}

/** seed 001 ¶9(2), ¶12(2), seed 002 ¶4(2): the counter's 20-minute breaches in the period, each with its cause. */
function counterBreachesSection(c) {
  const kinds = ['waiting', 'service', 'hand-over'];
  return h(
    'section',
    { class: 'card', id: 'counter-breaches' },
    h('h2', {}, t('counterBreaches')),
    h(
      'div',
      { class: 'figures' },
      kinds.map((k) =>
        h(
          'div',
          { class: 'figure' },
          h('b', { class: 'sla-breached', 'data-figure': `counter-${k}` }, number(c.byKind[k] ?? 0, 0)),
          h('span', {}, code(k)),
        ),
      ),
    ),
    c.recent.length
      ? table(
          [{ label: t('when') }, { label: t('branch') }, { label: t('what') }, { label: t('limit'), num: true }, { label: t('cause') }],
          c.recent.map((b) => ({
            cells: [moment(b.recordedAt), b.branchId, code(b.kind), `${number(b.limitMinutes, 0)} ${t('min')}`, b.cause],
          })),
          { id: 'counter-breach-list' },
        )
      : h('p', { class: 'muted', id: 'counter-breach-list' }, t('none')),
  );
}

async function inboxPage() {
  render(h('p', {}, t('loading')));
  await Promise.all([loadServices(), loadForms()]);
  const me = state.me;
  const qs =
    me?.role === 'staff'
      ? ''
      : `?licensor=${encodeURIComponent(new URLSearchParams(location.hash.split('?')[1] ?? '').get('licensor') ?? 'ctrm')}`;
  const r = await api(`/v1/inbox${qs}`);
  if (!r.ok) return render(problemBox(r.body));
  const items = r.body.items;
  const list = items.map((c) => {
    caseServices.set(c.applicationId, c.serviceCode);
    const box = h('div', {});
    const buttons = c.actions.map((a) =>
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          'data-action': a.action,
          disabled: a.readOnly === true,
          onclick: () => box.replaceChildren(decisionForm(c.applicationId, a.action, () => inboxPage(), a.href)),
        },
        code(a.action),
        a.dueAt ? ` · ${moment(a.dueAt)}` : '',
      ),
    );
    return h(
      'article',
      { class: 'card inbox-item', 'data-case': c.applicationId, 'data-stage': c.stage },
      h('header', {}, h('h3', {}, caseLink(c)), slaBadge(c.slaState), h('span', { class: 'muted' }, serviceName(c.serviceCode))),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, t('stage')),
        h('dd', { class: 'stage' }, code(c.stage)),
        h('dt', {}, t('nextDeadline')),
        h(
          'dd',
          { class: c.sla.nextDeadlineWorkingDays < 0 ? 'sla-breached' : '' },
          moment(c.nextDueAt),
          ` · ${slaAmount(c.sla, c.sla.nextDeadlineWorkingDays)}`,
          c.sla.nextDeadlineWorkingDays < 0 ? ` (${t('overdue')})` : '',
        ),
        h('dt', {}, t('dueAt')),
        h('dd', {}, moment(c.dueAt), ` · ${slaAmount(c.sla, c.sla.remainingWorkingDays)}`, c.sla.overdue ? ` (${t('overdue')})` : ''),
      ),
      h('div', { class: 'actions' }, buttons),
      box,
    );
  });
  render(
    h('h1', {}, t('inbox'), me?.licensorName ? h('span', { class: 'muted' }, ` — ${localized(me.licensorName)}`) : ''),
    items.length ? h('div', { id: 'inbox' }, list) : h('p', { class: 'muted', id: 'inbox' }, t('inboxEmpty')),
  );
}

async function verifyDocument(doc, cell) {
  cell.replaceChildren(t('loading'));
  try {
    const xml = await api(doc.href, { raw: true, headers: { Accept: 'application/xml' } });
    if (!xml.ok) throw new Error('no document');
    const r = await api('/v1/documents/verify', { method: 'POST', body: xml.body, headers: { 'Content-Type': 'application/xml' } });
    if (r.status === 404 && r.body?.code === 'NOT_FOUND')
      return cell.replaceChildren(h('span', { class: 'muted', 'data-verified': 'no' }, t('notVerified')));
    const valid = r.ok && (r.body?.valid === true || r.body?.signatureValid === true);
    const signer = r.body?.signer?.commonName ?? r.body?.signer?.subject ?? r.body?.signer ?? '';
    cell.replaceChildren(
      h(
        'span',
        { class: valid ? 'sla-met' : 'sla-breached', 'data-verified': valid ? 'valid' : 'invalid' },
        valid ? t('verified') : t('invalid'),
      ),
      typeof signer === 'string' && signer ? h('span', { class: 'hint' }, ` ${signer}`) : '',
    );
  } catch {
    cell.replaceChildren(h('span', { class: 'muted', 'data-verified': 'no' }, t('notVerified')));
  }
}

async function casePage(id) {
  render(h('p', {}, t('loading')));
  await Promise.all([loadServices(), loadForms()]);
  const r = await api(`/v1/applications/${encodeURIComponent(id)}/timeline`);
  if (!r.ok) return render(problemBox(r.body));
  const c = r.body;
  caseServices.set(c.applicationId, c.serviceCode);
  // seed 001 ¶12: a counter application's hand-over and how long an uncollected result is kept (ours).
  const live = await api(`/v1/applications/${encodeURIComponent(id)}`);
  const handOver = live.ok ? live.body.details?.handOver : undefined;
  const o = c.overall;
  const staffActions = (c.pendingActions ?? []).filter((p) => p.by === 'staff');
  const formBox = h('div', {});
  const docRows = c.documents.map((d) => {
    const cell = h('span', {}, '…');
    void verifyDocument(d, cell);
    return { cells: [d.ancn, d.kind, moment(d.issuedAt), cell] };
  });
  render(
    h('p', {}, h('a', { href: state.me?.role === 'staff' ? '#/inbox' : '#/overview' }, `← ${t('back')}`)),
    h('h1', {}, `${t('case')} ${c.ancn}`),
    h(
      'section',
      { class: 'card' },
      h(
        'dl',
        { class: 'facts', id: 'case-facts' },
        h('dt', {}, t('service')),
        h('dd', {}, serviceName(c.serviceCode)),
        h('dt', {}, t('stage')),
        h('dd', { id: 'case-stage' }, code(c.stage)),
        h('dt', {}, t('status')),
        h('dd', {}, code(c.status)),
        h('dt', {}, t('sla')),
        h('dd', {}, slaBadge(c.slaState)),
        h('dt', {}, t('waitingOn')),
        h('dd', {}, code(c.waitingOn)),
        h('dt', {}, t('dueAt')),
        h('dd', {}, moment(o.dueAt)),
        h('dt', {}, t('term')),
        h('dd', {}, number(o.termWorkingDays)),
        h('dt', {}, t('elapsed')),
        h('dd', {}, number(o.elapsedWorkingDays)),
        h('dt', {}, t('remaining')),
        h('dd', { id: 'case-remaining' }, number(o.remainingWorkingDays), o.overdue ? ` (${t('overdue')})` : ''),
      ),
    ),
    staffActions.length && state.me?.role === 'staff'
      ? h(
          'section',
          {},
          h('h2', {}, t('pendingActions')),
          h(
            'div',
            { class: 'actions' },
            staffActions.map((p) =>
              h(
                'button',
                {
                  type: 'button',
                  class: 'secondary',
                  'data-action': p.action,
                  onclick: () => formBox.replaceChildren(decisionForm(c.applicationId, p.action, () => casePage(id))),
                },
                code(p.action),
                p.dueAt ? ` · ${moment(p.dueAt)}` : '',
              ),
            ),
          ),
          formBox,
        )
      : null,
    h('h2', {}, t('timeline')),
    table(
      [
        { label: t('stage') },
        { label: t('started') },
        { label: t('ended') },
        { label: t('plannedBy') },
        { label: t('plannedDays'), num: true },
        { label: t('actualDays'), num: true },
        { label: t('verdict') },
        { label: t('actor') },
      ],
      c.stages.map((s) => ({
        cells: [
          h('span', { title: s.regulation ?? '' }, code(s.stage)),
          moment(s.startedAt),
          moment(s.endedAt),
          moment(s.plannedBy),
          number(s.plannedWorkingDays),
          number(s.actualWorkingDays),
          s.verdict ? h('span', { class: `v-${s.verdict}` }, code(s.verdict)) : '—',
          s.actor ?? '—',
        ],
      })),
      { id: 'timeline' },
    ),
    handOver
      ? h(
          'p',
          { id: 'counter-hand-over' },
          `${t('counterHandOver')}: ${handOver.branchId} · ${code(handOver.status)} · ${t('retainUntil')} ${moment(handOver.retainUntil)}`,
        )
      : null,
    h('h2', {}, t('suspensions')),
    c.suspensions.length
      ? table(
          [{ label: t('when') }, { label: t('what') }, { label: t('dueAt') }, { label: t('actor') }],
          c.suspensions.map((s) => ({ cells: [moment(s.at), s.reason ?? s.action, moment(s.dueAt), s.actor] })),
        )
      : h('p', { class: 'muted' }, t('none')),
    h('h2', {}, t('documents')),
    c.documents.length
      ? table([{ label: 'ANCN' }, { label: t('what') }, { label: t('when') }, { label: t('signature') }], docRows, { id: 'documents' })
      : h('p', { class: 'muted' }, t('none')),
    h('h2', {}, t('audit')),
    table(
      [{ label: t('when') }, { label: t('what') }, { label: t('actor') }],
      c.audit.map((e) => ({ cells: [moment(e.at), code(e.action), e.actor] })),
      { id: 'audit' },
    ),
  );
}

// ---- shell ---------------------------------------------------------------------------------------------

function updateHeader() {
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.getAttribute('data-i18n'));
  document.title = t('title');
  const who = document.getElementById('who');
  const me = state.me;
  who.textContent = me
    ? `${t('signedInAs')}: ${me.displayName ?? me.subject}${me.licensorName ? ` · ${localized(me.licensorName)}` : ''}`
    : '';
  document.getElementById('sign-out').hidden = !me;
  document.getElementById('nav-inbox').hidden = !me;
  document.getElementById('nav-overview').hidden = !me;
}

async function route() {
  const [path, query] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query ?? '');
  for (const a of document.querySelectorAll('.menu a')) a.classList.toggle('active', a.getAttribute('href') === `#${path}`);
  if (!token()) return loginPage();
  if (!state.me) {
    const r = await api('/v1/me');
    if (!r.ok) {
      sessionStorage.removeItem('token');
      return loginPage(r.body?.detail);
    }
    state.me = r.body;
    updateHeader();
  }
  try {
    if (path.startsWith('/case/')) return await casePage(decodeURIComponent(path.slice('/case/'.length)));
    if (path === '/inbox') return await inboxPage();
    if (path === '/login') return loginPage();
    return await overviewPage(params);
  } catch (e) {
    if (e.message !== 'signed out') render(problemBox({ detail: e.message }));
  }
}

function start() {
  setLang(initialLang());
  const select = document.getElementById('lang');
  select.value = lang();
  select.addEventListener('change', () => {
    setLang(select.value);
    updateHeader();
    void route();
  });
  document.getElementById('sign-out').addEventListener('click', () => {
    sessionStorage.removeItem('token');
    forgetPendingSignIn();
    state.me = null;
    state.forms = null;
    updateHeader();
    location.hash = '#/login';
  });
  window.addEventListener('hashchange', () => void route());
  updateHeader();
  const params = new URLSearchParams(location.search);
  if (params.has('code') || params.has('error')) {
    void finishOidcSignIn(params)
      .catch((e) => `${t('signInFailed')}: ${e.message}`)
      .then(async (problem) => {
        if (problem) return loginPage(problem);
        const me = location.hash ? null : await api('/v1/me');
        if (me?.ok) {
          state.me = me.body;
          updateHeader();
          location.hash = me.body.role === 'staff' ? '#/inbox' : '#/overview'; // hashchange → route()
          return;
        }
        return route();
      });
    return;
  }
  void route();
}

if (!LANGS.includes(document.documentElement.lang)) document.documentElement.lang = 'en';
start();

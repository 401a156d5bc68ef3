// The public verification page (no login) a printed document's QR code opens (seed 002 ¶6(2)): the
// document's ANCN, type, signer, signing time and validity, with the NCA's revocation status at the signing
// time. It calls GET /v1/documents/{ancn}/verification (register/routes.ts) and holds no data of its own.
import { initialLang, moment, setLang, t } from './i18n.js';

let last = null;

function row(label, value) {
  const tr = document.createElement('tr');
  const th = document.createElement('th');
  th.textContent = label;
  const td = document.createElement('td');
  td.textContent = value ?? '—';
  tr.append(th, td);
  return tr;
}

function verdictClass(status) {
  if (status === 'valid' || status === 'valid-signed-before-revocation') return 'sla sla-met';
  return 'sla sla-breached';
}

function render() {
  document.querySelectorAll('[data-i18n]').forEach((el) => {
    el.textContent = t(el.dataset.i18n);
  });
  document.title = t('verifyTitle');
  if (!last) return;
  const v = last;
  const verdict = document.getElementById('verdict');
  verdict.className = verdictClass(v.status);
  verdict.dataset.status = v.status;
  verdict.textContent = t(`verifyStatus:${v.status}`);
  const fields = document.getElementById('fields');
  fields.replaceChildren(
    row(t('verifyAncn'), v.ancn),
    row(t('verifyType'), [v.documentType, v.kind].filter(Boolean).join(' · ')),
    ...(v.title ? [row(t('verifyDocTitle'), v.title)] : []),
    row(t('verifySigner'), v.signer?.subject),
    row(t('verifySerial'), v.signer?.serial),
    row(t('verifyIssuer'), v.signer?.issuer),
    row(t('verifySignedAt'), moment(v.signedAt)),
    row(t('verifyRevocation'), t(`verifyRevocation:${v.revocation}`)),
    ...(v.revokedAt ? [row(t('verifyRevokedAt'), `${moment(v.revokedAt)} (${v.revocationReason})`)] : []),
    ...(v.signedBeforeRevocation ? [row(t('verifyNote'), t('verifySignedBefore'))] : []),
    row(t('verifyCheckedAt'), moment(v.checkedAt)),
  );
  const reasons = document.getElementById('reasons');
  reasons.replaceChildren(
    ...(v.reasons ?? []).map((r) => {
      const li = document.createElement('li');
      li.textContent = r;
      return li;
    }),
  );
  document.getElementById('result').hidden = false;
}

async function check(ancn) {
  const error = document.getElementById('error');
  error.hidden = true;
  last = null;
  document.getElementById('result').hidden = true;
  const res = await fetch(`/v1/documents/${encodeURIComponent(ancn.replace(/\s+/g, ''))}/verification`);
  if (!res.ok) {
    error.textContent = res.status === 404 || res.status === 400 ? t('verifyNotFound') : `${res.status}`;
    error.hidden = false;
    return;
  }
  last = await res.json();
  render();
}

function init() {
  const sel = document.getElementById('lang');
  setLang(initialLang());
  sel.value = document.documentElement.lang;
  sel.addEventListener('change', () => {
    setLang(sel.value);
    render();
  });
  document.getElementById('lookup').addEventListener('submit', (e) => {
    e.preventDefault();
    const ancn = document.getElementById('ancn').value;
    history.replaceState(null, '', `?ancn=${encodeURIComponent(ancn.trim())}`);
    void check(ancn);
  });
  render();
  const ancn = new URLSearchParams(location.search).get('ancn');
  if (ancn) {
    document.getElementById('ancn').value = ancn;
    void check(ancn);
  }
}

init();

// Sign-in through OpenID Connect for the pages in web/: authorization code + PKCE (RFC 7636) against the
// identity provider named in /web/sign-in.json. startSignIn keeps a one-time verifier in sessionStorage
// and goes to the provider; back on the page with ?code=…, finishSignIn exchanges code + verifier at the
// provider's token endpoint for the API's access token. prompt=login: after signing out, the provider asks
// again who you are. The page that signs in is the redirect URI (registered with the provider).

const PENDING = 'oidc';

export async function loadSignInSettings() {
  const r = await fetch('sign-in.json', { headers: { Accept: 'application/json' } }).catch(() => null);
  return r && r.ok ? r.json() : { issuer: null, tokenPaste: true };
}

async function providerMetadata(issuer, failed) {
  const r = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { headers: { Accept: 'application/json' } });
  if (!r.ok) throw new Error(`${failed}: ${issuer} (${r.status})`);
  return r.json();
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

const redirectUri = () => `${location.origin}${location.pathname}`;

/** Off to the provider's login; `returnTo` (a hash) is where the page goes once back. */
export async function startSignIn(settings, { returnTo = '', failed = 'Sign-in failed' } = {}) {
  const meta = await providerMetadata(settings.issuer, failed);
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo }));
  const url = new URL(meta.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: settings.clientId,
    redirect_uri: redirectUri(),
    response_type: 'code',
    scope: settings.scope,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    prompt: 'login',
  }).toString();
  location.assign(url.toString());
}

/** Back from the provider with ?code=… (or ?error=…): `{ token }`, or `{ problem }` saying why not. */
export async function finishSignIn(settings, params, { failed = 'Sign-in failed' } = {}) {
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null');
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', `${location.pathname}${pending?.returnTo ?? ''}`);
  if (params.has('error')) return { problem: `${failed}: ${params.get('error_description') ?? params.get('error')}` };
  if (!pending || params.get('state') !== pending.state) return { problem: `${failed}: state` };
  // RFC 9207: the answer names the issuer it comes from.
  if (params.has('iss') && params.get('iss') !== settings.issuer) return { problem: `${failed}: iss` };
  const meta = await providerMetadata(settings.issuer, failed);
  const r = await fetch(meta.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: params.get('code') ?? '',
      redirect_uri: redirectUri(),
      client_id: settings.clientId,
      code_verifier: pending.verifier,
    }),
  });
  const body = await r.json().catch(() => ({}));
  if (!r.ok || typeof body.access_token !== 'string') return { problem: `${failed}: ${body.error_description ?? body.error ?? r.status}` };
  return { token: body.access_token };
}

/** Signing out of the page: the pending sign-in goes too. */
export function forgetPendingSignIn() {
  sessionStorage.removeItem(PENDING);
}

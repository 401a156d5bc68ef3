/**
 * The dashboard's sign-in driven over plain HTTP, as a browser would do it: authorization code + PKCE at
 * the development identity provider (identity/dev-provider.ts), choosing a user on its login page.
 * Used by `npm run --silent oidc-token` (scripts/oidc-token.ts) and the tests.
 */
import crypto from 'node:crypto';

export interface SignInResult {
  accessToken: string;
  idToken?: string;
  /** The login page's HTML (lists the development users). */
  loginPage: string;
  tokenType: string;
  expiresIn: number;
}

const b64url = (b: Buffer): string => b.toString('base64url');

/** Cookies the way a browser keeps them for one origin (enough for the provider's interaction cookies). */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export interface CodeFlowOptions {
  issuer: string;
  clientId: string;
  redirectUri: string;
  /** The user chosen on the login page (a development subject, e.g. dev-staff-ctrm). */
  subject: string;
  /** Replace the PKCE verifier sent to the token endpoint (to show a wrong one is refused). */
  tamperVerifier?: boolean;
}

export async function signInWithCodeFlow(opts: CodeFlowOptions): Promise<SignInResult> {
  const jar = new CookieJar();
  const verifier = b64url(crypto.randomBytes(32));
  const challenge = b64url(crypto.createHash('sha256').update(verifier).digest());
  const state = b64url(crypto.randomBytes(16));
  const go = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), cookie: jar.header() } });
    jar.take(res);
    return res;
  };
  const auth = new URL(`${opts.issuer}/auth`);
  auth.search = new URLSearchParams({
    client_id: opts.clientId,
    redirect_uri: opts.redirectUri,
    response_type: 'code',
    scope: 'openid profile',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    prompt: 'login',
  }).toString();
  let res = await go(auth.toString());
  const interaction = res.headers.get('location');
  if (res.status !== 303 || !interaction) throw new Error(`authorization request: ${res.status} ${await res.text()}`);
  res = await go(new URL(interaction, opts.issuer).toString());
  const loginPage = await res.text();
  const action = /<form method="post" action="([^"]+)"/.exec(loginPage)?.[1];
  if (!res.ok || !action) throw new Error(`login page: ${res.status} ${loginPage.slice(0, 300)}`);
  res = await go(new URL(action, opts.issuer).toString(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ sub: opts.subject }).toString(),
  });
  // Back at the authorization endpoint, which redirects to the dashboard with the code.
  for (let hop = 0; hop < 5; hop++) {
    const next = res.headers.get('location');
    if (!next) throw new Error(`sign-in stopped at ${res.status}: ${(await res.text()).slice(0, 300)}`);
    const url = new URL(next, opts.issuer);
    if (url.toString().startsWith(opts.redirectUri)) {
      if (url.searchParams.get('state') !== state) throw new Error('state mismatch');
      const code = url.searchParams.get('code');
      if (!code) throw new Error(`no code: ${url.search}`);
      const tokenRes = await fetch(`${opts.issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: opts.redirectUri,
          client_id: opts.clientId,
          code_verifier: opts.tamperVerifier ? b64url(crypto.randomBytes(32)) : verifier,
        }).toString(),
      });
      const body = (await tokenRes.json()) as Record<string, unknown>;
      if (!tokenRes.ok || typeof body.access_token !== 'string')
        throw new Error(`token endpoint ${tokenRes.status}: ${JSON.stringify(body)}`);
      return {
        accessToken: body.access_token,
        ...(typeof body.id_token === 'string' ? { idToken: body.id_token } : {}),
        loginPage,
        tokenType: String(body.token_type),
        expiresIn: Number(body.expires_in),
      };
    }
    res = await go(url.toString());
  }
  throw new Error('too many redirects');
}

/**
 * People sign in through OpenID Connect: the API accepts access tokens issued by the identity provider
 * (OIDC_ISSUER) for this API (OIDC_AUDIENCE), signed with a key from the provider's JWKS.
 *
 *   - The JWKS is fetched and cached by jose's createRemoteJWKSet: a token whose `kid` is not in the cached
 *     set makes it fetch again (at most once per cooldown), so the provider can rotate its keys freely.
 *   - The claims → Principal mapping is `principalFromClaims` below, and nowhere else.
 *   - Outside systems (portal, payment gateway) keep their service credentials (HS256 with AUTH_TOKEN_SECRET,
 *     api/auth.ts). In production those are refused for people's roles: people come through the provider.
 */
import type * as Jose from 'jose' with { 'resolution-mode': 'import' };
import { z } from 'zod';
import { DomainError } from '../domain/errors';
import { ROLES, type Principal, type Role } from '../domain/roles';
import { LICENSOR_BODIES } from '../domain/services';
import { BRANCH_IDS } from '../counter/branches';
import type { Authenticator } from './auth';

// jose 6 is an ES module only; Node 20.19+ loads it with require (jest transforms it, jest.config.js).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jose = require('jose') as typeof Jose;

/** Roles held by outside systems, which sign in with service credentials rather than as people. */
export const SERVICE_ROLES: readonly Role[] = ['portal', 'gateway'];
/** Roles held by people (staff, counter operators, viewers, administrators): OpenID Connect only in production. */
export const PERSON_ROLES: readonly Role[] = ROLES.filter((r) => !SERVICE_ROLES.includes(r));

/** Asymmetric algorithms only: a provider's token is never checked with a shared secret (nor `none`). */
const ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

const licensorBodies = Object.keys(LICENSOR_BODIES) as [string, ...string[]];
const personRoles = PERSON_ROLES as [Role, ...Role[]];

/**
 * The claims the provider puts in the access token (configure them as claim mappers at a real IdP):
 *   sub            the person's stable id (recorded in audit events)
 *   role | roles   one of staff, operator, viewer, admin (a `roles` array must hold exactly one of them)
 *   licensor_body  staff: the body they act for (domain/services.ts LICENSOR_BODIES)
 *   branch         operator: the State Corporation branch (counter/branches.ts)
 *   name           shown in the dashboard
 *   dev            true on the development provider's users; refused in production
 */
const OidcClaims = z
  .object({
    sub: z.string().min(1),
    role: z.string().optional(),
    roles: z.array(z.string()).optional(),
    licensor_body: z.enum(licensorBodies, { message: `must be one of ${licensorBodies.join(', ')}` }).optional(),
    branch: z.enum(BRANCH_IDS, { message: 'not a State Corporation branch' }).optional(),
    name: z.string().optional(),
    dev: z.boolean().optional(),
  })
  .transform((c, ctx) => {
    const named = [...(c.role !== undefined ? [c.role] : []), ...(c.roles ?? [])];
    const known = [...new Set(named.filter((r): r is Role => (personRoles as readonly string[]).includes(r)))];
    if (known.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['role'],
        message:
          known.length === 0
            ? `the token names no role of a person (one of ${personRoles.join(', ')})`
            : `the token names ${known.length} roles (${known.join(', ')}); exactly one is needed`,
      });
      return z.NEVER;
    }
    return { ...c, role: known[0] as Role };
  })
  .refine((c) => c.role !== 'staff' || c.licensor_body !== undefined, {
    message: 'staff tokens must name a licensor_body',
    path: ['licensor_body'],
  })
  .refine((c) => c.role !== 'operator' || c.branch !== undefined, {
    message: 'operator tokens must name a branch',
    path: ['branch'],
  });

function unauthenticated(why: string): DomainError {
  return new DomainError('UNAUTHENTICATED', why, [{ field: 'header.Authorization', message: why }]);
}

/** The one place where an access token's claims become who the caller is. Throws UNAUTHENTICATED. */
export function principalFromClaims(claims: unknown, opts: { refuseDevUsers: boolean }): Principal {
  const parsed = OidcClaims.safeParse(claims);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw unauthenticated(`the token's claims are not valid: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  const c = parsed.data;
  if (c.dev && opts.refuseDevUsers) throw unauthenticated('development users are refused in production');
  return {
    subject: c.sub,
    role: c.role,
    ...(c.role === 'staff' && c.licensor_body ? { licensorBody: c.licensor_body } : {}),
    ...(c.role === 'operator' && c.branch ? { branch: c.branch } : {}),
    ...(c.name ? { displayName: c.name } : {}),
  };
}

export interface OidcVerifierOptions {
  issuer: string;
  audience: string;
  /** Default: jwks_uri from `${issuer}/.well-known/openid-configuration`. */
  jwksUrl?: string;
  refuseDevUsers: boolean;
  /** Seconds of clock skew tolerated on exp/nbf/iat. */
  clockToleranceSec?: number;
  /** Least time between two JWKS fetches for unknown keys (jose's default 30 s). */
  jwksCooldownMs?: number;
  /** How long a fetched JWKS is trusted without asking again (jose's default 10 min). */
  jwksCacheMaxAgeMs?: number;
}

export interface OidcVerifier {
  verify(token: string): Promise<Principal>;
}

export function createOidcVerifier(opts: OidcVerifierOptions): OidcVerifier {
  let keys: Promise<ReturnType<typeof jose.createRemoteJWKSet>> | null = null;
  const keySet = (): Promise<ReturnType<typeof jose.createRemoteJWKSet>> => {
    keys ??= (async () => {
      const url = opts.jwksUrl ?? (await discoverJwksUrl(opts.issuer));
      return jose.createRemoteJWKSet(new URL(url), {
        ...(opts.jwksCooldownMs !== undefined ? { cooldownDuration: opts.jwksCooldownMs } : {}),
        ...(opts.jwksCacheMaxAgeMs !== undefined ? { cacheMaxAge: opts.jwksCacheMaxAgeMs } : {}),
      });
    })();
    // A provider that was down at the first request is asked again on the next one.
    keys.catch(() => (keys = null));
    return keys;
  };
  return {
    async verify(token) {
      let payload: Jose.JWTPayload;
      try {
        const jwks = await keySet();
        ({ payload } = await jose.jwtVerify(token, jwks, {
          issuer: opts.issuer,
          audience: opts.audience,
          algorithms: ALGORITHMS,
          clockTolerance: opts.clockToleranceSec ?? 30,
          requiredClaims: ['sub', 'exp'],
        }));
      } catch (e) {
        throw verificationProblem(e, opts);
      }
      return principalFromClaims(payload, opts);
    },
  };
}

async function discoverJwksUrl(issuer: string): Promise<string> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`discovery ${url} answered ${res.status}`);
  const doc = z.object({ issuer: z.string(), jwks_uri: z.url() }).parse(await res.json());
  if (doc.issuer !== issuer) throw new Error(`discovery ${url} names issuer ${doc.issuer}, not ${issuer}`);
  return doc.jwks_uri;
}

/** jose's failures in words a caller can act on (401), or 503 when the provider's keys cannot be had. */
function verificationProblem(e: unknown, opts: OidcVerifierOptions): DomainError {
  const { errors } = jose;
  if (e instanceof errors.JWTExpired) return unauthenticated('the token has expired');
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.claim === 'iss') return unauthenticated(`the token was not issued by ${opts.issuer}`);
    if (e.claim === 'aud') return unauthenticated(`the token is not meant for this API (audience ${opts.audience})`);
    return unauthenticated(`the token's ${e.claim} claim is not valid: ${e.reason}`);
  }
  if (e instanceof errors.JWKSNoMatchingKey)
    return unauthenticated('the token is signed with a key the identity provider does not publish');
  if (e instanceof errors.JOSEAlgNotAllowed)
    return unauthenticated(`the token's algorithm is not accepted (only ${ALGORITHMS.join(', ')})`);
  if (e instanceof errors.JWSSignatureVerificationFailed) return unauthenticated('the token signature is not valid');
  if (e instanceof errors.JOSEError && !(e instanceof errors.JWKSTimeout) && !(e instanceof errors.JWKSInvalid)) {
    return unauthenticated('the token is not valid');
  }
  return new DomainError('UPSTREAM_UNAVAILABLE', 'the identity provider’s signing keys could not be fetched; try again shortly');
}

export interface SignInOptions {
  /** HS256 tokens (api/auth.ts createAuthenticator): service credentials, and in development everyone's. */
  sharedSecret: Authenticator;
  /** Access tokens from the identity provider; null when none is configured. */
  oidc: OidcVerifier | null;
  /** Roles accepted with a shared-secret token: production passes SERVICE_ROLES, development every role. */
  sharedSecretRoles: readonly Role[];
}

/**
 * One Authenticator for both kinds of bearer token, told apart by the JWT header's `alg`: HS256 → shared
 * secret (service credentials), anything else → the identity provider.
 */
export function createSignIn(opts: SignInOptions): Authenticator {
  return {
    async authenticate(authorization) {
      if (authorization === undefined || authorization === '') return null;
      const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
      let alg: string | undefined;
      try {
        alg = token ? jose.decodeProtectedHeader(token).alg : undefined;
      } catch {
        alg = undefined;
      }
      // Not a bearer JWT at all, or a shared-secret one: the shared-secret path words the refusal as before.
      if (!token || alg === undefined || alg === 'HS256' || alg === 'none') {
        const p = await opts.sharedSecret.authenticate(authorization);
        if (p && !opts.sharedSecretRoles.includes(p.role)) {
          throw unauthenticated(`a ${p.role} signs in through OpenID Connect; shared-secret tokens are for outside systems only`);
        }
        return p;
      }
      if (!opts.oidc) throw unauthenticated('no identity provider is configured (OIDC_ISSUER): only service credentials are accepted');
      return opts.oidc.verify(token);
    },
  };
}

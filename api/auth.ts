/**
 * Bearer tokens: JWTs signed with HS256 (jsonwebtoken) carrying who the caller is.
 *   sub           stable id of the credential holder (recorded in audit events)
 *   role          portal | staff | viewer | admin | gateway (domain/roles.ts)
 *   licensorBody  for staff: the body whose services they act on (domain/services.ts LICENSOR_BODIES)
 *   branch        for operator: the State Corporation branch they work at (counter/branches.ts)
 *   dev           true on the development credentials minted at startup; refused in production
 *
 * 401 = no or bad token; 403 = good token, wrong role or licensor body.
 * Development/test without AUTH_TOKEN_SECRET: a random secret is generated once into DATA_DIR, and
 * credentials for every role are minted, printed and written to .data/dev-credentials.json (0600).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import type { Config } from '../config';
import { DomainError } from '../domain/errors';
import { ROLES, type Principal, type Role } from '../domain/roles';
import { LICENSOR_BODIES } from '../domain/services';
import { DECISION_APPROVAL_CHAIN, MNE_LICENSE_APPROVAL_CHAINS } from '../domain/approval-chains';
import { BRANCHES, BRANCH_IDS } from '../counter/branches';

export const TOKEN_ISSUER = 'kz-services-orchestrator';
const ALGORITHM = 'HS256';

const licensorBodies = Object.keys(LICENSOR_BODIES) as [string, ...string[]];

const ClaimsSchema = z
  .object({
    sub: z.string().min(1),
    role: z.enum(ROLES),
    licensorBody: z.enum(licensorBodies).optional(),
    branch: z.enum(BRANCH_IDS).optional(),
    name: z.string().optional(),
    dev: z.boolean().optional(),
  })
  .refine((c) => c.role !== 'staff' || c.licensorBody !== undefined, {
    message: 'staff tokens must name a licensorBody',
    path: ['licensorBody'],
  })
  .refine((c) => c.role !== 'operator' || c.branch !== undefined, {
    message: 'operator tokens must name a branch',
    path: ['branch'],
  });

export interface Authenticator {
  /**
   * Principal from an Authorization header value; null when there is none. Throws (or rejects with)
   * UNAUTHENTICATED. Asynchronous for the identity provider's tokens (api/oidc.ts fetches its keys).
   */
  authenticate(authorization: string | undefined): Principal | null | Promise<Principal | null>;
}

/** The shared-secret (HS256) authenticator answers at once. */
export interface SharedSecretAuthenticator extends Authenticator {
  authenticate(authorization: string | undefined): Principal | null;
}

export interface AuthOptions {
  secret: string;
  /** Production refuses tokens minted as development credentials. */
  refuseDevTokens: boolean;
}

export function createAuthenticator(opts: AuthOptions): SharedSecretAuthenticator {
  // Handed a string, jsonwebtoken first tries it as a PEM public key (a parse that throws) on every request:
  // ~38 ms of CPU per SME case on this 2-core machine (bench/throughput.bench.ts --profile). One key object.
  const key = crypto.createSecretKey(Buffer.from(opts.secret));
  return {
    authenticate(authorization) {
      if (authorization === undefined || authorization === '') return null;
      const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (!m?.[1])
        throw new DomainError('UNAUTHENTICATED', 'the Authorization header must be "Bearer <token>"', [
          { field: 'header.Authorization', message: 'not a bearer token' },
        ]);
      let decoded: unknown;
      try {
        decoded = jwt.verify(m[1], key, { algorithms: [ALGORITHM], issuer: TOKEN_ISSUER });
      } catch (e) {
        const why = e instanceof jwt.TokenExpiredError ? 'the token has expired' : 'the token is not valid';
        throw new DomainError('UNAUTHENTICATED', why, [{ field: 'header.Authorization', message: why }]);
      }
      const claims = ClaimsSchema.safeParse(decoded);
      if (!claims.success) {
        throw new DomainError('UNAUTHENTICATED', `the token's claims are not valid: ${claims.error.issues[0]?.message ?? ''}`, [
          { field: 'header.Authorization', message: 'bad claims' },
        ]);
      }
      if (claims.data.dev && opts.refuseDevTokens) {
        throw new DomainError('UNAUTHENTICATED', 'development credentials are refused in production', [
          { field: 'header.Authorization', message: 'development token' },
        ]);
      }
      return {
        subject: claims.data.sub,
        role: claims.data.role,
        ...(claims.data.licensorBody ? { licensorBody: claims.data.licensorBody } : {}),
        ...(claims.data.branch ? { branch: claims.data.branch } : {}),
        ...(claims.data.name ? { displayName: claims.data.name } : {}),
      };
    },
  };
}

export interface MintOptions {
  expiresIn?: jwt.SignOptions['expiresIn'];
  dev?: boolean;
}

export function mintToken(secret: string, principal: Principal, opts: MintOptions = {}): string {
  const claims = {
    role: principal.role,
    ...(principal.licensorBody ? { licensorBody: principal.licensorBody } : {}),
    ...(principal.branch ? { branch: principal.branch } : {}),
    ...(principal.displayName ? { name: principal.displayName } : {}),
    ...(opts.dev ? { dev: true } : {}),
  };
  return jwt.sign(claims, secret, {
    algorithm: ALGORITHM,
    issuer: TOKEN_ISSUER,
    subject: principal.subject,
    ...(opts.expiresIn !== undefined ? { expiresIn: opts.expiresIn } : {}),
  });
}

/** Express: reads the bearer token (if any) into res.locals.principal. A bad token is a 401 at once. */
export function authenticateRequests(auth: Authenticator): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    res.locals.principal = await auth.authenticate(req.header('authorization'));
    next();
  };
}

export function principalOf(res: Response): Principal | null {
  return (res.locals.principal as Principal | null | undefined) ?? null;
}

/** The caller, who must be signed in with one of `roles`; 401 when anonymous, 403 for another role. */
export function requirePrincipal(res: Response, roles: readonly Role[]): Principal {
  const p = principalOf(res);
  if (!p) throw new DomainError('UNAUTHENTICATED', 'sign in with a bearer token', [{ field: 'header.Authorization', message: 'missing' }]);
  if (!roles.includes(p.role)) throw new DomainError('FORBIDDEN', `role ${p.role} may not do this (allowed: ${roles.join(', ')})`);
  return p;
}

/** Staff act only for their own licensor body; other roles are not limited by body. */
export function requireSameBody(p: Principal, licensorBody: string): void {
  if (p.role === 'staff' && p.licensorBody !== licensorBody) {
    throw new DomainError('FORBIDDEN', `staff of ${p.licensorBody ?? '?'} may not act on cases of ${licensorBody}`);
  }
}

// ---- development credentials ----------------------------------------------------------------------

export interface DevCredential {
  role: Role;
  subject: string;
  licensorBody?: string;
  branch?: string;
  token: string;
}

export function devPrincipals(): Principal[] {
  const base: Principal[] = [
    { subject: 'dev-portal', role: 'portal', displayName: 'Development portal (egov.kz stand-in)' },
    { subject: 'dev-viewer', role: 'viewer', displayName: 'Development dashboard viewer' },
    { subject: 'dev-admin', role: 'admin', displayName: 'Development administrator' },
    { subject: 'dev-gateway', role: 'gateway', displayName: 'Development payment gateway' },
  ];
  const staff: Principal[] = Object.entries(LICENSOR_BODIES).map(([body, names]) => ({
    subject: `dev-staff-${body}`,
    role: 'staff',
    licensorBody: body,
    displayName: `Development employee of ${names.en}`,
  }));
  // seed 004 ¶40: the CTRM's approval chain for a Flag/Emblem decision, so a case can be decided end to end.
  const chain: Principal[] = DECISION_APPROVAL_CHAIN.map((p) => ({
    subject: p.subject,
    role: 'staff',
    licensorBody: 'ctrm',
    displayName: `Development ${p.title}`,
  }));
  // seed 001 ¶11(11): the MNE trade body's chains for a licence (ours before the authorized person).
  const mneChain: Principal[] = [
    ...new Map(
      Object.values(MNE_LICENSE_APPROVAL_CHAINS)
        .flat()
        .map((p) => [p.subject, p]),
    ).values(),
  ].map((p) => ({ subject: p.subject, role: 'staff', licensorBody: 'mne-trade', displayName: `Development ${p.title}` }));
  // seed 001 ¶11(1): a counter operator at every branch.
  const operators: Principal[] = BRANCHES.map((b) => ({
    subject: `dev-operator-${b.id}`,
    role: 'operator',
    branch: b.id,
    displayName: `Development operator, ${b.name.en}`,
  }));
  return [...base, ...staff, ...chain, ...mneChain, ...operators];
}

const SECRET_FILE = 'auth-token-secret';

/**
 * The token secret: AUTH_TOKEN_SECRET when set; otherwise (development/test only) a random one kept in
 * DATA_DIR so tokens survive restarts. Production never gets here without a secret (config refuses).
 */
export function resolveTokenSecret(config: Config): { secret: string; dev: boolean } {
  if (config.api.tokenSecret) return { secret: config.api.tokenSecret, dev: false };
  if (config.env === 'production') throw new Error('AUTH_TOKEN_SECRET is required in production: development credentials are refused');
  fs.mkdirSync(config.dataDir, { recursive: true });
  const file = path.join(config.dataDir, SECRET_FILE);
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return { secret: existing, dev: true };
  } catch {
    // not there yet
  }
  const secret = crypto.randomBytes(48).toString('base64url');
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return { secret, dev: true };
}

/** Mints a credential for every role (staff for each licensor body, and its approval chain) and writes them, mode 0600. */
export function writeDevCredentials(config: Config, secret: string): DevCredential[] {
  if (config.env === 'production') throw new Error('development credentials are refused in production');
  const creds = devPrincipals().map((p) => ({
    role: p.role,
    subject: p.subject,
    ...(p.licensorBody ? { licensorBody: p.licensorBody } : {}),
    ...(p.branch ? { branch: p.branch } : {}),
    token: mintToken(secret, p, { dev: true, expiresIn: '30d' }),
  }));
  fs.mkdirSync(path.dirname(config.api.devCredentialsFile), { recursive: true });
  fs.writeFileSync(
    config.api.devCredentialsFile,
    `${JSON.stringify({ note: 'development only: send as "Authorization: Bearer <token>"', credentials: creds }, null, 2)}\n`,
    { mode: 0o600 },
  );
  fs.chmodSync(config.api.devCredentialsFile, 0o600);
  return creds;
}

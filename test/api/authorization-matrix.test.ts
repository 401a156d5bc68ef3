/**
 * The authorization matrix (issue 16 item 4): every operation of the OpenAPI document × every kind of
 * caller → allowed, 401, 403 or 404, asserted against the real Express app (every router mounted: the
 * services, complaints, counter, register and NCA; in-memory store and fake Temporal).
 *
 * The expected outcome is computed from the declared policy, never from the app: api/access.ts (each
 * operation's roles and scope, which the routes require) and, for the per-service operations, the service
 * modules' own declarations (submitters, each action's and each event's roles). "Allowed" means neither
 * 401 nor 403 (what follows — 2xx, a 4xx for the body, 409 for the stage — is the contract tests' business).
 * A second column asks for a resource that does not exist: 404 for every caller the roles admit, and still
 * 401/403 for the others (roles are checked before the lookup, so ids are not probed).
 *
 * Not here: which body's staff may decide a complaint (the complaint workflow's update validators, see
 * test/workflows/complaints*.test.ts) and the portal's applicant checks on a complaint (test/api/complaints.test.ts).
 */
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import type { Express } from 'express';
import type { Server } from 'node:http';
import { ACCESS, DEFAULT_SUBMITTERS, REGISTER_PRINT_INDIVIDUAL, type Access, type OperationKey } from '../../api/access';
import { createApp } from '../../api/app';
import { createAuthenticator, mintToken } from '../../api/auth';
import { buildOpenApiDocument, type OpenApiDocument } from '../../api/openapi';
import type { ServiceModule } from '../../api/service-module';
import { loadConfig } from '../../config';
import { formatAncn } from '../../domain/ancn';
import { kzMoment } from '../../domain/calendar';
import { ROLES, type Principal, type Role } from '../../domain/roles';
import { LICENSOR_BODIES } from '../../domain/services';
import { InMemoryStateDatabases } from '../../adapters/state-databases/fake';
import { InMemoryApplicationStore } from '../../persistence/in-memory';
import { InMemoryPermitRegister } from '../../register/permit-register-memory';
import { InMemoryRegisterStore } from '../../register/store-memory';
import { SERVICE_MODULES } from '../../services';
import type { CaseStatus } from '../../workflows/shared/case';
import { SEEDED_INDIVIDUALS, SEEDED_LEGAL_ENTITIES } from '../../simulators/egov-gateway';
import { FakeCases } from './helpers/fake-cases';
import { createHarness, IIN, permitRequest, STAFF, type RegisterHarness } from '../register/helpers';
import { openTestNca } from '../workflows/nca-services.fixtures';

const NOW = kzMoment('2026-04-08', '11:00');
const BRANCH = 'astana-yesil';
const OTHER_BRANCH = 'almaty-almaly';
const VISIT = `counter-visit-${BRANCH}-2026-04-08-001`;
const APPLICANT = '180340001231';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

type Outcome = 'allowed' | 401 | 403 | 404;

/** The callers: anonymous, each role, and staff and operators on both sides of their body and branch. */
type Caller =
  | { name: 'anonymous' }
  | { name: 'portal' | 'viewer' | 'admin' | 'gateway'; role: Exclude<Role, 'staff' | 'operator'> }
  | { name: 'staff of the body' | 'staff of another body'; role: 'staff'; own: boolean }
  | { name: 'operator of the branch' | 'operator of another branch'; role: 'operator'; own: boolean };
const CALLERS: Caller[] = [
  { name: 'anonymous' },
  { name: 'portal', role: 'portal' },
  { name: 'staff of the body', role: 'staff', own: true },
  { name: 'staff of another body', role: 'staff', own: false },
  { name: 'operator of the branch', role: 'operator', own: true },
  { name: 'operator of another branch', role: 'operator', own: false },
  { name: 'viewer', role: 'viewer' },
  { name: 'admin', role: 'admin' },
  { name: 'gateway', role: 'gateway' },
];

interface Operation {
  method: (typeof METHODS)[number];
  template: string;
  op: Record<string, unknown>;
}

/** What the declaration says for one operation: its access entry and, for per-service operations, the module's roles. */
interface Policy {
  key: OperationKey;
  access: Access;
  /**
   * A second role check on the known resource: what the service module declares (submitters, an action's or
   * an event's roles), or the register's rule for an individual's entry (REGISTER_PRINT_INDIVIDUAL).
   */
  moduleRoles?: readonly Role[];
  /** The licensor body whose staff the scope admits (the fixture's). */
  body: string;
  /** The case the path names (actions, events), chosen so the module declares the operation. */
  caseId?: string;
}

function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths ?? {}).flatMap(([template, item]) =>
    METHODS.flatMap((method) => {
      const op = (item as Record<string, unknown> | undefined)?.[method];
      return op ? [{ method, template, op: op as Record<string, unknown> }] : [];
    }),
  );
}

const otherBody = (body: string): string => Object.keys(LICENSOR_BODIES).find((b) => b !== body) ?? 'ctrm';

/** Expected outcome for a caller, from the declaration only. */
function expected(policy: Policy, caller: Caller, resource: 'known' | 'unknown'): Outcome {
  const { roles, scope } = policy.access;
  if (resource === 'unknown') {
    // Only the operation's own roles are checked before the lookup (a module's roles need the case).
    if (roles === 'public') return 404;
    if (caller.name === 'anonymous') return 401;
    return roles.includes(caller.role) ? 404 : 403;
  }
  const gates = [...(roles === 'public' ? [] : [roles]), ...(policy.moduleRoles ? [policy.moduleRoles] : [])];
  if (gates.length === 0) return 'allowed';
  if (caller.name === 'anonymous') return 401;
  if (gates.some((g) => !g.includes(caller.role))) return 403;
  const foreign = 'own' in caller && !caller.own;
  if ((scope === 'case-body' || scope === 'service-body') && caller.role === 'staff' && foreign) return 403;
  if (scope === 'branch' && caller.role === 'operator' && foreign) return 403;
  return 'allowed';
}

// ---- the app with every router, and its fixtures -----------------------------------------------------

/** Fake Temporal whose counter hand-over case says it came through the branch's counter. */
class MatrixCases extends FakeCases {
  readonly counterCases = new Set<string>();
  override async status(workflowId: string): Promise<CaseStatus> {
    const s = await super.status(workflowId);
    if (!this.counterCases.has(workflowId)) return s;
    return {
      ...s,
      details: { ...s.details, channel: { kind: 'state-corporation', branchId: BRANCH }, handOver: { branchId: BRANCH } },
    };
  }
}

let app: Express;
let server: Server;
let doc: OpenApiDocument;
let secret: string;
let register: RegisterHarness;
let permitAncn: string;
/** An individual's permit restored from paper: printing it needs sign-in, and it has no electronic form (409). */
let paperPermitAncn: string;
const cases = new MatrixCases();
const store = new InMemoryApplicationStore(() => NOW);
/** A case per service (its licensor body is the service's), and the counter's hand-over case. */
const caseOf = new Map<string, string>();
let handOverCase: string;
let complaintId: string;
let seq = 0;

async function seedCase(serviceCode: string, licensorBody: string): Promise<string> {
  seq += 1;
  const ancn = formatAncn('APP', 900 + seq);
  const id = `${serviceCode}-${ancn}`;
  const registeredAt = kzMoment('2026-04-06', '09:00');
  const dueAt = kzMoment('2026-04-20', '18:30');
  await store.createApplication({
    id,
    serviceCode,
    workflowId: id,
    ancn,
    applicantRef: APPLICANT,
    licensorBody,
    submittedAt: registeredAt,
    registeredAt,
    dueAt,
    calendarVersion: 'kz-calendar/2024-2029@2',
    stage: 'accepted',
    status: 'open',
    slaState: 'on-track',
  });
  await cases.start('matrix', id, {
    applicationId: id,
    serviceCode,
    licensorBody,
    registeredAt: registeredAt.toISOString(),
    dueAt: dueAt.toISOString(),
    calendarVersion: 'kz-calendar/2024-2029@2',
  });
  return id;
}

beforeAll(async () => {
  const nca = await openTestNca(new Date(NOW.getTime() - 3_600_000));
  register = await createHarness(new InMemoryRegisterStore(), () => NOW);
  permitAncn = (await register.service.enter(permitRequest(), STAFF)).entry.ancn;
  paperPermitAncn = (
    await register.service.enter(
      permitRequest({ operation: 'restore-historical', number: 'P-1998-114', holder: { ref: IIN, name: 'Akhmetov Erlan' } }),
      STAFF,
    )
  ).entry.ancn;
  secret = crypto.randomBytes(32).toString('hex');
  const config = loadConfig({ APP_ENV: 'test', DATA_DIR: path.join(os.tmpdir(), `kz-matrix-${crypto.randomUUID()}`), LOG_LEVEL: 'silent' });
  app = createApp({
    config,
    store,
    cases,
    modules: SERVICE_MODULES,
    auth: createAuthenticator({ secret, refuseDevTokens: false }),
    clock: () => NOW,
    logger: pino({ level: 'silent' }),
    preAcceptance: {
      stateDatabases: new InMemoryStateDatabases({ individuals: SEEDED_INDIVIDUALS, legalEntities: SEEDED_LEGAL_ENTITIES }),
      permits: new InMemoryPermitRegister(),
      nca,
    },
    register: { service: register.service, signer: register.signer },
    nca,
  });
  server = app.listen(0, '127.0.0.1');
  doc = buildOpenApiDocument(SERVICE_MODULES, 'http://localhost', { register: true, pki: true });
  for (const m of SERVICE_MODULES) caseOf.set(m.descriptor.code, await seedCase(m.descriptor.code, m.descriptor.licensorBody));
  handOverCase = await seedCase('mne-import-export-license', 'mne-trade');
  cases.counterCases.add(handOverCase);
  complaintId = await seedCase('complaint', 'ctrm');
  await cases.start('counter-visit', VISIT, {});
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  register.cleanup();
});

function moduleWith(pick: (m: ServiceModule) => boolean): ServiceModule {
  const m = SERVICE_MODULES.find(pick);
  if (!m) throw new Error('no module declares it');
  return m;
}

/** The declared policy of one operation of the document (undefined: nothing declares it). */
function policyOf(o: Operation): Policy | undefined {
  const method = o.method.toUpperCase();
  const submission = /^\/v1\/services\/([^/]+)\/applications$/.exec(o.template);
  if (submission && method === 'POST') {
    const m = moduleWith((x) => x.descriptor.code === submission[1]);
    return {
      key: 'POST /v1/services/{serviceCode}/applications',
      access: ACCESS['POST /v1/services/{serviceCode}/applications'],
      moduleRoles: m.submitters ?? DEFAULT_SUBMITTERS,
      body: m.descriptor.licensorBody,
    };
  }
  const action = /^\/v1\/applications\/\{id\}\/actions\/([^/]+)$/.exec(o.template);
  if (action && method === 'POST') {
    const m = moduleWith((x) => x.actions.some((a) => a.name === action[1]));
    return {
      key: 'POST /v1/applications/{id}/actions/{action}',
      access: ACCESS['POST /v1/applications/{id}/actions/{action}'],
      moduleRoles: m.actions.find((a) => a.name === action[1])?.roles ?? [],
      body: m.descriptor.licensorBody,
      caseId: caseOf.get(m.descriptor.code) ?? '',
    };
  }
  const event = /^\/v1\/applications\/\{id\}\/events\/([^/]+)$/.exec(o.template);
  if (event && method === 'POST') {
    const m = moduleWith((x) => (x.events ?? []).some((e) => e.name === event[1]));
    return {
      key: 'POST /v1/applications/{id}/events/{event}',
      access: ACCESS['POST /v1/applications/{id}/events/{event}'],
      moduleRoles: (m.events ?? []).find((e) => e.name === event[1])?.roles ?? [],
      body: m.descriptor.licensorBody,
      caseId: caseOf.get(m.descriptor.code) ?? '',
    };
  }
  const complaintAction = /^\/v1\/complaints\/\{id\}\/actions\/[^/]+$/.test(o.template) && method === 'POST';
  const key = (complaintAction ? 'POST /v1/complaints/{id}/actions/{action}' : `${method} ${o.template}`) as OperationKey;
  const access: Access | undefined = (ACCESS as Record<string, Access>)[key];
  if (!access) return undefined;
  // The fixture to print is an individual's permit: its form carries the IIN (seed 004 ¶14).
  if (key === 'GET /v1/register/{kind}/{ancn}/print') return { key, access, moduleRoles: REGISTER_PRINT_INDIVIDUAL, body: 'ctrm' };
  return { key, access, body: 'ctrm' };
}

/** The path with its parameters filled: the fixtures, or ones that name nothing. */
function pathFor(o: Operation, policy: Policy, resource: 'known' | 'unknown'): string {
  const unknownCase = 'flag-emblem-license-KZ99APP99999999';
  const values: Record<string, string> = {
    id:
      resource === 'unknown'
        ? unknownCase
        : o.template.startsWith('/v1/complaints/')
          ? complaintId
          : (policy.caseId ?? caseOf.get('flag-emblem-license') ?? ''),
    ancn: !o.template.startsWith('/v1/register/')
      ? formatAncn('NTF', 1)
      : resource === 'unknown'
        ? formatAncn('PRM', 99_999_999)
        : o.template.endsWith('/print')
          ? paperPermitAncn
          : permitAncn,
    kind: 'permits',
    operation: 'suspend',
    branch: BRANCH,
    visit: VISIT,
    applicationId: resource === 'unknown' ? unknownCase : handOverCase,
  };
  return o.template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const v = values[name] ?? exampleParam(o, name);
    if (v === undefined) throw new Error(`no value for {${name}} in ${o.template}`);
    return encodeURIComponent(v);
  });
}

function exampleParam(o: Operation, name: string): string | undefined {
  const params =
    (o.op['parameters'] as Array<{ name: string; in: string; example?: unknown; schema?: { example?: unknown } }> | undefined) ?? [];
  const p = params.find((x) => x.in === 'path' && x.name === name);
  const v = p?.example ?? p?.schema?.example;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

/** The operation's documented example body (the service's own for a shared action or event path). */
function exampleBody(o: Operation, policy: Policy): unknown {
  const content = (
    o.op['requestBody'] as { content?: Record<string, { schema?: unknown; examples?: Record<string, { value: unknown }> }> } | undefined
  )?.content?.['application/json'];
  if (!content) return undefined;
  if (content.examples) {
    const code = policy.caseId ? [...caseOf].find(([, id]) => id === policy.caseId)?.[0] : undefined;
    return (code && content.examples[code]?.value) ?? Object.values(content.examples)[0]?.value ?? {};
  }
  // A complaint is filed against the fixture case, by its own applicant.
  if (o.template === '/v1/complaints' && o.method === 'post') {
    const example = (doc.components?.schemas as Record<string, { example?: Record<string, unknown> }>)['ComplaintFiling']?.example ?? {};
    return {
      ...example,
      applicationId: caseOf.get('flag-emblem-license'),
      complainant: { ...(example['complainant'] as object), iinOrBin: APPLICANT },
    };
  }
  let schema = content.schema as { $ref?: string; example?: unknown } | undefined;
  if (schema?.$ref)
    schema = (doc.components?.schemas as Record<string, { example?: unknown }> | undefined)?.[schema.$ref.split('/').pop() ?? ''];
  return schema?.example ?? {};
}

const tokens = new Map<string, string>();
function tokenFor(caller: Caller, policy: Policy): string | undefined {
  if (caller.name === 'anonymous') return undefined;
  const cacheKey = `${caller.name}\n${policy.body}`;
  const cached = tokens.get(cacheKey);
  if (cached) return cached;
  const p: Principal = { subject: `matrix-${caller.name.replace(/\s+/g, '-')}`, role: caller.role };
  if (caller.role === 'staff') p.licensorBody = 'own' in caller && caller.own ? policy.body : otherBody(policy.body);
  if (caller.role === 'operator') p.branch = 'own' in caller && caller.own ? BRANCH : OTHER_BRANCH;
  const token = mintToken(secret, p, { expiresIn: '1h' });
  tokens.set(cacheKey, token);
  return token;
}

async function call(o: Operation, policy: Policy, caller: Caller, resource: 'known' | 'unknown'): Promise<number> {
  const url = pathFor(o, policy, resource);
  let req = request(server)[o.method](url).set('Idempotency-Key', `matrix-${crypto.randomUUID()}`);
  const token = tokenFor(caller, policy);
  if (token) req = req.set('Authorization', `Bearer ${token}`);
  const body = exampleBody(o, policy);
  if (body !== undefined) req = req.send(body as object);
  return (await req).status;
}

const actual = (status: number): Outcome => (status === 401 || status === 403 || status === 404 ? status : 'allowed');

describe('the declaration covers the document', () => {
  it('every operation of the OpenAPI document has a declared policy', () => {
    const undeclared = operationsOf(doc)
      .filter((o) => !policyOf(o))
      .map((o) => `${o.method.toUpperCase()} ${o.template}`);
    expect(undeclared).toEqual([]);
  });

  it('every declared policy is an operation of the document (none left over)', () => {
    const used = new Set(operationsOf(doc).map((o) => policyOf(o)?.key));
    expect(Object.keys(ACCESS).filter((k) => !used.has(k as OperationKey))).toEqual([]);
  });

  it('a secured operation is exactly one with roles; a public one says so in the document too', () => {
    const mismatched = operationsOf(doc).flatMap((o) => {
      const p = policyOf(o);
      const secured = Array.isArray(o.op['security']) && (o.op['security'] as unknown[]).length > 0;
      return p && secured === (p.access.roles === 'public') ? [`${o.method.toUpperCase()} ${o.template}`] : [];
    });
    expect(mismatched).toEqual([]);
  });

  it('roles name real roles', () => {
    for (const a of Object.values(ACCESS) as Access[]) if (a.roles !== 'public') for (const r of a.roles) expect(ROLES).toContain(r);
  });
});

describe('operation × caller → allowed, 401, 403, 404 (as declared)', () => {
  it('every operation answers every caller as its policy declares', async () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const o of operationsOf(doc)) {
      const policy = policyOf(o);
      if (!policy) continue;
      for (const caller of CALLERS) {
        const want = expected(policy, caller, 'known');
        const status = await call(o, policy, caller, 'known');
        checked += 1;
        if (actual(status) !== want && !(want === 'allowed' && status === 404 && allowed404(o)))
          mismatches.push(`${o.method.toUpperCase()} ${o.template} as ${caller.name}: expected ${want}, got ${status}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(700);
  }, 300_000);

  it('a resource that does not exist is 404 for the callers the roles admit, 401/403 for the others', async () => {
    const mismatches: string[] = [];
    const withResource = operationsOf(doc).filter((o) => /\{(id|applicationId)\}|\/v1\/register\/\{kind\}\/\{ancn\}/.test(o.template));
    expect(withResource.length).toBeGreaterThan(20);
    for (const o of withResource) {
      const policy = policyOf(o);
      if (!policy) continue;
      for (const caller of CALLERS) {
        const want = expected(policy, caller, 'unknown');
        const status = await call(o, policy, caller, 'unknown');
        if (actual(status) !== want)
          mismatches.push(`${o.method.toUpperCase()} ${o.template} as ${caller.name}: expected ${want}, got ${status}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 300_000);
});

describe('the applicant of another case', () => {
  it("cannot complain about a case: the portal vouches only for the case's own applicant (403, nothing started)", async () => {
    const o = operationsOf(doc).find((x) => x.template === '/v1/complaints' && x.method === 'post');
    if (!o) throw new Error('POST /v1/complaints is not in the document');
    const policy = policyOf(o);
    if (!policy) throw new Error('POST /v1/complaints has no policy');
    const body = exampleBody(o, policy) as { complainant: object };
    const starts = cases.starts.length;
    const res = await request(server)
      .post('/v1/complaints')
      .set('Authorization', `Bearer ${tokenFor({ name: 'portal', role: 'portal' }, policy) ?? ''}`)
      .set('Idempotency-Key', `matrix-${crypto.randomUUID()}`)
      .send({ ...body, complainant: { ...body.complainant, iinOrBin: '180440012349' } });
    expect(res.status).toBe(403);
    expect(cases.starts.length).toBe(starts);
  });
});

/**
 * Known resources the fixtures cannot make exist, so an admitted caller meets a 404 that is not about
 * authorization: the documents of a case (none issued), a reference-data version by its example number.
 */
function allowed404(o: Operation): boolean {
  return [
    '/v1/applications/{id}/documents/{ancn}',
    '/v1/applications/{id}/documents/{ancn}/print',
    '/v1/reference-data/calendar/versions/{version}',
    '/v1/pki/certificates/{serial}',
    '/v1/counter/visits/{visit}',
    '/v1/counter/visits/{visit}/receipt',
  ].includes(o.template);
}

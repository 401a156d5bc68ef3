/**
 * The one configuration module. Every setting is an environment variable with an embedded default that
 * needs no setup (SQLite file, local Temporal dev server, simulators on loopback); production refuses
 * the development shortcuts. Parsed once at start: a bad or missing variable stops the process with a
 * message naming it.
 */
import path from 'node:path';
import { z } from 'zod';
import { issueDetails } from '../domain/zod-issues';

export const ROOT_DIR = path.resolve(__dirname, '..');

const port = z.coerce.number().int().min(1).max(65535);
const optionalPath = z.string().min(1).optional();

export const EnvironmentSchema = z
  .object({
    APP_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATA_DIR: z.string().min(1).default(path.join(ROOT_DIR, '.data')),

    // Temporal: a local dev server by default; a real cluster by address + TLS/mTLS or API key.
    TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('kz-services'),
    TEMPORAL_TLS: z.enum(['off', 'on']).default('off'),
    TEMPORAL_TLS_CA_PATH: optionalPath,
    TEMPORAL_TLS_CERT_PATH: optionalPath,
    TEMPORAL_TLS_KEY_PATH: optionalPath,
    TEMPORAL_TLS_SERVER_NAME: optionalPath,
    TEMPORAL_API_KEY: z.string().min(1).optional(),
    /** Dev server (make start): an existing CLI binary instead of the one scripts/setup builds. */
    TEMPORAL_CLI_PATH: optionalPath,
    TEMPORAL_UI_PORT: port.default(8233),

    // Persistence: `file:` → SQLite (embedded), `postgresql://` → PostgreSQL.
    DATABASE_URL: z
      .string()
      .regex(/^(file:|postgres(ql)?:\/\/)/, 'must start with file: (SQLite) or postgresql:// (PostgreSQL)')
      .optional(),

    // API
    API_PORT: port.default(3000),
    API_HOST: z.string().min(1).default('127.0.0.1'),
    API_BODY_LIMIT: z
      .string()
      .regex(/^\d+(b|kb|mb)$/i, 'like 100kb or 1mb')
      .default('256kb'),
    PUBLIC_BASE_URL: z.url().optional(),
    /** HMAC secret for signed bearer tokens. Required in production, where only outside systems (portal, gateway) use it. */
    AUTH_TOKEN_SECRET: z.string().min(32, 'at least 32 characters').optional(),

    // People sign in through OpenID Connect (api/oidc.ts): the API accepts the provider's access tokens.
    /** The identity provider's issuer URL (exactly as in its tokens' `iss`). Default: the development provider. */
    OIDC_ISSUER: z.url().optional(),
    /** The `aud` the API's access tokens carry (the resource indicator the provider issues them for). */
    OIDC_AUDIENCE: z.string().min(1).default('urn:kz-services:api'),
    /** Where the provider publishes its signing keys; default: jwks_uri from the issuer's discovery document. */
    OIDC_JWKS_URL: z.url().optional(),
    /** The web dashboard's public client (authorization code + PKCE, no client secret). */
    OIDC_CLIENT_ID: z.string().min(1).default('kz-dashboard'),
    /** Scopes the dashboard asks for (add the API's scope where the IdP needs one, e.g. api://…/access). */
    OIDC_SCOPE: z.string().min(1).default('openid profile'),
    /** Embedded development provider (identity/dev-provider.ts) in `make start`: on by default outside production. */
    OIDC_DEV_PROVIDER: z.enum(['on', 'off']).optional(),
    OIDC_DEV_PROVIDER_HOST: z.string().min(1).default('127.0.0.1'),
    OIDC_DEV_PROVIDER_PORT: port.default(3100),

    // External systems: in-memory fakes, the bundled simulators, or real endpoints.
    ADAPTERS: z.enum(['fake', 'simulator', 'real']).default('simulator'),
    SIMULATORS_HOST: z.string().min(1).default('127.0.0.1'),
    SIMULATORS_PORT: port.default(4010),
    SIMULATORS_URL: z.url().optional(),
    /** Fault injection in the simulators for this run: share of failed calls and stall in ms. */
    SIMULATOR_ERROR_RATE: z.coerce.number().min(0).max(1).default(0),
    SIMULATOR_STALL_MS: z.coerce.number().int().min(0).default(0),
    SIMULATOR_LATENCY_MS: z.coerce.number().int().min(0).default(50),
    /** Signing: local keys (test chain generated at setup) or an NCANode server. */
    SIGNER: z.enum(['local', 'ncanode']).default('local'),
    SIGNING_KEYS_DIR: optionalPath,
    NCANODE_URL: z.url().optional(),
    /** The NCA's CA keys in a PKCS#11 token (pki/keystore-pkcs11.ts): module path, token label, user PIN; unset: key files. */
    NCA_PKCS11_LIBRARY: optionalPath,
    NCA_PKCS11_TOKEN: z.string().min(1).optional(),
    NCA_PKCS11_PIN: z.string().min(1).optional(),
    /**
     * E-mail notices (seed 002 ¶9) through an SMTP relay (adapters/email-notices/smtp.ts); unset: the mail
     * relay simulator's HTTP door (or the fake). STARTTLS "true" upgrades before AUTH and refuses a relay without it.
     * TLS "implicit": TLS from the first byte (RFC 8314, port 465 by default), STARTTLS then not used.
     */
    EMAIL_NOTICES_SMTP_HOST: z.string().min(1).optional(),
    /** Default 587 (submission with STARTTLS), 465 with EMAIL_NOTICES_SMTP_TLS=implicit. */
    EMAIL_NOTICES_SMTP_PORT: port.optional(),
    EMAIL_NOTICES_SMTP_USER: z.string().min(1).optional(),
    EMAIL_NOTICES_SMTP_PASSWORD: z.string().min(1).optional(),
    EMAIL_NOTICES_SMTP_FROM: z.string().min(3).optional(),
    EMAIL_NOTICES_SMTP_STARTTLS: z.enum(['true', 'false']).default('true'),
    EMAIL_NOTICES_SMTP_TLS: z.enum(['implicit']).optional(),
    /** The simulators' SMTP door for the mail relay (simulators/smtp.ts); unset: no SMTP door. */
    SIMULATORS_SMTP_PORT: port.optional(),

    // Metrics: the worker serves Temporal's own Prometheus metrics here; the API's GET /metrics merges them.
    WORKER_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    WORKER_METRICS_PORT: port.default(9464),
    /** Where the API reads the worker's metrics from (several workers: scrape them directly instead). */
    WORKER_METRICS_URL: z.url().optional(),

    // Worker tuning (docs/operations.md, Workers). A case waits months on timers: keep few in memory.
    /** Cases kept in the worker's workflow cache; an evicted case replays its history on its next task. 0: no cache. */
    WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(100),
    /** Workflow tasks run at once (at most the cache size unless the cache is off). */
    WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2).default(40),
    /** Activities run at once per worker (short HTTP calls and read-model writes). */
    WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).default(100),
    /**
     * V8 heap limit of each of the worker's isolates, in MB: its workflow thread (where the cached cases
     * live; set by worker.ts) and, as started by make start / make start-cluster, its main thread. Node's
     * default (~4 GB on this machine) lets a heap grow lazily far past what it holds. 0: Node's default.
     */
    WORKER_HEAP_MB: z.coerce.number().int().min(0).default(384),
    /** How long a case's next task waits for its sticky (caching) worker before any worker takes it, e.g. 10s. */
    WORKER_STICKY_QUEUE_TIMEOUT: z
      .string()
      .regex(/^\d+(ms|s|m)$/, 'like 500ms, 10s or 1m')
      .default('10s')
      .transform((v) => {
        const [, n, unit] = /^(\d+)(ms|s|m)$/.exec(v) ?? [];
        return Number(n) * (unit === 'm' ? 60_000 : unit === 's' ? 1_000 : 1);
      }),
  })
  .superRefine((env, ctx) => {
    if (env.EMAIL_NOTICES_SMTP_HOST && !env.EMAIL_NOTICES_SMTP_FROM)
      ctx.addIssue({
        code: 'custom',
        path: ['EMAIL_NOTICES_SMTP_FROM'],
        message: 'required with EMAIL_NOTICES_SMTP_HOST (the sender address)',
      });
    if (Boolean(env.EMAIL_NOTICES_SMTP_USER) !== Boolean(env.EMAIL_NOTICES_SMTP_PASSWORD))
      ctx.addIssue({ code: 'custom', path: ['EMAIL_NOTICES_SMTP_PASSWORD'], message: 'EMAIL_NOTICES_SMTP_USER and _PASSWORD go together' });
    if (env.NCA_PKCS11_LIBRARY) {
      for (const key of ['NCA_PKCS11_TOKEN', 'NCA_PKCS11_PIN'] as const)
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required with NCA_PKCS11_LIBRARY' });
    }
    if (env.APP_ENV !== 'production') return;
    const need = (key: keyof typeof env, why: string): void => {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: `required in production: ${why}` });
    };
    need('AUTH_TOKEN_SECRET', 'development credentials are refused');
    // People sign in at the real identity provider; the development one (and its users) never runs here.
    if (env.OIDC_DEV_PROVIDER === 'on') {
      ctx.addIssue({ code: 'custom', path: ['OIDC_DEV_PROVIDER'], message: 'the development identity provider never runs in production' });
    }
    if (env.OIDC_ISSUER && !env.OIDC_ISSUER.startsWith('https://')) {
      ctx.addIssue({ code: 'custom', path: ['OIDC_ISSUER'], message: 'must be an https:// URL in production' });
    }
    need('DATABASE_URL', 'the embedded SQLite file is for development');
    if (env.ADAPTERS === 'fake') ctx.addIssue({ code: 'custom', path: ['ADAPTERS'], message: 'fakes never run in production' });
    if (env.SIGNER === 'ncanode') need('NCANODE_URL', 'SIGNER=ncanode needs the server address');
  });

export type Environment = z.infer<typeof EnvironmentSchema>;

/** A real mail relay for the notices (EMAIL_NOTICES_SMTP_*; adapters/email-notices/smtp.ts). */
export interface SmtpRelaySettings {
  host: string;
  port: number;
  /** The envelope and From: address. */
  from: string;
  user?: string;
  password?: string;
  /** Upgrade with STARTTLS (RFC 3207) before anything else; a server that does not offer it is refused. */
  starttls: boolean;
  /**
   * Implicit TLS (RFC 8314 §3.3, "submissions" on port 465; EMAIL_NOTICES_SMTP_TLS=implicit): the connection
   * is TLS from its first byte, so there is no STARTTLS (`starttls` is not looked at) and nothing, not even
   * the greeting, goes in clear.
   */
  implicitTls?: boolean;
}

export interface Config {
  env: Environment['APP_ENV'];
  logLevel: Environment['LOG_LEVEL'];
  dataDir: string;
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    tls: null | { caPath?: string; certPath?: string; keyPath?: string; serverName?: string };
    apiKey?: string;
    cliPath?: string;
    uiPort: number;
  };
  database: { url: string; provider: 'sqlite' | 'postgresql' };
  api: { host: string; port: number; bodyLimit: string; publicBaseUrl: string; tokenSecret?: string; devCredentialsFile: string };
  adapters: {
    mode: Environment['ADAPTERS'];
    simulatorsUrl: string;
    simulators: { host: string; port: number; errorRate: number; stallMs: number; latencyMs: number };
    signer: Environment['SIGNER'];
    signingKeysDir: string;
    ncanodeUrl?: string;
    /** The NCA's CA keys in a PKCS#11 token instead of files in signingKeysDir. */
    ncaPkcs11?: { library: string; tokenLabel: string; pin: string };
    /** E-mail notices through this SMTP relay (EMAIL_NOTICES_SMTP_*); absent: the simulator's HTTP door or the fake. */
    emailNoticesSmtp?: SmtpRelaySettings;
    /** The simulators' SMTP door (SIMULATORS_SMTP_PORT); absent: none. */
    simulatorsSmtpPort?: number;
  };
  metrics: { workerBindAddress: string; workerUrl: string };
  oidc: OidcConfig;
  /** The worker's cache and slots (worker.ts workerTuning): bounded so that memory does not grow with open cases. */
  worker: {
    maxCachedWorkflows: number;
    maxConcurrentWorkflowTasks: number;
    maxConcurrentActivities: number;
    stickyQueueTimeoutMs: number;
    heapMb: number;
  };
}

export interface OidcConfig {
  /** null in production without OIDC_ISSUER: nobody can sign in as a person (outside systems still can). */
  issuer: string | null;
  audience: string;
  jwksUrl?: string;
  clientId: string;
  scope: string;
  /** Production only: tokens from the development provider's users (claim `dev`) are refused. */
  refuseDevUsers: boolean;
  /** The embedded development provider `make start` runs, when on. */
  devProvider: null | { host: string; port: number; url: string };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvironmentSchema.safeParse(source);
  if (!parsed.success) {
    const lines = issueDetails(parsed.error, '(environment)').map((d) => `  ${d.field}: ${d.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const databaseUrl = e.DATABASE_URL ?? `file:${path.join(e.DATA_DIR, 'app.sqlite')}`;
  const tlsWanted = e.TEMPORAL_TLS === 'on' || Boolean(e.TEMPORAL_TLS_CERT_PATH) || Boolean(e.TEMPORAL_API_KEY);
  return {
    env: e.APP_ENV,
    logLevel: e.LOG_LEVEL,
    dataDir: e.DATA_DIR,
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      tls: tlsWanted
        ? {
            ...(e.TEMPORAL_TLS_CA_PATH ? { caPath: e.TEMPORAL_TLS_CA_PATH } : {}),
            ...(e.TEMPORAL_TLS_CERT_PATH ? { certPath: e.TEMPORAL_TLS_CERT_PATH } : {}),
            ...(e.TEMPORAL_TLS_KEY_PATH ? { keyPath: e.TEMPORAL_TLS_KEY_PATH } : {}),
            ...(e.TEMPORAL_TLS_SERVER_NAME ? { serverName: e.TEMPORAL_TLS_SERVER_NAME } : {}),
          }
        : null,
      ...(e.TEMPORAL_API_KEY ? { apiKey: e.TEMPORAL_API_KEY } : {}),
      ...(e.TEMPORAL_CLI_PATH ? { cliPath: e.TEMPORAL_CLI_PATH } : {}),
      uiPort: e.TEMPORAL_UI_PORT,
    },
    database: { url: databaseUrl, provider: databaseUrl.startsWith('file:') ? 'sqlite' : 'postgresql' },
    api: {
      host: e.API_HOST,
      port: e.API_PORT,
      bodyLimit: e.API_BODY_LIMIT,
      publicBaseUrl: e.PUBLIC_BASE_URL ?? `http://${e.API_HOST}:${e.API_PORT}`,
      ...(e.AUTH_TOKEN_SECRET ? { tokenSecret: e.AUTH_TOKEN_SECRET } : {}),
      devCredentialsFile: path.join(e.DATA_DIR, 'dev-credentials.json'),
    },
    adapters: {
      mode: e.ADAPTERS,
      simulatorsUrl: e.SIMULATORS_URL ?? `http://${e.SIMULATORS_HOST}:${e.SIMULATORS_PORT}`,
      simulators: {
        host: e.SIMULATORS_HOST,
        port: e.SIMULATORS_PORT,
        errorRate: e.SIMULATOR_ERROR_RATE,
        stallMs: e.SIMULATOR_STALL_MS,
        latencyMs: e.SIMULATOR_LATENCY_MS,
      },
      signer: e.SIGNER,
      signingKeysDir: e.SIGNING_KEYS_DIR ?? path.join(e.DATA_DIR, 'pki'),
      ...(e.NCANODE_URL ? { ncanodeUrl: e.NCANODE_URL } : {}),
      ...(e.NCA_PKCS11_LIBRARY && e.NCA_PKCS11_TOKEN && e.NCA_PKCS11_PIN
        ? { ncaPkcs11: { library: e.NCA_PKCS11_LIBRARY, tokenLabel: e.NCA_PKCS11_TOKEN, pin: e.NCA_PKCS11_PIN } }
        : {}),
      ...(e.EMAIL_NOTICES_SMTP_HOST && e.EMAIL_NOTICES_SMTP_FROM
        ? {
            emailNoticesSmtp: {
              host: e.EMAIL_NOTICES_SMTP_HOST,
              // RFC 8314 §7.3: 465 for implicit TLS; 587 for submission with STARTTLS (RFC 6409).
              port: e.EMAIL_NOTICES_SMTP_PORT ?? (e.EMAIL_NOTICES_SMTP_TLS === 'implicit' ? 465 : 587),
              from: e.EMAIL_NOTICES_SMTP_FROM,
              ...(e.EMAIL_NOTICES_SMTP_USER ? { user: e.EMAIL_NOTICES_SMTP_USER } : {}),
              ...(e.EMAIL_NOTICES_SMTP_PASSWORD ? { password: e.EMAIL_NOTICES_SMTP_PASSWORD } : {}),
              starttls: e.EMAIL_NOTICES_SMTP_STARTTLS === 'true',
              ...(e.EMAIL_NOTICES_SMTP_TLS === 'implicit' ? { implicitTls: true as const } : {}),
            },
          }
        : {}),
      ...(e.SIMULATORS_SMTP_PORT ? { simulatorsSmtpPort: e.SIMULATORS_SMTP_PORT } : {}),
    },
    oidc: oidcConfig(e),
    worker: {
      maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
      // The SDK refuses more concurrent workflow tasks than cached cases (unless the cache is off).
      maxConcurrentWorkflowTasks:
        e.WORKER_MAX_CACHED_WORKFLOWS > 0
          ? Math.min(e.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS, Math.max(e.WORKER_MAX_CACHED_WORKFLOWS, 2))
          : e.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      maxConcurrentActivities: e.WORKER_MAX_CONCURRENT_ACTIVITIES,
      stickyQueueTimeoutMs: e.WORKER_STICKY_QUEUE_TIMEOUT,
      heapMb: e.WORKER_HEAP_MB,
    },
    metrics: {
      workerBindAddress: `${e.WORKER_METRICS_HOST}:${e.WORKER_METRICS_PORT}`,
      workerUrl: e.WORKER_METRICS_URL ?? `http://${e.WORKER_METRICS_HOST}:${e.WORKER_METRICS_PORT}/metrics`,
    },
  };
}

/** Node arguments for a worker process (scripts/start.ts, start-cluster.ts): its main thread's heap limit. */
export function workerNodeArgs(config: Pick<Config, 'worker'>): string[] {
  return config.worker.heapMb > 0 ? [`--max-old-space-size=${config.worker.heapMb}`] : [];
}

function oidcConfig(e: Environment): OidcConfig {
  const devOn = (e.OIDC_DEV_PROVIDER ?? (e.APP_ENV === 'production' || e.OIDC_ISSUER ? 'off' : 'on')) === 'on';
  const devUrl = `http://${e.OIDC_DEV_PROVIDER_HOST}:${e.OIDC_DEV_PROVIDER_PORT}`;
  const issuer = e.OIDC_ISSUER ?? (e.APP_ENV === 'production' ? null : devUrl);
  return {
    issuer,
    audience: e.OIDC_AUDIENCE,
    ...(e.OIDC_JWKS_URL ? { jwksUrl: e.OIDC_JWKS_URL } : {}),
    clientId: e.OIDC_CLIENT_ID,
    scope: e.OIDC_SCOPE,
    refuseDevUsers: e.APP_ENV === 'production',
    devProvider: devOn ? { host: e.OIDC_DEV_PROVIDER_HOST, port: e.OIDC_DEV_PROVIDER_PORT, url: devUrl } : null,
  };
}

/**
 * The external-systems simulator: ONE process (express) that stands in for every outside system the
 * services talk to, each under its own mount point, with latency, stall and error-rate faults for the
 * run (config.adapters.simulators; changed live through POST /_control/faults) and inspectable state
 * (GET /_state, or each system's GET /<system>/_simulator/state).
 *
 *   /bank  /insurer  /payment-gateway  /digital-id  /legal-entity-registry   (seed 000)
 *   /cabinet  /monitoring  /ncanode                                          (documents, seed 003 ¶14–15)
 *   /egov-gateway (state databases, seed 003 ¶7)  /approving-bodies (seed 004 ¶39)
 *   /individuals-database (death notices, seed 004 ¶50)
 *   /notarial-system (the unified notarial information system, seed 001 ¶11(3))
 *   /email-notices (the mail relay; GET /email-notices/outbox shows every notice sent, seed 002 ¶9)
 *
 * Run: `npx tsx simulators/main.ts` (listens on SIMULATORS_HOST:SIMULATORS_PORT, default 127.0.0.1:4010).
 */
import fs from 'node:fs';
import type { Server } from 'node:http';
import express, { type Express, type Router } from 'express';
import { z } from 'zod';
import { loadConfig, type Config } from '../config';
import { InMemoryBank } from '../adapters/bank/fake';
import { InMemoryInsurer } from '../adapters/insurer/fake';
import { InMemoryDigitalId } from '../adapters/digital-id/fake';
import { InMemoryLegalEntityRegistry } from '../adapters/legal-entity-registry/fake';
import { bankRouter } from './bank';
import { insurerRouter } from './insurer';
import { digitalIdRouter } from './digital-id';
import { legalEntityRegistryRouter } from './legal-entity-registry';
import { paymentGatewayRouter, type CallbackRecord } from './payment-gateway';
import { faultControlRouter, type SimulatorFaults } from './faults';
import { cabinetRouter } from './cabinet';
import { monitoringRouter } from './monitoring';
import { ncanodeRouter } from './ncanode';
import { egovGatewayRouter } from './egov-gateway';
import { approvingBodiesRouter } from './approving-bodies';
import { individualsDatabaseRouter, type FeedRecord } from './individuals-database';
import { notarialSystemRouter } from './notarial-system';
import { emailNoticesSimulator, type EmailNoticesSimulator } from './email-notices';
import { startSmtpSimulator } from './smtp';
import type { InMemoryPaymentGateway } from '../adapters/payment-gateway/fake';
import { SqliteSimulatorStore, simulatorStoreFile, type SimulatorStore } from './store';

export interface SimulatorOptions {
  faults: SimulatorFaults;
  /** Public base URL of this process (pay links). */
  publicUrl: string;
  /** Bearer token for the payment callback (role `gateway`). */
  gatewayToken?: () => string | undefined;
  callbackDelayMs?: number;
  callbackAttempts?: number;
  /** For NCANode (config.adapters.signingKeysDir). */
  signingKeysDir?: string;
  /** The API's base URL: approving bodies deliver their answers there. */
  apiUrl?: string;
  random?: () => number;
  /** Where the systems keep their state across restarts (make start: DATA_DIR/simulators.sqlite); none: memory only. */
  store?: SimulatorStore;
  /** Payment callbacks: attempts in all and the longest wait between two (simulators/payment-gateway.ts). */
  callbackMaxBackoffMs?: number;
}

export interface Simulators {
  app: Express;
  faults: SimulatorFaults;
  bank: InMemoryBank;
  insurer: InMemoryInsurer;
  gateway: InMemoryPaymentGateway;
  callbacks: CallbackRecord[];
  /** The individuals database's death-notice feed (seed 004 ¶50). */
  deathNotices: FeedRecord[];
  digitalId: InMemoryDigitalId;
  registry: InMemoryLegalEntityRegistry;
  /** Resolves when no payment callback is being delivered. */
  callbacksIdle: () => Promise<void>;
  /** Stops the payment gateway's callback retries (shutdown; what is owed stays in the store). */
  stop: () => void;
  mounted: string[];
  /** The mail relay's outbox and its saving, which the SMTP door (simulators/smtp.ts) shares with /email-notices. */
  emailNotices: Pick<EmailNoticesSimulator, 'relay' | 'persist'>;
}

export function createSimulators(opts: SimulatorOptions): Simulators {
  const faults = opts.faults;
  const common = { faults, ...(opts.random ? { random: opts.random } : {}), ...(opts.store ? { store: opts.store } : {}) };
  const bank = new InMemoryBank();
  const insurer = new InMemoryInsurer();
  const digitalId = new InMemoryDigitalId();
  const registry = new InMemoryLegalEntityRegistry();
  const base = opts.publicUrl.replace(/\/+$/, '');
  const pg = paymentGatewayRouter({
    ...common,
    publicUrl: `${base}/payment-gateway`,
    ...(opts.gatewayToken ? { callbackToken: opts.gatewayToken } : {}),
    ...(opts.callbackDelayMs !== undefined ? { callbackDelayMs: opts.callbackDelayMs } : {}),
    ...(opts.callbackAttempts !== undefined ? { callbackAttempts: opts.callbackAttempts } : {}),
    ...(opts.callbackMaxBackoffMs !== undefined ? { callbackMaxBackoffMs: opts.callbackMaxBackoffMs } : {}),
  });

  const individuals = individualsDatabaseRouter(common);

  const app = express();
  app.disable('x-powered-by');
  const mounted: string[] = [];
  const mount = (path: string, router: Router): void => {
    app.use(path, router);
    mounted.push(path);
  };
  app.use(faultControlRouter(faults));
  mount('/bank', bankRouter({ ...common, bank }));
  mount('/insurer', insurerRouter({ ...common, insurer }));
  mount('/payment-gateway', pg.router);
  mount('/digital-id', digitalIdRouter({ ...common, digitalId }));
  mount('/legal-entity-registry', legalEntityRegistryRouter({ ...common, registry }));
  mount('/cabinet', cabinetRouter(common));
  mount('/monitoring', monitoringRouter(common));
  // With the API known, NCANode asks the NCA's own OCSP responder and CRL (pki/routes.ts), as the real one asks the NCA's.
  const nca = opts.apiUrl
    ? {
        publicBaseUrl: opts.apiUrl,
        revocation: 'ca' as const,
        ocspUrl: `${opts.apiUrl.replace(/\/+$/, '')}/v1/pki/ocsp`,
        crlUrl: `${opts.apiUrl.replace(/\/+$/, '')}/v1/pki/crl`,
      }
    : {};
  if (opts.signingKeysDir) mount('/ncanode', ncanodeRouter({ ...common, keysDir: opts.signingKeysDir, ...nca }));
  mount('/egov-gateway', egovGatewayRouter(common));
  mount(
    '/approving-bodies',
    approvingBodiesRouter({
      ...common,
      ...(opts.apiUrl ? { apiUrl: opts.apiUrl } : {}),
      ...(opts.gatewayToken ? { gatewayToken: opts.gatewayToken } : {}),
    }),
  );

  mount('/individuals-database', individuals.router);
  mount('/notarial-system', notarialSystemRouter(common));
  const emailNotices = emailNoticesSimulator(common);
  mount('/email-notices', emailNotices.router);

  app.get('/_state', (_req, res) => {
    res.json({
      faults,
      bank: { accounts: bank.accounts, refusals: bank.refusals },
      insurer: { policies: insurer.policies },
      paymentGateway: { invoices: pg.gateway.invoices, refunds: pg.gateway.refunds, callbacks: pg.callbacks },
      digitalId: { signatures: digitalId.signatures },
      legalEntityRegistry: { registrations: registry.registrations },
      individualsDatabase: { deathNotices: individuals.feed },
      mounted,
    });
  });
  app.get('/_health', (_req, res) => {
    res.json({ status: 'ok', mounted });
  });
  app.use((_req, res) => {
    res.status(404).json({ message: 'no such simulator endpoint' });
  });

  return {
    app,
    faults,
    bank,
    insurer,
    gateway: pg.gateway,
    callbacks: pg.callbacks,
    deathNotices: individuals.feed,
    digitalId,
    registry,
    callbacksIdle: pg.idle,
    stop: pg.stop,
    mounted,
    emailNotices,
  };
}

const DevCredentialsSchema = z.object({ credentials: z.array(z.object({ role: z.string(), token: z.string() })) });

/** Development: the gateway's bearer token from the API's dev credentials file, read when needed. */
export function devGatewayToken(config: Config): () => string | undefined {
  return () => {
    try {
      const parsed = DevCredentialsSchema.safeParse(JSON.parse(fs.readFileSync(config.api.devCredentialsFile, 'utf8')));
      return parsed.data?.credentials.find((c) => c.role === 'gateway')?.token;
    } catch {
      return undefined;
    }
  };
}

export function startSimulators(
  config: Config,
  store: SimulatorStore = new SqliteSimulatorStore(simulatorStoreFile(config.dataDir)),
): Promise<{ server: Server; simulators: Simulators }> {
  const s = config.adapters.simulators;
  const simulators = createSimulators({
    store,
    faults: { errorRate: s.errorRate, stallMs: s.stallMs, latencyMs: s.latencyMs },
    publicUrl: config.adapters.simulatorsUrl,
    gatewayToken: devGatewayToken(config),
    callbackDelayMs: Math.max(s.latencyMs, 200),
    signingKeysDir: config.adapters.signingKeysDir,
    apiUrl: config.api.publicBaseUrl,
  });
  const smtpPort = config.adapters.simulatorsSmtpPort;
  return new Promise<{ server: Server; simulators: Simulators }>((resolve, reject) => {
    const server = simulators.app.listen(s.port, s.host, () => resolve({ server, simulators }));
    server.on('error', reject);
  }).then(async (started) => {
    if (smtpPort === undefined) return started;
    // The mail relay's SMTP door (EMAIL_NOTICES_SMTP_HOST/PORT point here): the same outbox as /email-notices.
    const smtp = await startSmtpSimulator({ ...simulators.emailNotices, host: s.host, port: smtpPort, faults: simulators.faults });
    started.server.on('close', () => void smtp.close());
    simulators.mounted.push(`smtp://${s.host}:${smtp.port}`);
    return started;
  });
}

if (require.main === module) {
  const config = loadConfig();
  const store = new SqliteSimulatorStore(simulatorStoreFile(config.dataDir));
  startSimulators(config, store).then(
    ({ server, simulators }) => {
      const s = config.adapters.simulators;
      process.stdout.write(
        `external-systems simulator on http://${s.host}:${s.port} — ${simulators.mounted.join(' ')} ` +
          `(latency ${s.latencyMs} ms, stall ${s.stallMs} ms, error rate ${s.errorRate}; state in ${store.file})\n`,
      );
      const shutdown = (): void => {
        simulators.stop();
        server.close();
        store.close();
        process.exit(0);
      };
      process.once('SIGTERM', shutdown);
      process.once('SIGINT', shutdown);
    },
    (e: unknown) => {
      process.stderr.write(`simulator failed to start: ${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}

/**
 * The worker's composition root: config → database → external systems → activities → Worker.
 * Workflows are bundled from services/workflows.ts; every service's activities come from the registry
 * (services/index.ts), built here with their dependencies (samples-typescript's
 * activities-dependency-injection shape) and proxied by type in the workflows.
 */
import { DefaultLogger, NativeConnection, Runtime, Worker, type LogEntry, type WorkerOptions } from '@temporalio/worker';
import { formatWithOptions } from 'node:util';
import v8 from 'node:v8';
import { workerMetricsRuntimeOptions } from './api/metrics';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { redactIdentificationNumbers, redactingStream } from './domain/personal-data';
import { loadConfig, ConfigError, type Config } from './config';
import { temporalConnectionOptions } from './config/temporal';
import { migrate, openDatabase } from './persistence';
import { createExternalSystems, type ExternalSystems } from './adapters';
import { createCommonActivities } from './activities/common';
import { createServiceActivities, SERVICE_CODES, SERVICE_MODULES } from './services';
import { createCounterActivities } from './counter/activities';
import { counterForwarder } from './counter/forward';
import { createSubmission } from './api/submission';
import { TemporalCaseGateway } from './api/temporal-case-gateway';
import { createRegisterActivities } from './register/activities';
import { forwardDeathNotices } from './register/death-notices';
import { RegisterService } from './register/service';
import { registerStoreOn } from './register/database';
import { RegisterPermitRegister } from './register/permit-register-service';
import { referenceDataStoreOn } from './reference-data/database';
import { createReferenceDataActivities, temporalRunningCases } from './reference-data/activities';
import { createComplaintActivities, temporalCaseInputs } from './activities/complaints';
import { COMPLAINT_SERVICE_CODE } from './domain/complaints';
import { ncaOn } from './pki/database';
import { revocationCheckedSigner } from './pki/system-signers';

/**
 * What a test may put in place of the configured parts, so that it runs the worker's own composition
 * (test/integration/openapi-examples.test.ts): fakes it shares with the test, the test's clock, a bundle made once.
 */
export interface WorkerOverrides {
  /** The process's database, when the test's API runs in the same process (one client per SQLite file). */
  database?: Awaited<ReturnType<typeof openDatabase>>;
  systems?: Partial<ExternalSystems>;
  now?: () => Date;
  workflowBundle?: WorkerOptions['workflowBundle'];
}

export async function createWorker(config: Config, overrides: WorkerOverrides = {}): Promise<{ worker: Worker; close(): Promise<void> }> {
  await migrate(config.database);
  const db = overrides.database ?? (await openDatabase(config.database, { serviceCodes: SERVICE_CODES }));
  const configured = { ...(await createExternalSystems(config)), ...overrides.systems };
  // seed 002: the NCA services issue and revoke through the CA on the same database and keys as the API (api/main.ts).
  const nca = await ncaOn(db, config.adapters.signingKeysDir, config.api.publicBaseUrl, config.adapters.ncaPkcs11);
  // A system key whose certificate the NCA revokes signs nothing from that moment (pki/system-signers.ts).
  const systems = {
    ...configured,
    signer: revocationCheckedSigner(configured.signer, nca, config.adapters.signingKeysDir),
  };
  const register = new RegisterService({ store: registerStoreOn(db), signer: systems.signer, cabinet: systems.cabinet });
  const paymentCallbackUrl = `${config.api.publicBaseUrl}/v1/callbacks/payment-gateway`;
  const permitRegister = new RegisterPermitRegister(register);

  const referenceData = referenceDataStoreOn(db);
  // A client next to the worker: death-notice workflows and the reference-data broadcast's signals.
  const client = temporalClient(config);

  const common = createCommonActivities({
    store: db.store,
    signer: systems.signer,
    cabinet: systems.cabinet,
    monitoring: systems.monitoring,
    mrpOn: (at) => referenceData.mrpOn(at),
  });
  // seed 001 ¶9(3): the counter forwards through the same acceptance path as the portal (api/submission.ts).
  const log = pino({ level: config.logLevel, name: 'worker' });
  const submission = createSubmission({
    store: db.store,
    cases: new TemporalCaseGateway({ client, taskQueue: config.temporal.taskQueue }),
    logger: log,
    now: overrides.now ?? (() => new Date()),
    referenceData,
    preAcceptance: { stateDatabases: systems.stateDatabases, permits: permitRegister, nca },
  });

  const activities = {
    ...createCounterActivities({
      stateDatabases: systems.stateDatabases,
      notarialSystem: systems.notarialSystem,
      signer: systems.signer,
      forward: counterForwarder({ modules: SERVICE_MODULES, submission, store: db.store }),
      issueDocument: (req) => common.issueDocument(req),
      log: (e) => log.warn({ ...e }, 'counter event'),
      recordBreach: (b) => db.store.recordCounterBreach(b),
    }),
    ...common,
    ...createServiceActivities({ ...systems, permitRegister, paymentCallbackUrl, nca }),
    ...createRegisterActivities({ service: register }),
    ...createReferenceDataActivities({ cases: temporalRunningCases(client, [...SERVICE_CODES, COMPLAINT_SERVICE_CODE]) }),
    // seed 003 ¶16: an upheld complaint re-decides the case from its original application.
    ...createComplaintActivities({ store: db.store, cases: temporalCaseInputs(client) }),
  };

  const connection = await NativeConnection.connect(temporalConnectionOptions(config.temporal));
  const options: WorkerOptions = {
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    ...workerTuning(config),
    ...(overrides.workflowBundle
      ? { workflowBundle: overrides.workflowBundle }
      : { workflowsPath: require.resolve('./services/workflows') }),
    activities,
  };
  const worker = await Worker.create(options);
  // seed 004 ¶50: the worker collects the individuals database's death notices and starts one
  // death-notice workflow per notice (register/death-notices.ts).
  const stopDeathNotices = forwardDeathNotices(systems.individualsDatabase, client.workflow, config.temporal.taskQueue);
  return {
    worker,
    async close() {
      stopDeathNotices();
      await client.connection.close();
      await connection.close();
      if (!overrides.database) await db.close();
    },
  };
}

/**
 * The worker's cache and slots from the configuration (issue 15 item 3). The SDK's default cache grows with
 * the heap limit (~2,300 cases with a 4 GB heap, 1–2 MB each): a worker that touched many open cases held
 * 2.5 GB. Bounded, a case evicted from the cache replays its history on its next task (a timer a few times
 * a day at most for a case waiting on staff).
 */
export function workerTuning(
  config: Pick<Config, 'worker'>,
): Pick<
  WorkerOptions,
  'maxCachedWorkflows' | 'maxConcurrentWorkflowTaskExecutions' | 'maxConcurrentActivityTaskExecutions' | 'stickyQueueScheduleToStartTimeout'
> {
  const w = config.worker;
  return {
    maxCachedWorkflows: w.maxCachedWorkflows,
    maxConcurrentWorkflowTaskExecutions: w.maxConcurrentWorkflowTasks,
    maxConcurrentActivityTaskExecutions: w.maxConcurrentActivities,
    stickyQueueScheduleToStartTimeout: w.stickyQueueTimeoutMs,
  };
}

/**
 * The workflow thread's heap limit (WORKER_HEAP_MB). The SDK runs the workflows in a worker thread created
 * by Worker.create; a V8 flag set before then applies to that thread's isolate, not to this one (whose
 * limit is a node argument: config workerNodeArgs). With Node's default limit the worker grew to 1.5 GB
 * with 250 cached cases. Called from main() only: tests that build a worker keep their own heap settings.
 */
export function limitWorkflowHeap(config: Pick<Config, 'worker'>, setFlags: (flags: string) => void = v8.setFlagsFromString): void {
  if (config.worker.heapMb > 0) setFlags(`--max-old-space-size=${config.worker.heapMb}`);
}

/**
 * The Temporal SDK's own log lines (activity failures with their messages, workflow task errors), as its
 * default logger writes them to stderr, with IINs and BINs replaced (issue 16 item 6).
 */
export function redactingSdkLogger(): DefaultLogger {
  return new DefaultLogger('INFO', (entry: LogEntry) => {
    const date = new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString();
    const meta = entry.meta === undefined ? '' : ` ${formatWithOptions({ colors: false, breakLength: Infinity }, entry.meta)}`;
    process.stderr.write(redactIdentificationNumbers(`${date} [${entry.level}] ${entry.message}${meta}\n`));
  });
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  // No IIN or BIN in a log line (issue 16 item 6): pino's and the Temporal SDK's lines are redacted.
  const log = pino({ level: config.logLevel, name: 'worker' }, redactingStream());
  // Temporal's own worker metrics (task slots, poll and task latencies) in Prometheus format; the API's
  // GET /metrics merges them in.
  Runtime.install({ ...workerMetricsRuntimeOptions(config), logger: redactingSdkLogger() });
  limitWorkflowHeap(config);
  const running = await createWorker(config);
  log.info(
    { address: config.temporal.address, namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue },
    'worker running',
  );
  // Worker.run() returns after SIGINT/SIGTERM (the SDK's default shutdown signals) once tasks drain.
  await running.worker.run();
  await running.close();
  log.info('worker stopped');
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}

/** A client next to the worker, for what the worker starts itself (death-notice workflows). */
export function temporalClient(config: Config): Client {
  return new Client({ connection: Connection.lazy(temporalConnectionOptions(config.temporal)), namespace: config.temporal.namespace });
}

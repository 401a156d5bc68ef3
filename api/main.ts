/**
 * The API process: config → database (migrated) → Temporal client → createApp → listen; stops cleanly
 * on SIGTERM/SIGINT (stop accepting, finish in-flight requests, close Temporal and the database).
 * Development/test without AUTH_TOKEN_SECRET: mints and prints development credentials.
 */
import { redactingStream } from '../domain/personal-data';
import type { Server } from 'node:http';
import path from 'node:path';
import pino from 'pino';
import { ConfigError, loadConfig } from '../config';
import { migrate, openDatabase } from '../persistence';
import { createDocumentSigner } from '../adapters/signer';
import { createPersonalCabinet } from '../adapters/cabinet';
import { createStateDatabases } from '../adapters';
import { RegisterPermitRegister } from '../register/permit-register-service';
import { RegisterService } from '../register/service';
import { registerStoreOn } from '../register/database';
import { referenceDataStoreOn } from '../reference-data/database';
import { ncaOn } from '../pki/database';
import { DirectoryScanStore } from '../counter/scans';
import { createApp } from './app';
import { createAuthenticator, resolveTokenSecret, writeDevCredentials } from './auth';
import { createOidcVerifier, createSignIn, SERVICE_ROLES } from './oidc';
import { ROLES } from '../domain/roles';
import { SERVICE_CODES, SERVICE_MODULES } from '../services';
import { TemporalCaseGateway, connectTemporal } from './temporal-case-gateway';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  // No IIN or BIN in a log line (issue 16 item 6): every line goes through the redacting stream.
  const logger = pino({ name: 'api', level: config.logLevel }, redactingStream());

  await migrate(config);
  const db = await openDatabase(config.database, { serviceCodes: SERVICE_CODES });
  const store = db.store;
  const signer = await createDocumentSigner(config.adapters, config.api.publicBaseUrl);
  const register = new RegisterService({ store: registerStoreOn(db), signer, cabinet: createPersonalCabinet(config.adapters) });
  const { connection, client } = connectTemporal(config.temporal);
  const cases = new TemporalCaseGateway({ client, taskQueue: config.temporal.taskQueue });

  const { secret, dev } = resolveTokenSecret(config);
  if (dev) {
    const creds = writeDevCredentials(config, secret);
    const lines = creds.map(
      (c) => `  ${(c.role + (c.licensorBody ? `:${c.licensorBody}` : c.branch ? `:${c.branch}` : '')).padEnd(28)} ${c.token}`,
    );
    process.stdout.write(`Development credentials (also in ${config.api.devCredentialsFile}):\n${lines.join('\n')}\n`);
  }
  // People through the identity provider; outside systems (portal, gateway) with service credentials, which
  // production accepts for nobody else.
  const auth = createSignIn({
    sharedSecret: createAuthenticator({ secret, refuseDevTokens: config.env === 'production' }),
    oidc: config.oidc.issuer
      ? createOidcVerifier({
          issuer: config.oidc.issuer,
          audience: config.oidc.audience,
          ...(config.oidc.jwksUrl ? { jwksUrl: config.oidc.jwksUrl } : {}),
          refuseDevUsers: config.oidc.refuseDevUsers,
        })
      : null,
    sharedSecretRoles: config.env === 'production' ? SERVICE_ROLES : ROLES,
  });

  // seed 004 ¶21: the checks before acceptance read the state databases and the register the worker uses.
  const nca = await ncaOn(db, config.adapters.signingKeysDir, config.api.publicBaseUrl, config.adapters.ncaPkcs11);
  // seed 002 ¶9: the NCA checks portal requests signed with its certificates before they are accepted.
  const preAcceptance = { stateDatabases: createStateDatabases(config.adapters), permits: new RegisterPermitRegister(register), nca };
  const app = createApp({
    config,
    store,
    cases,
    modules: SERVICE_MODULES,
    auth,
    logger,
    register: { service: register, signer },
    preAcceptance,
    referenceData: referenceDataStoreOn(db),
    nca,
    counterScans: new DirectoryScanStore(path.join(config.dataDir, 'counter-scans')),
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.api.port, config.api.host, () => resolve(s));
    s.once('error', reject);
  });
  logger.info(
    {
      url: config.api.publicBaseUrl,
      openapi: `${config.api.publicBaseUrl}/openapi.json`,
      services: SERVICE_MODULES.map((m) => m.descriptor.code),
    },
    'API listening',
  );

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    const force = setTimeout(() => {
      logger.warn('in-flight requests did not finish in time; closing connections');
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(() => {
      void (async () => {
        await Promise.allSettled([connection.close(), store.close()]);
        clearTimeout(force);
        logger.info('stopped');
        process.exit(0);
      })();
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof ConfigError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});

/**
 * What every browser test needs, once: Debian's chromium launched headless by path (playwright-core),
 * the screenshots' folder, the API in-process on its own port, and the development tokens it accepts.
 *   - launchChromium(): a fresh profile each run; FAILS (never skips) without chromium.
 *   - startApi(deps): createApp on a port the OS chooses (or one claimed with freePort()), silent,
 *     in a throw-away DATA_DIR, with a shared-secret authenticator; `token(principal)` mints for it.
 *   - devTokens(): the shared secret, its authenticator and a minter, for an app built by hand.
 * The tests on the real stack (startStack()) take their tokens from the stack and only launch chromium here.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http, { type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { chromium, type BrowserContext } from 'playwright-core';
import { createApp, type AppDeps } from '../../api/app';
import { createAuthenticator, mintToken, type SharedSecretAuthenticator } from '../../api/auth';
import { loadConfig, type Config } from '../../config';
import type { Principal } from '../../domain/roles';
import { ROOT } from '../helpers/temporal';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots of the browser tests. */
export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'e2e');

/** Chromium's flags: headless in a container (no sandbox, no GPU), nothing fetched behind the test's back. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Chromium with a new empty profile (`profileDir`, or a fresh temporary one: playwright passes it as
 * --user-data-dir). `viewport` as the test wants its pages (playwright's default when not given).
 * Makes the screenshots' folder. Throws when chromium is missing: the web pages are part of the product.
 */
export async function launchChromium(
  options: { profileDir?: string; viewport?: { width: number; height: number } } = {},
): Promise<BrowserContext> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`chromium not found at ${CHROMIUM}: install it with "apt-get install -y chromium" (scripts/setup.sh)`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launchPersistentContext(options.profileDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kz-e2e-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    ...(options.viewport ? { viewport: options.viewport } : {}),
    args: CHROMIUM_ARGS,
  });
}

export interface DevTokens {
  secret: string;
  /** The API's authenticator for these tokens (development tokens admitted). */
  auth: SharedSecretAuthenticator;
  /** A token for `principal`, valid for an hour. */
  token(principal: Principal): string;
}

/** A random shared secret, the authenticator that checks it and the minter of its tokens. */
export function devTokens(): DevTokens {
  const secret = crypto.randomBytes(32).toString('hex');
  return {
    secret,
    auth: createAuthenticator({ secret, refuseDevTokens: false }),
    token: (principal) => mintToken(secret, principal, { expiresIn: '1h' }),
  };
}

export interface Api {
  baseUrl: string;
  port: number;
  server: Server;
  config: Config;
  /** A token the API accepts (its shared secret), unless `deps.auth` replaced the authenticator. */
  token(principal: Principal): string;
  close(): Promise<void>;
}

export type ApiDeps = Omit<AppDeps, 'config' | 'auth' | 'logger'> & {
  /** Defaults to the shared-secret authenticator of `token`. */
  auth?: (tokens: DevTokens, config: Config) => AppDeps['auth'];
  /** More environment for loadConfig (e.g. the identity provider's port). */
  env?: Record<string, string>;
  /** A port claimed beforehand (freePort()) when another process must know it first; else the OS chooses. */
  port?: number;
  dataDir?: string;
};

/**
 * The API in-process (createApp), listening on 127.0.0.1. The server listens before the app is built, so
 * the port is the OS's choice (no free-port race) and the configuration names it as API_PORT.
 */
export async function startApi(deps: ApiDeps): Promise<Api> {
  const { auth, env, port: wanted, dataDir, ...appDeps } = deps;
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(wanted ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const config = loadConfig({
    APP_ENV: 'test',
    DATA_DIR: dataDir ?? path.join(os.tmpdir(), `kz-e2e-${crypto.randomUUID()}`),
    LOG_LEVEL: 'silent',
    API_PORT: String(port),
    WORKER_METRICS_URL: 'http://127.0.0.1:9/metrics',
    ...env,
  });
  const tokens = devTokens();
  const app = createApp({ ...appDeps, config, auth: auth ? auth(tokens, config) : tokens.auth, logger: pino({ level: 'silent' }) });
  server.on('request', app);
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    server,
    config,
    token: tokens.token,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

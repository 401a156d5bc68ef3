/**
 * The development identity provider as its own process (`make start` runs it before the API): a separate
 * origin like a real identity provider, so the dashboard's sign-in crosses origins as it will in production.
 * Refuses to run in production or when OIDC_DEV_PROVIDER=off.
 */
import { ConfigError, loadConfig } from '../config';
import { listenDevProvider } from './dev-provider';

async function main(): Promise<void> {
  const config = loadConfig();
  const dev = config.oidc.devProvider;
  if (config.env === 'production' || !dev) throw new ConfigError('the development identity provider is off (OIDC_DEV_PROVIDER, APP_ENV)');
  const api = new URL(config.api.publicBaseUrl);
  // The pages that sign in, on every name the API is reached at on this machine.
  const hosts = new Set([api.host, `localhost:${config.api.port}`, `127.0.0.1:${config.api.port}`]);
  // The dashboard (web/index.html) and the counter operator's workstation (web/counter.html).
  const redirectUris = [...hosts].flatMap((h) => [`${api.protocol}//${h}/web/`, `${api.protocol}//${h}/web/counter.html`]);
  const server = await listenDevProvider({
    issuer: config.oidc.issuer ?? dev.url,
    audience: config.oidc.audience,
    clientId: config.oidc.clientId,
    redirectUris,
    dataDir: config.dataDir,
    host: dev.host,
    port: dev.port,
  });
  process.stdout.write(`development identity provider at ${dev.url} (client ${config.oidc.clientId}, audience ${config.oidc.audience})\n`);
  const stop = (): void => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof ConfigError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});

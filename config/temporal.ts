/** Temporal connection settings from config, shared by the API's client and the worker's native connection. */
import fs from 'node:fs';
import type { ConnectionOptions } from '@temporalio/client';
import type { Config } from './index';

/** Connection options from config: plain (dev server), TLS, mTLS (cert + key files) or an API key. */
export function temporalConnectionOptions(temporal: Config['temporal']): ConnectionOptions & { apiKey?: string } {
  const read = (p: string | undefined): Buffer | undefined => (p ? fs.readFileSync(p) : undefined);
  let tls: ConnectionOptions['tls'] = false;
  if (temporal.tls) {
    const ca = read(temporal.tls.caPath);
    const crt = read(temporal.tls.certPath);
    const key = read(temporal.tls.keyPath);
    if (Boolean(crt) !== Boolean(key)) throw new Error('TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH must be given together (mTLS)');
    tls = {
      ...(ca ? { serverRootCACertificate: ca } : {}),
      ...(crt && key ? { clientCertPair: { crt, key } } : {}),
      ...(temporal.tls.serverName ? { serverNameOverride: temporal.tls.serverName } : {}),
    };
  }
  return { address: temporal.address, tls, ...(temporal.apiKey ? { apiKey: temporal.apiKey } : {}) };
}

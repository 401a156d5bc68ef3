/**
 * Generates the two Prisma clients (prisma/generated/{sqlite,postgresql}) from prisma/models.prisma,
 * offline (engineType "client": no query engine; JavaScript schema engine: nothing downloaded).
 * Idempotent and cheap when up to date: a stamp holds the hash of the derived schema and the Prisma
 * version. Safe when several processes call it at once (a lock directory serializes them).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { runPrismaOrThrow } from './cli';
import { GENERATED_DIR, PROVIDERS, type Provider, clientDir, writeSchemas } from './render';

const STAMP = '.source-hash';
const LOCK = path.join(GENERATED_DIR, '.generate.lock');

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function withLock<T>(work: () => T): T {
  fs.mkdirSync(GENERATED_DIR, { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // A lock older than two minutes belongs to a process that died.
      const age = Date.now() - fs.statSync(LOCK, { throwIfNoEntry: false })!.mtimeMs;
      if (age > 120_000) fs.rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`timed out waiting for ${LOCK}`);
      else sleep(200);
    }
  }
  try {
    return work();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

function wantedHash(schemaFile: string): string {
  const prismaVersion = (JSON.parse(fs.readFileSync(require.resolve('prisma/package.json'), 'utf8')) as { version: string }).version;
  return createHash('sha256').update(prismaVersion).update('\0').update(fs.readFileSync(schemaFile)).digest('hex');
}

function isFresh(provider: Provider, hash: string): boolean {
  const stamp = path.join(clientDir(provider), STAMP);
  return fs.existsSync(path.join(clientDir(provider), 'index.js')) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === hash;
}

/** Returns the providers whose client was (re)generated. */
export function generateClients(force = false): Provider[] {
  return withLock(() => {
    const schemas = writeSchemas();
    const generated: Provider[] = [];
    for (const provider of PROVIDERS) {
      const hash = wantedHash(schemas[provider]);
      if (!force && isFresh(provider, hash)) continue;
      runPrismaOrThrow(provider, ['generate']);
      fs.writeFileSync(path.join(clientDir(provider), STAMP), hash);
      generated.push(provider);
    }
    return generated;
  });
}

/** Quick check first (no lock, no files written) so a normal start costs a few milliseconds. */
export function ensureClients(): void {
  const models = path.join(__dirname, 'models.prisma');
  const upToDate = PROVIDERS.every((p) => {
    const stamp = path.join(clientDir(p), STAMP);
    const schema = path.join(GENERATED_DIR, 'schema', `${p}.prisma`);
    return (
      fs.existsSync(stamp) &&
      fs.existsSync(schema) &&
      fs.statSync(schema).mtimeMs >= fs.statSync(models).mtimeMs &&
      isFresh(p, wantedHash(schema))
    );
  });
  if (!upToDate) generateClients();
}

/**
 * Runs the project's Prisma CLI (node_modules/prisma) offline: the JavaScript schema engine through
 * prisma/<provider>.config.ts, no update check, no telemetry. Used by scripts/db-*.ts.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PRISMA_DIR, type Provider } from './render';

export interface PrismaRun {
  status: number;
  stdout: string;
  stderr: string;
}

export function runPrisma(provider: Provider, args: string[], databaseUrl?: string): PrismaRun {
  const cli = require.resolve('prisma/build/index.js');
  const placeholder = provider === 'sqlite' ? 'file:unused.sqlite' : 'postgresql://unused@127.0.0.1:1/unused';
  const result = spawnSync(process.execPath, [cli, ...args, '--config', path.join(PRISMA_DIR, `${provider}.config.ts`)], {
    cwd: path.dirname(PRISMA_DIR),
    encoding: 'utf8',
    env: {
      ...process.env,
      // The schema's env("DATABASE_URL") must resolve for Prisma to read the generator (engineType
      // "client"); without it the CLI falls back to the native engines and tries to download them.
      DATABASE_URL: databaseUrl ?? placeholder,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
      PRISMA_DISABLE_WARNINGS: '1',
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

export function runPrismaOrThrow(provider: Provider, args: string[], databaseUrl?: string): string {
  const r = runPrisma(provider, args, databaseUrl);
  if (r.status !== 0) throw new Error(`prisma ${args.join(' ')} (${provider}) failed:\n${r.stderr || r.stdout}`);
  return r.stdout;
}

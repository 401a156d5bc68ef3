/**
 * Which database a URL names, and where an SQLite file lives. Accepts the whole Config or just its
 * `database` part, so startup code can pass either.
 */
import path from 'node:path';
import type { Config } from '../config';

export type DatabaseConfig = Config['database'];
export type DatabaseConfigInput = DatabaseConfig | Pick<Config, 'database'>;

export function databaseConfig(input: DatabaseConfigInput): DatabaseConfig {
  return 'database' in input ? input.database : input;
}

/** `file:/abs/app.sqlite`, `file:./rel.sqlite` (relative to the working directory), `file:x?mode=…` → path. */
export function sqliteFilePath(url: string): string {
  if (!url.startsWith('file:')) throw new Error(`not an SQLite URL (file:…): ${redactUrl(url)}`);
  const raw = decodeURIComponent(
    url
      .slice('file:'.length)
      .replace(/\?.*$/, '')
      .replace(/^\/\/(?=\/)/, ''),
  );
  if (raw === '') throw new Error('SQLite URL names no file');
  if (raw === ':memory:') return raw;
  return path.resolve(raw);
}

/** For messages: never print a password. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/**
 * Applies the committed migrations to the configured database (DATABASE_URL; default: the embedded
 * SQLite file under DATA_DIR). The API and the worker do the same at startup; this is for deploy
 * pipelines that migrate before rolling out.
 *
 *   npx tsx scripts/db-migrate.ts          (make db-migrate)
 */
import { ConfigError, loadConfig } from '../config';
import { redactUrl } from '../persistence/database';
import { migrate } from '../persistence/migrate';

async function main(): Promise<void> {
  const config = loadConfig();
  const result = await migrate(config.database);
  const where = `${config.database.provider} ${redactUrl(config.database.url)}`;
  if (result.applied.length) console.log(`db-migrate: applied to ${where}:\n  ${result.applied.join('\n  ')}`);
  else console.log(`db-migrate: ${where} is up to date (${result.alreadyApplied.length} migrations)`);
  if (result.unknown.length)
    console.warn(`db-migrate: the database has migrations this version does not know: ${result.unknown.join(', ')}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError ? e.message : `db-migrate: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

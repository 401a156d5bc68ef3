/**
 * Registers the case search attributes (workflows/shared/case.ts) on the configured Temporal cluster:
 * a self-hosted server reached by TEMPORAL_ADDRESS (+ TLS/mTLS or API key from config/index.ts).
 * The dev server of `make start` registers them itself at launch; this is for a real cluster.
 *
 *   npx tsx scripts/register-search-attributes.ts            # add the missing ones
 *   npx tsx scripts/register-search-attributes.ts --check    # only report, exit 1 if any is missing
 *
 * Idempotent: existing attributes of the right type are left alone; one of the same name with another
 * type is an error (Temporal cannot change a search attribute's type). Temporal Cloud manages search
 * attributes through its own control plane (tcld / the Cloud UI), not the Operator API used here.
 */
import { Connection } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { temporalConnectionOptions } from '../api/temporal-case-gateway';
import { loadConfig } from '../config';
import { SEARCH_ATTRIBUTE_TYPES } from '../workflows/shared/case';

type IndexedValueType = proto.api.enums.v1.IndexedValueType;
const { IndexedValueType } = proto.api.enums.v1;

const WANTED: Record<'Keyword' | 'Datetime', IndexedValueType> = {
  Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Datetime: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
};

export interface RegistrationResult {
  added: string[];
  present: string[];
  conflicting: { name: string; has: string; wanted: string }[];
}

export async function registerSearchAttributes(
  connection: Connection,
  namespace: string,
  options: { dryRun?: boolean } = {},
): Promise<RegistrationResult> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const have = new Map<string, IndexedValueType>([
    ...Object.entries(existing.customAttributes ?? {}),
    ...Object.entries(existing.systemAttributes ?? {}),
  ]);
  const result: RegistrationResult = { added: [], present: [], conflicting: [] };
  const toAdd: Record<string, IndexedValueType> = {};
  for (const [name, typeName] of Object.entries(SEARCH_ATTRIBUTE_TYPES)) {
    const wanted = WANTED[typeName];
    const current = have.get(name);
    if (current === undefined) {
      toAdd[name] = wanted;
      result.added.push(name);
    } else if (current === wanted) {
      result.present.push(name);
    } else {
      result.conflicting.push({
        name,
        has: IndexedValueType[current] ?? String(current),
        wanted: IndexedValueType[wanted] ?? String(wanted),
      });
    }
  }
  if (!options.dryRun && result.added.length > 0) {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: toAdd });
  }
  return result;
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const config = loadConfig();
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
  try {
    const r = await registerSearchAttributes(connection, config.temporal.namespace, { dryRun: check });
    const where = `${config.temporal.address} namespace ${config.temporal.namespace}`;
    if (r.present.length > 0) process.stdout.write(`already registered on ${where}: ${r.present.join(', ')}\n`);
    if (r.added.length > 0) process.stdout.write(`${check ? 'missing' : 'registered'} on ${where}: ${r.added.join(', ')}\n`);
    for (const c of r.conflicting) {
      process.stderr.write(`${c.name} exists on ${where} as ${c.has}, wanted ${c.wanted}: remove it or rename ours\n`);
    }
    if (r.conflicting.length > 0 || (check && r.added.length > 0)) process.exitCode = 1;
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`register-search-attributes: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}

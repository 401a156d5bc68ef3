/**
 * The table of services in docs/adding-a-service.md, rendered from the registry (services/index.ts), so
 * the docs cannot drift from it: `npx tsx scripts/service-table.ts` prints it to paste, and
 * test/services/registry.test.ts fails when the docs' table differs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SERVICE_DEFINITIONS } from '../services';
import type { ServiceDefinition } from '../services/definition';

const SERVICES_DIR = path.join(__dirname, '..', 'services');

/** Which family folder (services/<family>/definition.ts) exports each definition. */
function familyOf(definition: ServiceDefinition): string {
  for (const family of fs.readdirSync(SERVICES_DIR).sort()) {
    const file = path.join(SERVICES_DIR, family, 'definition.ts');
    if (!fs.existsSync(file)) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the family folders are found, not listed
    const exported = Object.values(require(file) as Record<string, unknown>);
    if (exported.some((v) => v === definition || (Array.isArray(v) && v.includes(definition)))) return family;
  }
  throw new Error(`${definition.module.descriptor.code}: no services/<family>/definition.ts exports its definition`);
}

export function serviceTable(): string {
  const rows = SERVICE_DEFINITIONS.map(
    (d) =>
      `| \`${d.module.descriptor.code}\` | \`services/${familyOf(d)}/\` | \`${d.module.workflow.name}\` | ${d.review.mode}: ${d.review.regulation} |`,
  );
  return ['| code | family folder | workflow | review |', '|---|---|---|---|', ...rows].join('\n');
}

if (require.main === module) console.log(serviceTable());

/**
 * temporal-dev.yml (Docker Compose for people who use Docker). Docker does not run on this project's
 * machines, so this checks what can go stale without anyone noticing: the services, the images and
 * their tags, the app's commands (files that must exist), its environment (names and values that
 * config/index.ts accepts) and the search attributes the one-shot service registers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { EnvironmentSchema, loadConfig } from '../../config';
import { SEARCH_ATTRIBUTE_TYPES } from '../../workflows/shared/case';
import { ROOT } from '../helpers/temporal';

const ServiceSchema = z.object({
  image: z.string().optional(),
  build: z.object({ context: z.string(), dockerfile: z.string() }).optional(),
  command: z.union([z.string(), z.array(z.string())]).optional(),
  entrypoint: z.union([z.string(), z.array(z.string())]).optional(),
  environment: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  ports: z.array(z.string()).optional(),
  depends_on: z.union([z.array(z.string()), z.record(z.string(), z.object({ condition: z.string() }))]).optional(),
});
const ComposeSchema = z.object({ services: z.record(z.string(), ServiceSchema) });
type Service = z.infer<typeof ServiceSchema>;

const compose = ComposeSchema.parse(parse(fs.readFileSync(path.join(ROOT, 'temporal-dev.yml'), 'utf8'), { merge: true }));
const services = compose.services;
const service = (name: string): Service => {
  const s = services[name];
  if (!s) throw new Error(`temporal-dev.yml has no service ${name}`);
  return s;
};
/** The app's processes as in make start-cluster: simulators, two workers, two APIs and the round-robin `api`. */
const APP_SERVICES = ['simulators', 'worker-1', 'worker-2', 'api-1', 'api-2', 'api'];
const ENTRY: Record<string, string> = {
  simulators: 'simulators/main.ts',
  'worker-1': 'worker.ts',
  'worker-2': 'worker.ts',
  'api-1': 'api/main.ts',
  'api-2': 'api/main.ts',
  api: 'scripts/round-robin.ts',
};
const CONFIGURED = APP_SERVICES.filter((s) => s !== 'api');

/**
 * Published images (Docker Hub) and tags taken from temporalio/docker-compose's last release; the
 * registry itself is not reachable from here, so a tag change must come with a change to this table.
 */
const PUBLISHED: Record<string, RegExp> = {
  postgres: /^16(\.\d+)?$/,
  'temporalio/auto-setup': /^1\.29\.1$/,
  'temporalio/ui': /^2\.34\.0$/,
  'temporalio/admin-tools': /^1\.29\.1-tctl-1\.18\.4-cli-1\.5\.0$/,
};

function envOf(s: Service): Record<string, string> {
  return Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, String(v)]));
}

test('the Temporal server on PostgreSQL, its UI, the search-attribute job and the app are all there', () => {
  expect(Object.keys(services).sort()).toEqual(
    ['postgresql', 'temporal', 'temporal-search-attributes', 'temporal-ui', ...APP_SERVICES].sort(),
  );
  expect(envOf(service('temporal'))).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql' });
});

test('third-party images are published names with pinned tags (no latest)', () => {
  for (const [name, s] of Object.entries(services)) {
    if (APP_SERVICES.includes(name)) continue;
    const [repo, tag, ...rest] = (s.image ?? '').split(':');
    expect({ name, rest }).toEqual({ name, rest: [] });
    expect(Object.keys(PUBLISHED)).toContain(repo);
    expect(tag).toMatch(PUBLISHED[repo ?? ''] ?? /^$/);
  }
});

test('the app services build from the Dockerfile and run files that exist', () => {
  const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  expect(dockerfile).toMatch(/^FROM node:20[-\w.]*$/m);
  for (const name of APP_SERVICES) {
    const s = service(name);
    expect(s.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
    expect(s.command).toEqual(['npx', 'tsx', ENTRY[name]]);
    const file = ENTRY[name] ?? '';
    expect({ name, file, exists: fs.existsSync(path.join(ROOT, file)) }).toEqual({ name, file, exists: true });
  }
});

test('the app environment uses only settings config/index.ts knows, with values it accepts', () => {
  const known = new Set(Object.keys(EnvironmentSchema.shape));
  for (const name of CONFIGURED) {
    const env = envOf(service(name));
    expect(Object.keys(env).filter((k) => !known.has(k))).toEqual([]);
    // Accepted as a whole: loadConfig throws a ConfigError naming the variable otherwise.
    const config = loadConfig(env);
    expect(config.temporal.address).toBe('temporal:7233');
    expect(config.database.provider).toBe('postgresql');
  }
  // The round-robin publishes the API port and forwards to both replicas on theirs.
  const front = envOf(service('api'));
  expect(service('api').ports).toContain(`${front.API_PORT}:${front.API_PORT}`);
  const replicas = ['api-1', 'api-2'].map((name) => `${name}:${loadConfig(envOf(service(name))).api.port}`);
  expect(front.ROUND_ROBIN_TARGETS?.split(',')).toEqual(replicas);
  for (const name of ['worker-1', 'worker-2']) {
    expect(loadConfig(envOf(service(name))).api.publicBaseUrl).toBe(`http://api:${front.API_PORT}`);
  }
  const sims = loadConfig(envOf(service('simulators')));
  expect(service('simulators').ports).toContain(`${sims.adapters.simulators.port}:${sims.adapters.simulators.port}`);
  expect(loadConfig(envOf(service('worker-1'))).adapters.simulatorsUrl).toBe(`http://simulators:${sims.adapters.simulators.port}`);
});

test('the one-shot job registers exactly the case search attributes, with their types', () => {
  const job = service('temporal-search-attributes');
  const script = Array.isArray(job.command) ? job.command.join('\n') : (job.command ?? '');
  const list = /for pair in ([^;]+);/.exec(script)?.[1]?.trim().split(/\s+/) ?? [];
  const registered = Object.fromEntries(list.map((pair) => pair.split(':') as [string, string]));
  expect(registered).toEqual(SEARCH_ATTRIBUTE_TYPES);
  // The app starts only after the attributes exist (a workflow upserting an unknown one fails).
  for (const name of ['worker-1', 'worker-2', 'api-1']) {
    expect(service(name).depends_on).toMatchObject({ 'temporal-search-attributes': { condition: 'service_completed_successfully' } });
  }
});

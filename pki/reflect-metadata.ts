/**
 * The Reflect metadata API that @peculiar/x509 (through tsyringe) needs before it loads. The package
 * tree has no `reflect-metadata` (nor core-js, @abraham/reflection), and this helper may not install
 * packages, so the few functions tsyringe calls are provided here when absent. Replace with
 * `import 'reflect-metadata'` once that package is a dependency.
 */
type Key = unknown;
type Target = object;
const store = new WeakMap<Target, Map<string | symbol | undefined, Map<Key, unknown>>>();

function own(target: Target, prop: string | symbol | undefined, create: boolean): Map<Key, unknown> | undefined {
  let byProp = store.get(target);
  if (!byProp) {
    if (!create) return undefined;
    byProp = new Map();
    store.set(target, byProp);
  }
  let m = byProp.get(prop);
  if (!m && create) {
    m = new Map();
    byProp.set(prop, m);
  }
  return m;
}

interface ReflectMetadata {
  defineMetadata(key: Key, value: unknown, target: Target, prop?: string | symbol): void;
  getOwnMetadata(key: Key, target: Target, prop?: string | symbol): unknown;
  getMetadata(key: Key, target: Target, prop?: string | symbol): unknown;
  hasOwnMetadata(key: Key, target: Target, prop?: string | symbol): boolean;
  hasMetadata(key: Key, target: Target, prop?: string | symbol): boolean;
  metadata(key: Key, value: unknown): (target: Target, prop?: string | symbol) => void;
}

const R = Reflect as unknown as Partial<ReflectMetadata>;
if (typeof R.getMetadata !== 'function') {
  const api: ReflectMetadata = {
    defineMetadata(key, value, target, prop) {
      own(target, prop, true)?.set(key, value);
    },
    getOwnMetadata(key, target, prop) {
      return own(target, prop, false)?.get(key);
    },
    hasOwnMetadata(key, target, prop) {
      return own(target, prop, false)?.has(key) ?? false;
    },
    getMetadata(key, target, prop) {
      for (let t: Target | null = target; t; t = Object.getPrototypeOf(t) as Target | null) {
        const m = own(t, prop, false);
        if (m?.has(key)) return m.get(key);
      }
      return undefined;
    },
    hasMetadata(key, target, prop) {
      for (let t: Target | null = target; t; t = Object.getPrototypeOf(t) as Target | null) if (own(t, prop, false)?.has(key)) return true;
      return false;
    },
    metadata(key, value) {
      return (target, prop) => api.defineMetadata(key, value, target, prop);
    },
  };
  Object.assign(Reflect, api);
}

export {};

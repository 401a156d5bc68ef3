import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ownerOf, summarize } from '../../bench/cpu-profile';
import { perCase } from '../../bench/throughput.bench';

const ROOT = '/work/project';

describe('bench CPU figures', () => {
  it('attributes a frame to its package, the project file, or the V8 bucket', () => {
    expect(ownerOf('file:///work/project/node_modules/@prisma/adapter-better-sqlite3/dist/index.js', 'prepare', ROOT)).toBe(
      '@prisma/adapter-better-sqlite3',
    );
    expect(ownerOf('file:///work/project/node_modules/zod/v4/core/util.js', 'own', ROOT)).toBe('zod');
    expect(ownerOf('file:///work/project/persistence/prisma-store.ts', 'updateApplication', ROOT)).toBe('persistence/prisma-store.ts');
    expect(ownerOf('', '(garbage collector)', ROOT)).toBe('(garbage collector)');
    expect(ownerOf('wasm://wasm/0072416a', 'wasm-function[20]', ROOT)).toBe('wasm (Prisma query compiler)');
  });

  it('sums self time per owner and leaves idle time out', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kz-prof-')), 'CPU.1.cpuprofile');
    fs.writeFileSync(
      file,
      JSON.stringify({
        nodes: [
          { id: 1, callFrame: { functionName: '(idle)', url: '' } },
          { id: 2, callFrame: { functionName: 'compile', url: 'file:///work/project/node_modules/zod/x.js' } },
          { id: 3, callFrame: { functionName: 'run', url: 'file:///work/project/api/app.ts' } },
        ],
        samples: [1, 2, 3, 2, 1],
        timeDeltas: [5000, 1000, 2000, 3000, 7000],
      }),
    );
    const s = summarize(file, ROOT);
    expect(s.busyMs).toBe(6);
    expect(s.byOwner).toEqual([
      ['zod', 4],
      ['api/app.ts', 2],
    ]);
  });

  it('divides the CPU a run used among its cases, per process', () => {
    expect(perCase({ worker: 10, api: 2 }, { worker: 13, api: 2.5, simulators: 0.3 }, 30)).toEqual({
      worker: 100,
      api: 50 / 3,
      simulators: 10,
    });
  });
});

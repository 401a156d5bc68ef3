/**
 * Where each process of the stack spends its CPU: V8 CPU profiles (node --cpu-prof, written by every part
 * of `make start` when CPU_PROFILE_DIR is set) summed by self time per package or project file. The
 * threads of one process (main, workflow thread) are reported apart; idle time is left out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const Profile = z.object({
  nodes: z.array(z.object({ id: z.number(), callFrame: z.object({ functionName: z.string(), url: z.string() }) })),
  samples: z.array(z.number()).default([]),
  timeDeltas: z.array(z.number()).default([]),
});

/** node_modules/<package>, a project file, or the V8 bucket ((garbage collector), (program), native code). */
export function ownerOf(url: string, functionName: string, root: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  if (url.startsWith('node:')) return 'node:internal';
  if (url.startsWith('wasm://')) return 'wasm (Prisma query compiler)';
  if (url.includes('workflow-bundle-')) return 'workflow bundle';
  const file = url.replace(/^file:\/\//, '');
  return file.startsWith(root) ? path.relative(root, file) : url;
}

export interface ThreadSummary {
  file: string;
  busyMs: number;
  byOwner: Array<[string, number]>;
}

export function summarize(file: string, root: string): ThreadSummary {
  const p = Profile.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  const owner = new Map(p.nodes.map((n) => [n.id, ownerOf(n.callFrame.url, n.callFrame.functionName, root)]));
  const idle = new Set(p.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  const byOwner = new Map<string, number>();
  let busy = 0;
  p.samples.forEach((id, i) => {
    if (idle.has(id)) return;
    const us = p.timeDeltas[i] ?? 0;
    busy += us;
    const o = owner.get(id) ?? '?';
    byOwner.set(o, (byOwner.get(o) ?? 0) + us);
  });
  return {
    file,
    busyMs: busy / 1000,
    byOwner: [...byOwner.entries()].map(([k, us]): [string, number] => [k, us / 1000]).sort((a, b) => b[1] - a[1]),
  };
}

/** Every profile under dir/<part>/, busiest thread first, with its top owners. */
export function printProfiles(dir: string, root: string, out: (l: string) => void, top = 8): void {
  if (!fs.existsSync(dir)) return;
  out(`\nCPU profiles (self time over each process's life, start-up included; files in ${dir}):`);
  for (const part of fs.readdirSync(dir).sort()) {
    const files = fs.readdirSync(path.join(dir, part)).filter((f) => f.endsWith('.cpuprofile'));
    const threads = files.map((f) => summarize(path.join(dir, part, f), root)).sort((a, b) => b.busyMs - a.busyMs);
    for (const t of threads.filter((x) => x.busyMs >= 500)) {
      const share = (ms: number): string => `${Math.round((100 * ms) / t.busyMs)} %`;
      out(`  ${part} (${path.basename(t.file)}): ${Math.round(t.busyMs)} ms busy`);
      for (const [o, ms] of t.byOwner.slice(0, top)) out(`    ${share(ms).padStart(5)}  ${o}`);
    }
  }
}

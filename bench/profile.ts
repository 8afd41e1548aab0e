/**
 * A sampling CPU profile of this process's main thread (the service and its
 * inline worker; the load generator runs in a worker thread and is not in it),
 * summed by self time per function and per area: a package in node_modules,
 * a folder of ours, Node's internals, or V8's own entries.
 */
import type { Profiler } from 'node:inspector';
import { Session } from 'node:inspector/promises';
import { writeFile } from 'node:fs/promises';
import { findSourceMap } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MeasuredHooks } from './load.js';

export interface ProfileShare {
  name: string;
  ms: number;
  /** Of the time the main thread was not idle. */
  share: number;
}

export interface ProfileSummary {
  seconds: number;
  samples: number;
  intervalUs: number;
  /** Share of the profiled time the main thread was not idle. */
  busy: number;
  areas: ProfileShare[];
  /** Node's internals (and the native calls they make) by the first caller outside them: whose socket writes, whose timers. */
  nodeByCaller: ProfileShare[];
  functions: ProfileShare[];
}

const V8_ENTRIES = new Set(['(garbage collector)', '(idle)', '(program)', '(root)']);

/** Which part of the code a script URL belongs to; null for a builtin or native function (no URL). */
function area(url: string, treeUrl: string): string | null {
  if (url === '') return null;
  if (url.startsWith('node:')) return 'node: internals';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const [first = '', second = '', third = ''] = url.slice(nm + '/node_modules/'.length).split('/');
    if (first.startsWith('@')) return `${first}/${second}`;
    // hono also renders our JSX (pages and emails): kept apart from its routing and HTTP.
    if (first === 'hono' && (third === 'jsx' || url.includes('/dist/cjs/jsx/'))) return 'hono/jsx';
    return first;
  }
  if (url.startsWith(treeUrl)) {
    const parts = url.slice(treeUrl.length).split('/');
    if (parts[0] === 'src' && parts[1] === 'modules' && parts.length > 3) return `src/modules/${parts[2]}`;
    if (parts[0] === 'src') return parts.length > 2 ? `src/${parts[1]}` : 'src';
    return parts.length > 1 ? `${parts[0]}/` : parts[0]!;
  }
  return url;
}

function shortUrl(url: string, treeUrl: string): string {
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) return url.slice(nm + '/node_modules/'.length);
  return url.startsWith(treeUrl) ? url.slice(treeUrl.length) : url;
}

/** The 1-based line in our source (loaded through a source map) or in the loaded file. */
function line(url: string, treeUrl: string, lineNumber: number, columnNumber: number): number {
  if (url.startsWith(treeUrl)) {
    try {
      const entry = findSourceMap(url)?.findEntry(lineNumber, columnNumber);
      if (entry && 'originalLine' in entry) return entry.originalLine + 1;
    } catch {
      // no map: the loaded file's line
    }
  }
  return lineNumber + 1;
}

function top(totals: Map<string, number>, busyMs: number, n: number): ProfileShare[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, ms]) => ({ name, ms, share: busyMs > 0 ? ms / busyMs : 0 }));
}

/**
 * Self time per node from the samples (each sample lasts until the next one).
 * Functions are (name, url:line), our files' lines through their source maps. For areas, a
 * builtin or native function with no URL of its own (a socket write, JSON.parse)
 * counts towards the area of the nearest caller that has one.
 */
export function summarise(profile: Profiler.Profile, tree: string, intervalUs: number, n = 12): ProfileSummary {
  const treeUrl = pathToFileURL(tree + path.sep).href;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  const times = samples.map((_, i) => (at += deltas[i] ?? 0));
  samples.forEach((id, i) => {
    const dt = (i + 1 < times.length ? times[i + 1]! : profile.endTime) - times[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, dt));
  });

  /** The area, and for Node's internals the first area up the stack that is not Node's. */
  const areaOf = (id: number): [string, string | null] => {
    const { functionName, url } = byId.get(id)!.callFrame;
    if (V8_ENTRIES.has(functionName) && url === '') return [functionName, null];
    let own: string | null = null;
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const found = area(byId.get(cur)!.callFrame.url, treeUrl);
      if (!found) continue;
      if (own === null) own = found;
      if (own !== 'node: internals') return [own, null];
      if (found !== 'node: internals') return [own, found];
    }
    return [own ?? '(native, no caller with a URL)', own ? '(nothing outside Node)' : null];
  };

  const areas = new Map<string, number>();
  const nodeByCaller = new Map<string, number>();
  const functions = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  for (const [id, us] of selfUs) {
    const ms = us / 1000;
    const { functionName, url, lineNumber, columnNumber } = byId.get(id)!.callFrame;
    totalMs += ms;
    if (functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    const [a, caller] = areaOf(id);
    areas.set(a, (areas.get(a) ?? 0) + ms);
    if (caller) nodeByCaller.set(caller, (nodeByCaller.get(caller) ?? 0) + ms);
    const fn = url === '' ? functionName || '(anonymous)' : `${functionName || '(anonymous)'}  ${shortUrl(url, treeUrl)}:${line(url, treeUrl, lineNumber, columnNumber)}`;
    functions.set(fn, (functions.get(fn) ?? 0) + ms);
  }
  const busyMs = totalMs - idleMs;
  return {
    seconds: totalMs / 1000,
    samples: samples.length,
    intervalUs,
    busy: totalMs > 0 ? busyMs / totalMs : 0,
    areas: top(areas, busyMs, n),
    nodeByCaller: top(nodeByCaller, busyMs, 6),
    functions: top(functions, busyMs, n),
  };
}

/**
 * Starts sampling now; `stop()` ends it and summarises. BENCH_PROFILE_FILE
 * also keeps the whole profile there, to open in a browser's DevTools.
 */
export async function startProfile(tree: string, intervalUs = 200): Promise<{ stop(): Promise<ProfileSummary> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      await session.post('Profiler.disable');
      session.disconnect();
      const file = process.env.BENCH_PROFILE_FILE;
      if (file) await writeFile(file, JSON.stringify(profile));
      return summarise(profile, tree, intervalUs);
    },
  };
}

/** Hooks that profile the measured part of a run; `summary()` is null until it has ended. */
export function profiledRun(tree: string): { hooks: MeasuredHooks; summary(): ProfileSummary | null } {
  let running: Awaited<ReturnType<typeof startProfile>> | null = null;
  let summary: ProfileSummary | null = null;
  return {
    hooks: {
      before: async () => {
        running = await startProfile(tree);
      },
      after: async () => {
        summary = (await running?.stop()) ?? null;
      },
    },
    summary: () => summary,
  };
}

export function formatProfile(p: ProfileSummary, label: string): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);
  const list = (rows: ProfileShare[]) => rows.map((r) => `  ${pct(r.share)}  ${r.name}`).join('\n');
  return [
    `Main-thread CPU profile, ${label}: ${p.samples} samples every ~${p.intervalUs} µs over ${p.seconds.toFixed(1)} s; ` +
      `the thread was busy ${(p.busy * 100).toFixed(0)}% of it. Shares are of the busy time (self time; sampling adds some overhead to this run).`,
    'top areas (builtins and native calls count towards the area of the code that called them):',
    list(p.areas),
    "of which node: internals, by the first caller outside Node's own code (e.g. whose socket writes):",
    list(p.nodeByCaller),
    'top functions (self time; a function by where it starts):',
    list(p.functions),
  ].join('\n');
}

/**
 * `npm run bench:routing`: (1) decisions per second of the pure routing engine
 * on a generated directory of 200 offices, 2,000 officers and 1,000 rules; (2)
 * the intake rate of `bench:intake` with the engine in place, each run in a
 * fresh process, optionally interleaved with the same measurement of an
 * earlier checkout (BENCH_BASELINE). See bench/README.md, "Routing".
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildResult } from './intake-child.js';
import { CURRENT_TREE, intEnv, settingsFromEnv } from './intake-run.js';
import type { Measurement } from './load.js';
import { describeDecisions, measureDecisions } from './routing-decisions.js';
import { generateCases, generateDirectory, generateLoads } from './routing-directory.js';

const SEED = 20261128;
const SIZE = { offices: 200, officers: 2_000, rules: 1_000 };
const CASES = 10_000;
/** Intake at 50 connections as bench/README.md records it for the intake benchmark (5e55c6b), three runs. */
const RECORDED_INTAKE = { best: 159, runs: '134–159', nodeCpu: '5.7–6.6', pgCpu: '4.0–4.4', totalCpu: [9.7, 11.0] as const };
const ALLOWED_DROP = 0.1;

const decisionSeconds = intEnv('BENCH_DECISION_SECONDS', 6);
const rounds = intEnv('BENCH_ROUNDS', 3, 0);
const baseline = process.env.BENCH_BASELINE ? path.resolve(process.env.BENCH_BASELINE) : null;
const settings = settingsFromEnv(); // read here so a bad value fails before anything starts
const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '–');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

let child: ChildProcess | null = null;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // The child cleans up its own Postgres on SIGTERM; give it a bounded moment.
    child?.kill('SIGTERM');
    setTimeout(() => process.exit(130), child ? 10_000 : 0).unref();
    child?.once('exit', () => process.exit(130));
  });
}

function describeTree(root: string): string {
  try {
    const head = execFileSync('git', ['-C', root, 'log', '-1', '--format=%h %s'], { encoding: 'utf8', timeout: 5_000 }).trim();
    const dirty = execFileSync('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no', '--', 'src', 'emails', 'db'], { encoding: 'utf8', timeout: 5_000 }).trim();
    return `${head.length > 70 ? `${head.slice(0, 69)}…` : head}${dirty ? ' + uncommitted changes' : ''}`;
  } catch {
    return root;
  }
}

/** Runs bench/intake-child.ts for one tree; bounded, so a hung service cannot stall the benchmark. */
function runChild(tree: string, flags: string[]): Promise<ChildResult> {
  const budgetMs = (2 * (settings.warmupSeconds + settings.seconds) + 150) * 1000;
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ['--import', 'tsx', path.join(CURRENT_TREE, 'bench/intake-child.ts'), tree, ...flags], {
      cwd: tree,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child = c;
    let out = '';
    c.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
    const timer = setTimeout(() => {
      console.error(`\nchild for ${tree} took longer than ${budgetMs / 1000} s; stopping it`);
      c.kill('SIGTERM');
      setTimeout(() => c.kill('SIGKILL'), 15_000).unref();
    }, budgetMs);
    c.on('error', reject);
    c.on('exit', (code) => {
      clearTimeout(timer);
      child = null;
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice('RESULT '.length)) as ChildResult);
      else reject(new Error(`intake child for ${tree} exited with ${code}`));
    });
  });
}

const cpuTotal = (m: Measurement) => (m.cpuPerOp ? m.cpuPerOp.node + m.cpuPerOp.postgres : NaN);
const run = (m: Measurement) => `${fmt(m.rate)}/s (${fmt(m.p50)}/${fmt(m.p99)} ms)`;

interface Row {
  round: number;
  name: 'after' | 'before';
  r: ChildResult;
}

function table(rows: Row[]): string {
  const head = ['round', 'tree', 'load avg', '1 conn/s (p50/p99)', `${settings.connections} conn/s (p50/p99)`, 'cpu ms/inq node', 'postgres', 'total', 'emails/inq', 'failures'];
  const body = rows.map(({ round, name, r }) => [
    String(round),
    name,
    fmt(r.loadBefore, 1),
    run(r.single),
    run(r.intake),
    fmt(r.intake.cpuPerOp?.node ?? NaN, 2),
    fmt(r.intake.cpuPerOp?.postgres ?? NaN, 2),
    fmt(cpuTotal(r.intake), 2),
    fmt(r.counts.emails / Math.max(r.counts.inquiries, 1), 2),
    String(r.single.failures + r.intake.failures),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  return [head, ...body].map((cells) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('   ')).join('\n');
}

async function main(): Promise<number> {
  let failed = false;
  const cpus = os.cpus();
  console.log(`Pressdesk routing benchmark, ${new Date().toISOString()}`);
  console.log(`machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  console.log(`load average before the run: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (1, 5, 15 min)`);

  console.log(`\n1. Decisions: route() in this process, ${decisionSeconds} s after a warm-up pass that checks every decision (seed ${SEED})`);
  const t0 = performance.now();
  const directory = generateDirectory(SEED, SIZE);
  const cases = generateCases(SEED + 1, directory, CASES);
  const options = { deadlineMarginMinutes: 60, loads: generateLoads(SEED + 2, directory) };
  console.log(`generated in ${fmt(performance.now() - t0)} ms`);
  const large = measureDecisions('large directory (generated)', directory, cases, options, { seconds: decisionSeconds, batch: 50 });
  console.log(describeDecisions(large));
  if (large.failures.length) failed = true;

  if (rounds === 0) return failed ? 1 : 0;
  if (baseline && !existsSync(path.join(baseline, 'src/runtime.ts'))) throw new Error(`BENCH_BASELINE=${baseline} is not a Pressdesk checkout`);
  if (baseline && !existsSync(path.join(baseline, 'node_modules'))) throw new Error(`BENCH_BASELINE=${baseline} has no node_modules (symlink this checkout's)`);
  console.log(`\n2. Intake with the engine, as bench:intake measures it: ${settings.seconds} s per run after ${settings.warmupSeconds} s warm-up, each tree in a fresh process and Postgres`);
  console.log(`after:  ${CURRENT_TREE} (${describeTree(CURRENT_TREE)})`);
  console.log(`before: ${baseline ? `${baseline} (${describeTree(baseline)})` : 'not measured (set BENCH_BASELINE to an earlier checkout)'}`);

  const rows: Row[] = [];
  for (let round = 1; round <= rounds; round++) {
    // Alternate the order, so a drift in the machine's load does not favour one tree.
    const order: Row['name'][] = baseline ? (round % 2 ? ['after', 'before'] : ['before', 'after']) : ['after'];
    for (const name of order) {
      process.stdout.write(`round ${round}/${rounds}, ${name} … `);
      const flags = name === 'after' && round === 1 ? ['--demo-decisions'] : [];
      const r = await runChild(name === 'after' ? CURRENT_TREE : baseline!, flags);
      rows.push({ round, name, r });
      console.log(`${fmt(r.intake.rate)} inquiries/s, ${fmt(cpuTotal(r.intake), 2)} ms CPU per inquiry`);
      if (r.single.failures + r.intake.failures > 0) failed = true;
      if (r.demoDecisions) {
        console.log(describeDecisions(r.demoDecisions).replace(/^/gm, '  '));
        if (r.demoDecisions.failures.length) failed = true;
      }
    }
  }

  console.log(`\n${table(rows)}\n`);
  const of = (name: Row['name']) => rows.filter((x) => x.name === name).map((x) => x.r.intake);
  const summary = (name: Row['name']) => {
    const ms = of(name);
    const rates = ms.map((m) => m.rate);
    return { rate: median(rates), min: Math.min(...rates), max: Math.max(...rates), cpu: median(ms.map(cpuTotal)), node: median(ms.map((m) => m.cpuPerOp?.node ?? NaN)), pg: median(ms.map((m) => m.cpuPerOp?.postgres ?? NaN)) };
  };
  const after = summary('after');
  console.log(`after:  median ${fmt(after.rate)} inquiries/s (${fmt(after.min)}–${fmt(after.max)}), CPU per inquiry ${fmt(after.cpu, 2)} ms (node ${fmt(after.node, 2)}, postgres ${fmt(after.pg, 2)})`);
  if (baseline) {
    const before = summary('before');
    console.log(`before: median ${fmt(before.rate)} inquiries/s (${fmt(before.min)}–${fmt(before.max)}), CPU per inquiry ${fmt(before.cpu, 2)} ms (node ${fmt(before.node, 2)}, postgres ${fmt(before.pg, 2)})`);
    const rateRatio = after.rate / before.rate;
    const cpuRatio = before.cpu / after.cpu; // inquiries per CPU-second, after relative to before
    console.log(`after / before: rate ${fmt(rateRatio, 2)}, inquiries per CPU-second ${fmt(cpuRatio, 2)}   (allowed: ≥ ${1 - ALLOWED_DROP}) → ${Math.min(rateRatio, cpuRatio) >= 1 - ALLOWED_DROP ? 'within 10%' : 'FELL by more than 10%'}`);
  }
  console.log(
    `recorded by the intake benchmark (5e55c6b) in bench/README.md (50 conn.): ${RECORDED_INTAKE.runs}/s, best ${RECORDED_INTAKE.best}; CPU per inquiry node ${RECORDED_INTAKE.nodeCpu} + postgres ${RECORDED_INTAKE.pgCpu} ms. ` +
      `after / best: ${fmt(after.rate / RECORDED_INTAKE.best, 2)}; after CPU ${fmt(after.cpu, 2)} ms vs ${RECORDED_INTAKE.totalCpu.join('–')} ms`,
  );
  if (!baseline) console.log('(recorded figures come from another day and load: set BENCH_BASELINE for a before/after measured in the same run)');
  console.log('targets are reported, not enforced: the exit code is 1 only for failed requests, a failed child or an insane decision');
  return failed ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  console.error(err);
}
process.exit(code);

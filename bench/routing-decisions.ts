/**
 * Times `route()` on a directory: decisions per second, mean and tail per
 * decision, heap, and what the decisions were, each checked so a broken
 * engine cannot post a good number.
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { route } from '../src/modules/routing/engine.js';
import type { Directory, RoutingDecision, RoutingOptions } from '../src/modules/routing/routing.types.js';
import type { DecisionCase } from './routing-directory.js';

// A collected heap makes "before" and "after" comparable; tsx gives no way to
// pass --expose-gc, so the flag is set at run time and gc taken from a fresh context.
v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMiB = () => process.memoryUsage().heapUsed / 2 ** 20;

export interface DecisionStats {
  label: string;
  size: { offices: number; officers: number; rules: number; cases: number };
  decisions: number;
  seconds: number;
  perSecond: number;
  meanUs: number;
  /** From the interleaved batches that time every decision on its own. */
  p50Us: number;
  p99Us: number;
  maxUs: number;
  timerNs: number;
  heapMiB: { before: number; afterRun: number; afterGc: number };
  /** Shares of the checked decisions, so a constant answer would show. */
  mix: Record<string, number>;
  offices: number;
  checked: number;
  failures: string[];
}

export interface DecisionSettings {
  seconds: number;
    batch: number;
}

/** What must hold for every decision, whatever the input. */
function check(d: RoutingDecision, c: DecisionCase, now: number, directory: Directory, options: RoutingOptions): string | null {
  const office = directory.offices.find((o) => o.code === d.officeCode);
  if (!office) return `unknown office ${d.officeCode}`;
  if (!office.active) return `inactive office ${d.officeCode}`;
  if (d.contactId !== null) {
    const officer = directory.officers.find((o) => o.id === d.contactId);
    if (!officer?.active) return `unknown or inactive officer ${d.contactId}`;
    if (!officer.memberships.some((m) => m.officeCode === d.officeCode)) return `officer ${officer.name} is not a member of ${d.officeCode}`;
  }
  const due = d.dueAt.getTime();
  if (!Number.isFinite(due) || due < now) return `due time ${d.dueAt.toISOString()} before now`;
  const deadline = c.inquiry.deadline?.getTime();
  if (deadline !== undefined && due > Math.max(now, deadline - options.deadlineMarginMinutes * 60_000)) return 'due after the deadline less the margin';
  if (d.priority !== 'normal' && d.priority !== 'urgent') return `priority ${String(d.priority)}`;
  if (d.reasons.length === 0 || d.reasons.some((x) => typeof x !== 'string' || x === '')) return 'no reasons';
  return null;
}

const MIX: [string, (d: RoutingDecision) => boolean][] = [
  ['with an officer', (d) => d.contactId !== null],
  ['urgent', (d) => d.priority === 'urgent'],
  ['article contact named', (d) => d.reasons.some((x) => x.startsWith('article lists ') && !x.startsWith('article lists no '))],
  ['decided by a rule', (d) => d.reasons.some((x) => x.startsWith('rule ') && x.includes(' → ') && !x.includes(' skipped: '))],
  ['follow the sun', (d) => d.reasons.some((x) => x.includes('follow the sun'))],
  ['duty officer', (d) => d.reasons.some((x) => x.startsWith('duty officer '))],
  ['country covered by no office', (d) => d.reasons.some((x) => x.includes('is covered by no office'))],
  ['past an inactive office', (d) => d.reasons.some((x) => /^\S+ is inactive → /.test(x))],
];

function percentile(sorted: Float64Array, p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! : NaN;
}

export function measureDecisions(label: string, directory: Directory, cases: DecisionCase[], options: RoutingOptions, s: DecisionSettings): DecisionStats {
  const failures: string[] = [];
  const fail = (c: DecisionCase, why: string) => {
    if (failures.length < 10) failures.push(`${c.inquiry.country}/${c.inquiry.language} at ${new Date(c.now).toISOString()}: ${why}`);
    else if (failures.length === 10) failures.push('…');
  };
  // Every pass shifts the clocks by 1 ms, so no decision ever sees the same `now`
  // twice: the engine's per-instant memo then helps no more than in production.
  let shift = 0;
  const decide = (c: DecisionCase): RoutingDecision | null => {
    try {
      return route(c.inquiry, directory, new Date(c.now + shift), options);
    } catch (err) {
      fail(c, `threw ${(err as Error).message}`);
      return null;
    }
  };

  gc();
  const heapBefore = heapMiB();

  // Warm-up that checks every case once, and counts what the decisions were.
  const counts = new Map<string, number>();
  const officesUsed = new Set<string>();
  for (const c of cases) {
    const d = decide(c);
    if (!d) continue;
    const why = check(d, c, c.now + shift, directory, options);
    if (why) fail(c, why);
    officesUsed.add(d.officeCode);
    for (const [name, test] of MIX) if (test(d)) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  // Deterministic: the same inputs twice give the same decision.
  for (let i = 0; i < cases.length; i += 50) {
    const a = decide(cases[i]!);
    const b = decide(cases[i]!);
    if (JSON.stringify(a) !== JSON.stringify(b)) fail(cases[i]!, 'not deterministic');
  }
  shift = 1; // the timed passes start on clocks the checks above did not use

  // Batches alternate: one timed as a whole (throughput, mean), the next with
  // every decision timed on its own (tails). Interleaved, so both see the same
  // machine; the last decision of each batch is checked outside the clock.
  let sink = 0;
  let busy = 0;
  let decisions = 0;
  let checked = cases.length;
  const samples: number[] = [];
  let i = 0;
  const next = () => {
    const c = cases[i]!;
    const now = c.now + shift;
    if (++i === cases.length) {
      i = 0;
      shift++;
    }
    return { c, now };
  };
  const end = performance.now() + s.seconds * 1000;
  for (let whole = true; performance.now() < end; whole = !whole) {
    let last: RoutingDecision | null = null;
    let lastCase = cases[0]!;
    let lastNow = 0;
    const t0 = performance.now();
    for (let n = 0; n < s.batch; n++) {
      const { c, now } = next();
      const t1 = whole ? 0 : performance.now();
      last = route(c.inquiry, directory, new Date(now), options);
      if (!whole) samples.push(performance.now() - t1);
      sink ^= last.dueAt.getTime() & 0xff;
      lastCase = c;
      lastNow = now;
    }
    if (whole) {
      busy += performance.now() - t0;
      decisions += s.batch;
    }
    const why = last && check(last, lastCase, lastNow, directory, options);
    if (why) fail(lastCase, why);
    checked++;
  }
  const heapAfterRun = heapMiB();

  const t0 = performance.now();
  for (let n = 0; n < 100_000; n++) performance.now();
  const timer = ((performance.now() - t0) / 100_000) * 1e6;

  gc();
  const sorted = Float64Array.from(samples).sort();
  if (sink === -1) console.log(''); // keeps the results observable to the optimiser
  return {
    label,
    size: { offices: directory.offices.length, officers: directory.officers.length, rules: directory.rules.length, cases: cases.length },
    decisions,
    seconds: busy / 1000,
    perSecond: decisions / (busy / 1000),
    meanUs: (busy * 1000) / decisions,
    p50Us: percentile(sorted, 0.5) * 1000,
    p99Us: percentile(sorted, 0.99) * 1000,
    maxUs: sorted.length ? sorted[sorted.length - 1]! * 1000 : NaN,
    timerNs: timer,
    heapMiB: { before: heapBefore, afterRun: heapAfterRun, afterGc: heapMiB() },
    mix: Object.fromEntries(MIX.map(([name]) => [name, (counts.get(name) ?? 0) / cases.length])),
    offices: officesUsed.size,
    checked,
    failures,
  };
}

const f = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '–');

export function describeDecisions(s: DecisionStats): string {
  const lines = [
    `${s.label}: ${s.size.offices} offices, ${s.size.officers} officers, ${s.size.rules} rules; ${s.size.cases} inquiries × clocks`,
    `  ${f(s.perSecond)} decisions/s (${s.decisions} decisions in ${f(s.seconds, 1)} s, in batches timed whole); mean ${f(s.meanUs, 1)} µs per decision`,
    `  per decision, timed one by one in the batches between: p50 ${f(s.p50Us, 1)} µs, p99 ${f(s.p99Us, 1)} µs, max ${f(s.maxUs / 1000, 1)} ms (timer ${f(s.timerNs)} ns)`,
    `  heap used: ${f(s.heapMiB.before, 1)} MiB before, ${f(s.heapMiB.afterRun, 1)} MiB after the run, ${f(s.heapMiB.afterGc, 1)} MiB after gc`,
    `  decisions: ${s.offices} distinct offices; ` + Object.entries(s.mix).map(([k, v]) => `${k} ${f(v * 100)}%`).join(', '),
    `  checked ${s.checked} decisions: ${s.failures.length ? `${s.failures.length} FAILED` : 'all sane'} (office exists and is active, officer an active member, due time between now and the deadline, reasons given, deterministic)`,
  ];
  for (const x of s.failures) lines.push(`    ${x}`);
  return lines.join('\n');
}

/**
 * One intake measurement in a fresh process, for `bench:routing`'s
 * before/after: `tsx bench/intake-child.ts <tree> [--demo-decisions]` starts
 * the service from `<tree>/src` (this checkout or an earlier one), runs
 * intake with 1 and with BENCH_CONNECTIONS clients, and prints one line
 * `RESULT {json}` on stdout. The load generator and meters are this
 * checkout's, so both trees are measured the same way.
 */
import { sql } from 'kysely';
import { benchService, CURRENT_TREE, importTree, intEnv, measureIntake, settingsFromEnv, type Counts } from './intake-run.js';
import type { Measurement } from './load.js';
import type { DecisionStats } from './routing-decisions.js';

export interface ChildResult {
  tree: string;
  postgres: string;
  loadBefore: number;
  single: Measurement;
  intake: Measurement;
  counts: Counts;
  demoDecisions: DecisionStats | null;
}

const [tree = CURRENT_TREE, ...flags] = process.argv.slice(2);
const settings = settingsFromEnv();
const service = benchService(await importTree(tree));

// Ctrl-C reaches Postgres too (same process group): it drops every connection,
// and pg raises those drops as 'error' events on clients nobody listens to, which
// would kill this process before it cleaned up. After a signal they are expected.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopping = true;
    void service.cleanup().finally(() => process.exit(130));
  });
}
process.on('uncaughtException', (err) => {
  if (stopping) return;
  console.error(err);
  stopping = true;
  void service.cleanup().finally(() => process.exit(1));
});

/** The seeded demo directory, as the running service loads it, timed like the large one. */
async function demoDecisions(svc: Awaited<ReturnType<typeof service.start>>): Promise<DecisionStats> {
  const { loadRoutingDirectory } = await import('../src/modules/routing/directory.repository.js');
  const { generateCases, generateLoads } = await import('./routing-directory.js');
  const { measureDecisions } = await import('./routing-decisions.js');
  const directory = await loadRoutingDirectory(svc.running.deps.db);
  const cases = generateCases(29, directory, 10_000);
  const options = { deadlineMarginMinutes: svc.config.DEADLINE_MARGIN_MINUTES, loads: generateLoads(31, directory) };
  return measureDecisions('demo directory (seeded)', directory, cases, options, { seconds: intEnv('BENCH_DECISION_SECONDS', 6), batch: 200 });
}

async function main(): Promise<ChildResult> {
  const svc = await service.start();
  const { rows } = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(svc.running.deps.db);
  const demo = flags.includes('--demo-decisions') ? await demoDecisions(svc) : null;
  const loadBefore = (await import('node:os')).loadavg()[0]!;
  const single = await measureIntake(svc, 'intake, 1 connection', { ...settings, connections: 1 });
  const intake = await measureIntake(svc, `intake, ${settings.connections} conn.`, settings);
  return { tree, postgres: rows[0]!.v, loadBefore, single, intake, counts: await svc.counts(), demoDecisions: demo };
}

let code = 1;
try {
  const result = await main();
  console.log(`RESULT ${JSON.stringify(result)}`);
  code = 0;
} catch (err) {
  if (!stopping) console.error(err);
} finally {
  await service.cleanup();
}
process.exit(code);

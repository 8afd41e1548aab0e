/**
 * `npm run bench:faults`: the fault drill (bench/faults-run.ts) at full size on
 * an embedded Postgres of its own, loopback only, bounded in count and time.
 * Prints accepted, stored, acknowledged, duplicates, lost and stuck jobs, and
 * exits 1 unless nothing was lost and nothing was sent twice.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../src/lib/embedded-postgres.js';
import { runFaultDrill } from './faults-run.js';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pressdesk-bench-faults-'));
chmodSync(dataDir, 0o755); // as root, Postgres runs as the postgres user and must traverse it
const database = await startEmbeddedPostgres({ dataDir, persistent: false });
let failed = true;
try {
  console.log(`Pressdesk fault drill, ${new Date().toISOString()}`);
  console.log(`machine: ${os.cpus().length} cores, Node ${process.version}; load average before: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const report = await runFaultDrill({
    databaseUrl: database.url,
    inquiries: num('BENCH_FAULTS_INQUIRIES', 1_000),
    clients: num('BENCH_FAULTS_CLIENTS', 20),
    smtpDownMs: num('BENCH_FAULTS_SMTP_DOWN_MS', 10_000),
    settleMs: num('BENCH_FAULTS_SETTLE_MS', 180_000),
    log: (line) => console.log(`  ${line}`),
  });
  console.log(`faults: ${report.faults.join('; ')}`);
  console.log(
    [
      `accepted ${report.accepted}`,
      `stored ${report.stored}`,
      `acknowledgements delivered ${report.acknowledged}`,
      `duplicates ${report.duplicateInquiries + report.duplicateAcknowledgements}`,
      `lost ${report.lost}`,
      `stuck jobs ${report.stuckJobs}`,
    ].join(', '),
  );
  console.log(`(same acknowledgement handed to SMTP again after the crash, same Message-ID: ${report.redelivered}; client retries: ${report.retries}; ${report.seconds.toFixed(0)} s)`);
  failed = report.lost > 0 || report.duplicateInquiries > 0 || report.duplicateAcknowledgements > 0;
} finally {
  await database.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

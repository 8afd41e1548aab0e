import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFaultDrill, type DrillReport } from '../../bench/faults-run.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { stopAllChildren } from './child-process.js';

// The fault drill of `npm run bench:faults`, shorter: two web processes and two
// workers on one Postgres take inquiries while a worker is SIGKILLed and
// restarted, SMTP answers 451, every connection is terminated and one web
// process is stopped; clients retry on the other with the same Idempotency-Key.

let tdb: TestDatabase;
let report: DrillReport;

beforeAll(async () => {
  tdb = await createTestDatabase();
  report = await runFaultDrill({
    databaseUrl: tdb.url,
    inquiries: 150,
    clients: 8,
    smtpDownMs: 3_000,
    settleMs: 60_000,
    // The SIGKILLed worker's jobs are unlocked after 2 s without a heartbeat, not 30.
    heartbeatMs: 300,
    staleAfterMs: 2_000,
    log: (line) => console.log(line),
  });
}, 180_000);

afterAll(async () => {
  await stopAllChildren();
  await tdb?.drop();
}, 30_000);

describe('inquiries taken through a killed worker, a failing relay, dropped connections and a stopped web process', () => {
  it('every fault happened', () => {
    expect(report.faults).toEqual(
      expect.arrayContaining(['worker SIGKILLed', 'worker restarted', 'web process SIGTERMed', expect.stringMatching(/^SMTP answering 451/)]),
    );
    expect(report.faults.find((f) => f.startsWith('web process exited'))).toBe('web process exited {"code":0,"signal":null}');
    expect(report.faults.find((f) => f.endsWith('Postgres connections terminated'))).toMatch(/^[1-9]\d* Postgres/);
    // Requests that met a stopping process or a dropped connection were sent again.
    expect(report.retries).toBeGreaterThan(0);
  });

  it('every inquiry was accepted once and stored once', () => {
    expect(report.accepted).toBeGreaterThanOrEqual(150);
    expect(report.stored).toBe(report.accepted);
    expect(report.duplicateInquiries).toBe(0);
  });

  it('every reporter got exactly one acknowledgement, and nothing is left queued or locked', () => {
    expect({ acknowledged: report.acknowledged, lost: report.lost, duplicates: report.duplicateAcknowledgements, stuck: report.stuckJobs }).toEqual({
      acknowledged: report.accepted,
      lost: 0,
      duplicates: 0,
      stuck: 0,
    });
  });
});

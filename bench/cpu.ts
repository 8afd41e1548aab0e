import { readdirSync, readFileSync } from 'node:fs';

/** CPU time (ms) spent during a run: this Node process and the Postgres cluster. */
export interface CpuSpent {
  node: number;
  postgres: number;
  /**
   * The calling thread alone, when metered from the thread that serves HTTP:
   * the web's event loop without the worker thread, the load generator's
   * thread or the relay's (all in `node`).
   */
  mainThread?: number;
}

export type CpuMeter = () => () => CpuSpent;

const TICK_MS = 10; // Linux USER_HZ is 100 (getconf CLK_TCK)

function stat(pid: string): string[] | null {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)"; comm may contain spaces or parentheses.
    return raw.slice(raw.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/**
 * The postmaster's own time, what it has reaped from exited children, and
 * its live children (backends, WAL writer, checkpointer…). Throughput under
 * noise varies; CPU per operation is steadier and says where the work is.
 */
function postgresTicks(postmasterPid: number): number {
  const own = stat(String(postmasterPid));
  if (!own) return 0;
  // utime, stime, cutime, cstime are fields 14–17; index 0 here is field 3.
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const s = stat(pid);
    if (s && Number(s[1]) === postmasterPid) ticks += Number(s[11]) + Number(s[12]);
  }
  return ticks;
}

/** User + system ticks of the calling thread (Node 20 has no process.threadCpuUsage()). */
function threadTicks(): number {
  const s = stat('thread-self');
  return s ? Number(s[11]) + Number(s[12]) : 0;
}

/** Returns a meter: call it to start, call what it returns to stop and read (from the same thread). */
export function cpuMeter(postmasterPid: number | null): CpuMeter {
  return () => {
    const node0 = process.cpuUsage();
    const thread0 = threadTicks();
    const pg0 = postmasterPid ? postgresTicks(postmasterPid) : 0;
    return () => {
      const node = process.cpuUsage(node0);
      const thread1 = threadTicks();
      const pg1 = postmasterPid ? postgresTicks(postmasterPid) : 0;
      return { node: (node.user + node.system) / 1000, postgres: (pg1 - pg0) * TICK_MS, mainThread: (thread1 - thread0) * TICK_MS };
    };
  };
}

/** The postmaster pid from the cluster's postmaster.pid, or null when unreadable (e.g. not Linux). */
export function postmasterPid(clusterDir: string): number | null {
  try {
    const pid = Number(readFileSync(`${clusterDir}/postmaster.pid`, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 && stat(String(pid)) ? pid : null;
  } catch {
    return null;
  }
}

/** The parent of `pid` (e.g. the postmaster of a backend), or null. */
export function parentPid(pid: number): number | null {
  const s = stat(String(pid));
  return s ? Number(s[1]) : null;
}

/**
 * A meter for another process (a benchmark's server in its own process): its
 * user + system time, all threads, from /proc — and the Postgres cluster's.
 */
export function processMeter(pid: number, postmasterPid: number | null): CpuMeter {
  const ticks = () => {
    const s = stat(String(pid));
    return s ? Number(s[11]) + Number(s[12]) : 0;
  };
  return () => {
    const node0 = ticks();
    const pg0 = postmasterPid ? postgresTicks(postmasterPid) : 0;
    return () => ({ node: (ticks() - node0) * TICK_MS, postgres: ((postmasterPid ? postgresTicks(postmasterPid) : 0) - pg0) * TICK_MS });
  };
}

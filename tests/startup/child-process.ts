import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: children run from there, as `npm start` would. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Child {
  proc: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<Exit>;
  /** Resolves with the match once stdout matches; fails if the child exits first or time runs out. */
  waitForStdout(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Waits for the child to exit by itself (or fails after timeoutMs). */
  waitForExit(timeoutMs?: number): Promise<Exit>;
  /** Sends the signal and waits for the exit (or fails after timeoutMs). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<Exit>;
}

const live = new Set<Child>();

/**
 * A clean environment, as a new user's shell would have: nothing of the test
 * run's own (NODE_ENV=test, DATABASE_URL, TEST_DATABASE_URL) leaks in.
 */
export function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'LANG']) if (process.env[k]) env[k] = process.env[k]!;
  // Servers started side by side (here and in other test files) would all ask for the reply listener's 2525.
  return { ...env, INBOUND_SMTP_PORT: '0', ...extra };
}

/** Runs `node --import tsx <script>` with a hard timeout after which it is killed. */
export function runTs(script: string, env: Record<string, string>, hardTimeoutMs = 45_000): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  proc.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<Exit>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  const hard = setTimeout(() => proc.kill('SIGKILL'), hardTimeoutMs);
  hard.unref();
  const child: Child = {
    proc,
    stdout: () => out,
    stderr: () => err,
    exited,
    async waitForStdout(re, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      let done = false;
      void exited.then(() => (done = true));
      for (;;) {
        const m = out.match(re);
        if (m) return m;
        if (done) throw new Error(`${script} exited before printing ${re}\nstdout:\n${out}\nstderr:\n${err}`);
        if (Date.now() > until) throw new Error(`${script} did not print ${re} in ${timeoutMs} ms\nstdout:\n${out}\nstderr:\n${err}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop(signal = 'SIGTERM', timeoutMs = 20_000) {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return child.waitForExit(timeoutMs);
    },
    async waitForExit(timeoutMs = 20_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${script} did not exit within ${timeoutMs} ms\nstdout:\n${out}\nstderr:\n${err}`)), timeoutMs);
      });
      try {
        return await Promise.race([exited, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
  live.add(child);
  void exited.then(() => {
    clearTimeout(hard);
    live.delete(child);
  });
  return child;
}

/** For afterAll: TERM every child still running, then KILL what is left. */
export async function stopAllChildren(): Promise<void> {
  await Promise.all(
    [...live].map(async (c) => {
      await c.stop('SIGTERM', 10_000).catch(() => c.stop('SIGKILL', 5_000).catch(() => {}));
    }),
  );
}

/** The pid in `<dataDir>/postgres/postmaster.pid`, or null when there is no such file. */
export function postmasterPid(dataDir: string): number | null {
  const file = path.join(dataDir, 'postgres', 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** Pids of `postgres -D <dataDir>/postgres` processes (the postmaster; its backends are `postgres: …`). */
export function postgresProcessesFor(dataDir: string): number[] {
  const clusterDir = path.join(dataDir, 'postgres');
  const ps = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return ps
    .split('\n')
    .filter((l) => l.includes('postgres') && l.includes(`-D ${clusterDir} `))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Safety net for afterAll: a server killed hard leaves its embedded Postgres
 * running; stop that one (it is ours: it serves our temporary folder).
 */
export async function stopLeftoverPostgres(dataDir: string): Promise<void> {
  for (const pid of postgresProcessesFor(dataDir)) {
    try {
      process.kill(pid, 'SIGINT'); // "fast" shutdown
    } catch {
      continue;
    }
    const until = Date.now() + 10_000;
    while (isAlive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
}

/** Polls fn until ok(value) or the time is up, then returns the last value (the caller asserts on it). */
export async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 8_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread on a module of this code base. Run through tsx, the module
 * is TypeScript, and Node 20 gives a thread none of the parent's loader hooks:
 * the thread registers tsx itself before it imports the module.
 */
export function startTypeScriptThread(module: URL, options: WorkerOptions = {}): Worker {
  if (!module.pathname.endsWith('.ts')) return new Worker(module, options);
  const boot = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(module.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), options);
}

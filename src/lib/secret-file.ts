import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The secret kept in `file` (trimmed), or null when there is none yet. */
export function readSecret(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim() || null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * A per-install secret kept in a file only its owner reads (mode 0600): read
 * when it exists, else made once. `wx` so two processes starting together
 * agree on one value instead of overwriting each other's.
 */
export function readOrCreateSecret(file: string, make: () => string): string {
  const existing = readSecret(file);
  if (existing) return existing;
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    writeFileSync(file, `${make()}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const kept = readSecret(file);
  if (kept) return kept;
  // An empty file (a crash between create and write): make it now.
  writeFileSync(file, `${make()}\n`, { mode: 0o600 });
  return readSecret(file)!;
}

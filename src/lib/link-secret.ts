import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { randomToken } from './tokens.js';

function readSecret(file: string): string {
  return readFileSync(file, 'utf8').trim();
}

/**
 * LINK_SECRET when the operator sets one; otherwise one generated once and kept
 * in DATA_DIR/link-secret (mode 0600), never in the database, so a dump holds no
 * usable link. Processes on one machine share the file (created atomically:
 * written aside, then hard-linked into place, so a racing process reads a whole
 * secret); processes on several machines must all set LINK_SECRET.
 */
export function withLinkSecret<C extends Pick<Config, 'LINK_SECRET' | 'DATA_DIR'>>(config: C): Omit<C, 'LINK_SECRET'> & { LINK_SECRET: string } {
  if (config.LINK_SECRET) return { ...config, LINK_SECRET: config.LINK_SECRET };
  const dir = path.resolve(config.DATA_DIR);
  const file = path.join(dir, 'link-secret');
  mkdirSync(dir, { recursive: true });
  try {
    const existing = readSecret(file);
    if (existing.length >= 32) return { ...config, LINK_SECRET: existing };
    throw new Error(`${file} holds no usable secret (at least 32 characters): remove it or set LINK_SECRET`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const aside = `${file}.${process.pid}.${randomToken(6)}`;
  writeFileSync(aside, `${randomToken()}\n`, { mode: 0o600 });
  try {
    linkSync(aside, file);
  } catch (err) {
    // Another process made it first: use theirs.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(aside);
  }
  return { ...config, LINK_SECRET: readSecret(file) };
}

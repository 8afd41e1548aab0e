import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: unguessable links (status pages, reply addresses). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

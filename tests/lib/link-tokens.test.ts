import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withLinkSecret } from '../../src/lib/link-secret.js';
import {
  hashToken,
  inquiryLinks,
  maskPrivateLinks,
  MASKED_REPLY_ADDRESS,
  MASKED_STATUS_LINK,
  MASKED_UNSUBSCRIBE_LINK,
  newLinkNonce,
} from '../../src/lib/link-tokens.js';
import { sha256 } from '../../src/lib/tokens.js';

const SECRET = 'x'.repeat(32);
const ID = '0b6b3c52-7f7e-4f0e-9d0a-2f4a7c3e9b11';

describe('derived links', () => {
  it('the same secret, inquiry and nonce give the same 43-character tokens; each purpose its own', () => {
    const nonce = newLinkNonce();
    const a = inquiryLinks(SECRET, { id: ID, link_nonce: nonce });
    expect(inquiryLinks(SECRET, { id: ID, link_nonce: nonce })).toEqual(a);
    for (const token of Object.values(a)) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(Object.values(a)).size).toBe(3);
    expect(hashToken(a.statusToken)).toBe(sha256(a.statusToken));
  });

  it('nonces are 22 URL-safe characters, none repeated over many draws (more than one refill of the random pool)', () => {
    const nonces = Array.from({ length: 20_000 }, () => newLinkNonce());
    for (const n of nonces.slice(0, 200)) expect(n).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set(nonces).size).toBe(nonces.length);
  });

  it('another nonce, another inquiry or another secret gives unrelated tokens', () => {
    const nonce = newLinkNonce();
    const a = inquiryLinks(SECRET, { id: ID, link_nonce: nonce }).statusToken;
    expect(inquiryLinks(SECRET, { id: ID, link_nonce: newLinkNonce() }).statusToken).not.toBe(a);
    expect(inquiryLinks(SECRET, { id: ID.replace('0b6b', '0b6c'), link_nonce: nonce }).statusToken).not.toBe(a);
    expect(inquiryLinks('y'.repeat(32), { id: ID, link_nonce: nonce }).statusToken).not.toBe(a);
  });
});

describe('masking for staff and for delivered copies', () => {
  const token = 'AbC_def-0123456789abcdefghijklmnopqrstuvwxy';

  it('masks status links (full URL, in an href, bare path), reply+ addresses and unsubscribe links, and leaves other links alone', () => {
    const text = [
      `Follow it here: https://press.example.org/inquiries/status/${token}`,
      `<a href="http://localhost:3000/inquiries/status/${token}">open</a>`,
      `path /inquiries/status/${token}?lang=ms`,
      `Reply to reply+${token}@pressdesk.test or mailto:reply+${token}@pressdesk.test`,
      `List-Unsubscribe: <https://press.example.org/share/unsubscribe/${token}>`,
      'The release: https://press.example.org/news/measles and the desk: https://press.example.org/desk/inquiries/1',
    ].join('\n');
    const masked = maskPrivateLinks(text);
    expect(masked).not.toContain(token);
    expect(masked).toContain(`Follow it here: ${MASKED_STATUS_LINK}`);
    expect(masked).toContain(`<a href="${MASKED_STATUS_LINK}">open</a>`);
    expect(masked).toContain(`path ${MASKED_STATUS_LINK}?lang=ms`);
    expect(masked).toContain(`Reply to ${MASKED_REPLY_ADDRESS} or ${MASKED_REPLY_ADDRESS}`);
    expect(masked).toContain(`<${MASKED_UNSUBSCRIBE_LINK}>`);
    expect(masked).toContain('https://press.example.org/news/measles and the desk: https://press.example.org/desk/inquiries/1');
  });

  it('text without private links is unchanged; a long line is handled in linear time', () => {
    expect(maskPrivateLinks('Nothing private here, write to media@example.org.')).toBe('Nothing private here, write to media@example.org.');
    const long = `http://${'a'.repeat(200_000)} reply+${'b'.repeat(200_000)}`;
    const started = performance.now();
    maskPrivateLinks(long);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('LINK_SECRET', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('set: used as given, and no file is written', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pd-link-'));
    expect(withLinkSecret({ LINK_SECRET: SECRET, DATA_DIR: dir }).LINK_SECRET).toBe(SECRET);
    expect(() => statSync(path.join(dir, 'link-secret'))).toThrow();
  });

  it('unset: generated once into DATA_DIR/link-secret (mode 0600, a folder made if needed), then the same one every start', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pd-link-'));
    const dataDir = path.join(dir, 'data');
    const first = withLinkSecret({ LINK_SECRET: undefined, DATA_DIR: dataDir }).LINK_SECRET!;
    expect(first.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dataDir, 'link-secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(withLinkSecret({ LINK_SECRET: undefined, DATA_DIR: dataDir }).LINK_SECRET).toBe(first);
  });

  it('a file too short to be a secret is refused with a message that says what to do', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pd-link-'));
    writeFileSync(path.join(dir, 'link-secret'), 'short\n');
    expect(() => withLinkSecret({ LINK_SECRET: undefined, DATA_DIR: dir })).toThrow(/remove it or set LINK_SECRET/);
  });
});

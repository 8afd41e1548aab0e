import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { LANGUAGES, messagesFor } from '../../lib/languages.js';
import { shareMessages } from '../../web/messages/share.js';

/**
 * The ALTCHA widget, self-hosted from node_modules (no CDN). Its "external"
 * build is the CSP-friendly one: no inline <style> and no blob: workers, so
 * the default policy (`default-src 'self'`) holds on the release page; the
 * stylesheet and the PBKDF2 worker are files of their own, served here.
 */
const require = createRequire(import.meta.url);
const externalDir = dirname(require.resolve('altcha/external'));

const FILES = {
  '/assets/altcha.js': { path: join(externalDir, 'altcha.js'), type: 'text/javascript; charset=utf-8' },
  '/assets/altcha.css': { path: join(externalDir, 'altcha.css'), type: 'text/css; charset=utf-8' },
  '/assets/altcha-pbkdf2-worker.js': { path: join(externalDir, '..', 'workers', 'pbkdf2.js'), type: 'text/javascript; charset=utf-8' },
} as const;

const cache = new Map<string, Buffer>();
function read(path: string): Buffer {
  let buf = cache.get(path);
  if (!buf) cache.set(path, (buf = readFileSync(path)));
  return buf;
}

/** Our few lines: load the widget, give it its worker, and its words in our three languages. */
export const SHARE_JS = `import './altcha.js';
const altcha = globalThis.$altcha;
const pbkdf2 = () => new Worker('/assets/altcha-pbkdf2-worker.js');
for (const name of ['PBKDF2/SHA-256', 'PBKDF2/SHA-384', 'PBKDF2/SHA-512']) altcha.algorithms.set(name, pbkdf2);
const strings = ${JSON.stringify(Object.fromEntries(LANGUAGES.map((l) => [l, messagesFor(shareMessages, l).widget])))};
for (const [lang, words] of Object.entries(strings)) altcha.i18n.set(lang, { ...(altcha.i18n.get('en') || {}), ...words });
`;

const ONE_DAY = 'public, max-age=86400';

export const shareAssets = new Hono<AppEnv>();
for (const [route, file] of Object.entries(FILES)) {
  shareAssets.get(route, (c) => c.body(new Uint8Array(read(file.path)), 200, { 'content-type': file.type, 'cache-control': ONE_DAY }));
}
shareAssets.get('/assets/share.js', (c) => c.body(SHARE_JS, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': ONE_DAY }));

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { TestContext } from './app.js';

// The app over real HTTP on 127.0.0.1, and a client that speaks from a
// loopback address of its choice (127.0.0.2, 127.0.0.3 …): the service sees
// distinct client addresses on its sockets, as it would on the internet.

export interface LoopbackServer {
  baseUrl: string;
  close(): Promise<void>;
}

export async function serveOverHttp(t: TestContext): Promise<LoopbackServer> {
  const server = await new Promise<http.Server>((resolve, reject) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as http.Server)) as http.Server;
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** From sending the request to the end of the answer. */
  ms: number;
}

export interface LoopbackRequest {
  /** The client's own address, e.g. 127.0.0.2. */
  from: string;
  method?: 'GET' | 'POST';
  path: string;
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

/** One request on a fresh connection from `from`; fails after 20 s rather than hang. */
export function httpRequest(baseUrl: string, req: LoopbackRequest): Promise<HttpAnswer> {
  const body = req.form ? new URLSearchParams(req.form).toString() : undefined;
  const url = new URL(req.path, baseUrl);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const r = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: req.method ?? (body === undefined ? 'GET' : 'POST'),
        localAddress: req.from,
        agent: false,
        timeout: 20_000,
        headers: { ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) } : {}), ...req.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
        res.on('error', reject);
      },
    );
    r.on('timeout', () => r.destroy(new Error(`no answer from ${req.path} within 20 s`)));
    r.on('error', reject);
    r.end(body);
  });
}

/** A sign-in form post from `from`. */
export const signInFrom = (baseUrl: string, from: string, email: string, password: string) =>
  httpRequest(baseUrl, { from, path: '/desk/sign-in', form: { email, password } });

export const linkRequestFrom = (baseUrl: string, from: string, email: string) => httpRequest(baseUrl, { from, path: '/desk/sign-in/link', form: { email } });

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

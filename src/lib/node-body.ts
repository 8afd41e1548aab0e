import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/** The Node request under a Hono context, when the app runs behind @hono/node-server (not under app.request()). */
export function nodeRequest(c: Context): IncomingMessage | undefined {
  const env = c.env as { incoming?: unknown } | undefined;
  const incoming = env?.incoming as IncomingMessage | undefined;
  return typeof incoming?.on === 'function' && typeof incoming.headers === 'object' ? incoming : undefined;
}

/** The body ran over the limit: reading stopped there (the server drains or drops the rest). */
export const TOO_LARGE = Symbol('too large');

/**
 * Reads a request body of at most `maxSize` bytes straight from the Node
 * stream. Behind @hono/node-server, reading it through `c.req` first builds a
 * WHATWG Request and a web stream around the socket: a fifth of the work of
 * taking a small JSON inquiry. Fails when the client goes away mid-body.
 */
export function readNodeBody(incoming: IncomingMessage, maxSize: number): Promise<Buffer | typeof TOO_LARGE> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxSize) {
        done();
        incoming.pause();
        resolve(TOO_LARGE);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    const onClose = () => {
      done();
      reject(new Error('The client closed the connection before the body was complete.'));
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
    incoming.on('close', onClose);
  });
}

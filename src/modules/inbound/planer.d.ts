// planer ships JavaScript only; this is the part of it we call.
declare module 'planer' {
  /** The message without its quoted history: plain text for 'text/plain', an HTML document for 'text/html'. */
  export function extractFrom(body: string, contentType: 'text/plain' | 'text/html', dom?: Document): string;
  const planer: { extractFrom: typeof extractFrom };
  export default planer;
}

import { JSDOM } from 'jsdom';

// Plain text of an HTML mail body, laid out the way a person reads it: one
// line per block, <br> as a line break, nothing of <head>, <style> or
// <script>. One detached document serves every call (scripts never run in it).

let shared: Document | null = null;

/** The document planer and the conversion parse into; created once. */
export function mailDocument(): Document {
  shared ??= new JSDOM('').window.document;
  return shared;
}

// Blocks start on their own line; paragraphs also leave a blank line around them.
const LINES = new Set([
  'address', 'article', 'aside', 'dd', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer',
  'form', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'section', 'tbody', 'thead', 'tfoot', 'tr', 'ul',
  'body', 'html', 'center',
]);
const PARAGRAPHS = new Set(['p', 'pre', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const SKIPPED = new Set(['head', 'style', 'script', 'title', 'template', 'noscript']);
const CELLS = new Set(['td', 'th']);

class TextOut {
  private readonly parts: string[] = [];
  private tail = '\n\n';

  push(text: string): void {
    if (text === '') return;
    this.parts.push(text);
    this.tail = (this.tail + text).slice(-2);
  }

  /** At least `n` line breaks at the end (1: a new line, 2: a blank line). */
  breaks(n: 1 | 2): void {
    const have = this.tail === '\n\n' ? 2 : this.tail.endsWith('\n') ? 1 : 0;
    if (have < n) this.push('\n'.repeat(n - have));
  }

  toString(): string {
    return this.parts.join('');
  }
}

function walk(node: Node, out: TextOut, pre: boolean): void {
  if (node.nodeType === 3) {
    const text = (node.nodeValue ?? '').replace(/\u00a0/g, ' ');
    out.push(pre ? text : text.replace(/\s+/g, ' '));
    return;
  }
  if (node.nodeType !== 1) return;
  const tag = (node as Element).tagName.toLowerCase();
  if (SKIPPED.has(tag)) return;
  if (tag === 'br') {
    out.push('\n');
    return;
  }
  if (tag === 'blockquote') {
    // Quoted the way plain-text mail quotes, so the text's quote folding sees it too.
    const inner = new TextOut();
    for (const child of Array.from(node.childNodes)) walk(child, inner, pre);
    out.breaks(2);
    out.push(quoted(tidyLines(inner.toString())));
    out.breaks(2);
    return;
  }
  const breaks = PARAGRAPHS.has(tag) ? 2 : LINES.has(tag) ? 1 : 0;
  if (breaks) out.breaks(breaks);
  for (const child of Array.from(node.childNodes)) walk(child, out, pre || tag === 'pre');
  if (breaks) out.breaks(breaks);
  else if (CELLS.has(tag)) out.push(' ');
}

function quoted(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? '>' : `> ${line}`))
    .join('\n');
}

/** Lines trimmed at both ends, runs of blank lines kept to one. */
export function tidyLines(text: string): string {
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' && (lines.length === 0 || lines[lines.length - 1] === '')) continue;
    lines.push(line);
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}

export function htmlToText(html: string): string {
  const doc = mailDocument().implementation.createHTMLDocument('');
  doc.documentElement.innerHTML = html;
  const out = new TextOut();
  walk(doc.documentElement, out, false);
  return tidyLines(out.toString());
}

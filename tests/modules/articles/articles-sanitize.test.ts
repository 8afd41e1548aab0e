import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALLOWED_TAGS, htmlToPlainText, isSafeHref, sanitizeArticleHtml } from '../../../src/modules/articles/articles.sanitize.js';

// Integrators' HTML is reduced to a safe allowlist before it
// is stored and shown on our pages; javascript: and data: links never survive.

const OWN = 'http://pressdesk.test';
const clean = (html: string) => sanitizeArticleHtml(html, { ownOrigin: OWN });

/** Every tag in sanitised output with its attributes (names lower-case, values decoded). */
function tagsOf(html: string) {
  return [...html.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)].map((m) => ({
    name: m[1]!.toLowerCase(),
    attrs: Object.fromEntries(
      [...m[2]!.matchAll(/([^\s=/]+)(?:="([^"]*)")?/g)].map((a) => [a[1]!.toLowerCase(), (a[2] ?? '').replaceAll('&quot;', '"').replaceAll('&amp;', '&')]),
    ),
  }));
}

/** What a browser would take as the scheme of an href: C0 controls and spaces are ignored, case does not matter. */
const schemeOf = (href: string) => /^([a-z][a-z0-9+.-]*):/i.exec(href.replace(/[\u0000-\u0020]+/g, ''))?.[1]?.toLowerCase() ?? null;

/** The invariants every output must keep, whatever came in. */
function expectSafe(out: string) {
  expect(out).not.toMatch(/<\s*script/i);
  expect(out).not.toMatch(/<\s*(style|iframe|img|object|embed|svg|math|form|input|base|meta|link)\b/i);
  for (const tag of tagsOf(out)) {
    expect(ALLOWED_TAGS as readonly string[]).toContain(tag.name);
    for (const [name, value] of Object.entries(tag.attrs)) {
      expect(name).not.toMatch(/^on/);
      expect(name).not.toBe('style');
      expect(['href', 'title', 'rel', 'scope', 'colspan', 'rowspan']).toContain(name);
      if (name === 'href') {
        expect(['http', 'https', 'mailto', null]).toContain(schemeOf(value));
        expect(value.replace(/[\u0000-\u0020]+/g, '')).not.toMatch(/^[/\\]{2}/);
      }
    }
  }
}

describe('sanitizeArticleHtml: removed', () => {
  it.each([
    ['a script element and its code', '<p>Before</p><script>alert(1)</script><p>After</p>', '<p>Before</p><p>After</p>'],
    ['a script in upper case', '<p>x</p><SCRIPT SRC="https://evil.example/x.js"></SCRIPT>', '<p>x</p>'],
    ['an img with onerror', '<p>Photo: <img src=x onerror="alert(1)"></p>', '<p>Photo: </p>'],
    ['an img with a data: source', '<img src="data:image/png;base64,AAAA">text', 'text'],
    ['an iframe and what is inside it', '<p>a</p><iframe src="https://evil.example">fallback</iframe>', '<p>a</p>'],
    ['a style element', '<style>p { display: none }</style><p>Shown</p>', '<p>Shown</p>'],
    ['style and on* attributes', '<p style="position:fixed" onclick="x()" onMouseOver="y()">Text</p>', '<p>Text</p>'],
    ['svg with script', '<svg onload="alert(1)"><script>alert(1)</script></svg><p>ok</p>', '<p>ok</p>'],
    ['a form and its fields', '<form action="https://evil.example"><input name="q"><button>Go</button></form>', 'Go'],
    ['an HTML comment', '<p>a<!-- <script>alert(1)</script> -->b</p>', '<p>ab</p>'],
    ['object and embed', '<object data="x.swf"></object><embed src="x.swf"><p>y</p>', '<p>y</p>'],
  ])('%s', (_label, input, expected) => {
    const out = clean(input);
    expect(out).toBe(expected);
    expectSafe(out);
  });

  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['mixed case', 'JaVaScRiPt:alert(1)'],
    ['decimal entity', '&#106;avascript:alert(1)'],
    ['hex entities', '&#x6A;&#x61;vascript:alert(1)'],
    ['named entity for the colon', 'javascript&colon;alert(1)'],
    ['leading whitespace', '   javascript:alert(1)'],
    ['a tab inside the scheme', 'java\tscript:alert(1)'],
    ['an encoded tab inside the scheme', 'java&#x09;script:alert(1)'],
    ['an encoded newline inside the scheme', 'java&#10;script:alert(1)'],
    ['a control character before it', '\u0001javascript:alert(1)'],
    ['data: HTML', 'data:text/html,<script>alert(1)</script>'],
    ['data: base64', 'DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
    ['vbscript:', 'vbscript:msgbox(1)'],
    ['protocol-relative', '//evil.example/'],
    ['backslash protocol-relative', '/\\evil.example/'],
    ['file:', 'file:///etc/passwd'],
  ])('a link to %s loses its address and keeps its text', (_label, href) => {
    const out = clean(`<p><a href="${href}" title="t">Click</a></p>`);
    expect(out).toBe('<p><a title="t">Click</a></p>');
    expectSafe(out);
  });
});

describe('sanitizeArticleHtml: kept', () => {
  it('keeps the allowed structure and text', () => {
    const input =
      '<h2>Key points</h2><p>Governments <strong>agreed</strong> to <em>act</em>.<br>Second line.</p>' +
      '<ul><li>One</li><li>Two</li></ul><ol><li>First</li></ol><blockquote>A quote</blockquote>' +
      '<h3>Sub</h3><h4>Subsub</h4><p><abbr title="Convention on the Rights of the Child">CRC</abbr></p>' +
      '<table><caption>Figures</caption><thead><tr><th scope="col">Country</th></tr></thead><tbody><tr><td colspan="2">MY</td></tr></tbody></table>';
    const out = clean(input);
    expect(out).toBe(input.replace('<br>', '<br />'));
    expectSafe(out);
  });

  it('writes b and i as strong and em', () => {
    expect(clean('<p><b>bold</b> <i>italic</i></p>')).toBe('<p><strong>bold</strong> <em>italic</em></p>');
  });

  it('marks external links noopener noreferrer nofollow, replacing any rel sent; own and relative links are left alone', () => {
    const out = clean(
      '<a href="https://www.unicef.org/eap/" title="UNICEF" rel="opener" target="_blank">UNICEF</a> ' +
        '<a href="http://pressdesk.test/news/x">ours</a> <a href="/contacts">contacts</a> <a href="mailto:press@example.org">mail</a>',
    );
    expect(out).toBe(
      '<a href="https://www.unicef.org/eap/" title="UNICEF" rel="noopener noreferrer nofollow">UNICEF</a> ' +
        '<a href="http://pressdesk.test/news/x">ours</a> <a href="/contacts">contacts</a> <a href="mailto:press@example.org">mail</a>',
    );
  });

  it('keeps text that looks like markup as escaped text', () => {
    expect(clean('<p>1 &lt; 2 &amp; "quotes" onclick=x</p>')).toBe('<p>1 &lt; 2 &amp; "quotes" onclick=x</p>');
  });

  it('drops NUL characters (Postgres cannot store them)', () => {
    expect(clean('<p>a\u0000b</p>')).toBe('<p>ab</p>');
  });
});

describe('isSafeHref', () => {
  it.each(['https://example.org', 'http://example.org/a?b=c', 'mailto:a@example.org', '/news/x', '#top', 'news/x'])('%s is safe', (href) => {
    expect(isSafeHref(href)).toBe(true);
  });
  it.each(['javascript:x', ' JAVASCRIPT:x', 'java\nscript:x', 'data:x', 'ftp://x', '//x', '\\\\x', 'tel:123'])('%j is not', (href) => {
    expect(isSafeHref(href)).toBe(false);
  });
});

describe('htmlToPlainText', () => {
  it('gives paragraphs separated by blank lines, list items and rows on their own lines, links with their address', () => {
    const html = clean(
      '<h2>Head</h2><p>First  paragraph\nwith <strong>bold</strong> &amp; more.</p><p>Line one<br>line two</p>' +
        '<ul><li>one</li><li>two <a href="https://x.org/a">X</a></li></ul><ol><li>a</li><li>b</li></ol>' +
        '<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table><p><a href="mailto:p@example.org">p@example.org</a> <a href="/contacts">contacts</a></p>',
    );
    expect(htmlToPlainText(html)).toBe(
      'Head\n\nFirst paragraph with bold & more.\n\nLine one\nline two\n\n• one\n• two X (https://x.org/a)\n\n1. a\n2. b\n\nA | B\n1 | 2\n\np@example.org contacts',
    );
  });

  it('has no tags and decodes what the sanitiser escaped', () => {
    const text = htmlToPlainText(clean('<p>&lt;script&gt;alert(1)&lt;/script&gt; &quot;x&quot;</p>'));
    expect(text).toBe('<script>alert(1)</script> "x"');
  });

  it('is empty when nothing but unsafe markup was sent', () => {
    expect(htmlToPlainText(clean('<script>alert(1)</script><img src=x onerror=alert(1)>'))).toBe('');
  });
});

// Fragments an attacker would combine, plus arbitrary text: the output must stay safe whatever the mix.
const FRAGMENTS = [
  '<script>', '</script>', '<script src=//x>', '<SCRIPT>', '<scr<script>ipt>', '<img src=x onerror=alert(1)>', '<iframe src=x>',
  '<a href="javascript:alert(1)">', '<a href="JaVaScRiPt:x">', '<a href="&#106;avascript:x">', '<a href="java&#x09;script:x">',
  '<a href="data:text/html,x">', '<a href=" data:x">', '<a href=javascript:x>', "<a href='javascript:x'>", '<a href="//evil">',
  '<a href="https://ok.example">', '<a href="mailto:a@b">', '</a>', '<p onclick="x">', '<p style="x">', '<div onmouseover=x>',
  '<svg onload=x>', '<math>', '<style>', '</style>', '<!--', '-->', '<![CDATA[', ']]>', '"', "'", '>', '<', '&', '&#', ';',
  'javascript:', 'data:', ' on', 'onerror=', '=', '<b>', '</b>', '<li>', '<table>', '<td>', '<p>', '</p>', '\u0000', '\t', '\n',
  '<a title="x" href="', '">', '<object data=x>', '<embed src=x>', '<base href=x>', '<meta http-equiv=refresh>', '<form action=x>',
  '<input autofocus onfocus=x>', '<details open ontoggle=x>', '<body onload=x>', '<noscript><p title="</noscript><img src=x onerror=x>">',
];

describe('sanitizeArticleHtml: property', () => {
  it('never lets a script, an event handler, a style attribute or a non-http(s)/mailto link through, for any input', () => {
    const piece = fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }).map((parts) => parts.join('')), (input) => {
        const out = clean(input);
        expectSafe(out);
        // The derived plain text is stored in a Postgres text column: never a NUL.
        expect(htmlToPlainText(out)).not.toContain('\u0000');
      }),
      { numRuns: 2000 },
    );
  });
});

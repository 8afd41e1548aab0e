import sanitizeHtml from 'sanitize-html';

/**
 * Integrators' HTML is untrusted: it ends up on our public pages (under our
 * origin and CSP), so only a small allowlist of structural markup survives.
 * No script, style, iframe, img, form or SVG; no event handlers or style
 * attributes; links only to http, https and mailto.
 */
export const ALLOWED_TAGS = [
  'p', 'br', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'strong', 'em', 'b', 'i', 'blockquote', 'a', 'abbr',
  'table', 'caption', 'thead', 'tbody', 'tr', 'th', 'td',
] as const;

const ALLOWED_SCHEMES = ['http', 'https', 'mailto'];

// Browsers ignore C0 controls and spaces inside a URL's scheme, so `java\tscript:` is `javascript:`.
const IGNORED_IN_URL = /[\u0000-\u0020\u007f]+/g;

/**
 * Our own check of an href, beside sanitize-html's (belt and braces): an
 * absolute URL must use an allowed scheme; a relative one must not start
 * with two slashes or backslashes (a protocol-relative URL to any host).
 */
export function isSafeHref(href: string): boolean {
  const cleaned = href.replace(IGNORED_IN_URL, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned);
  if (scheme) return ALLOWED_SCHEMES.includes(scheme[1]!.toLowerCase());
  return !/^[/\\]{2}/.test(cleaned);
}

/** Links leaving the site: readers' browsers must not hand the target our page or our ranking. */
function isExternal(href: string, ownOrigin: string | undefined): boolean {
  const cleaned = href.replace(IGNORED_IN_URL, '');
  if (!/^https?:/i.test(cleaned)) return false; // relative, fragment or mailto
  try {
    return ownOrigin === undefined || new URL(cleaned).origin !== new URL(ownOrigin).origin;
  } catch {
    return true;
  }
}

export interface SanitizeOptions {
  /** The service's own origin (PUBLIC_BASE_URL); links elsewhere get rel="noopener noreferrer nofollow". */
  ownOrigin?: string;
}

export function sanitizeArticleHtml(html: string, opts: SanitizeOptions = {}): string {
  return sanitizeHtml(html.replaceAll('\u0000', ''), {
    allowedTags: [...ALLOWED_TAGS],
    allowedAttributes: {
      a: ['href', 'title', 'rel'],
      abbr: ['title'],
      th: ['scope', 'colspan', 'rowspan'],
      td: ['colspan', 'rowspan'],
    },
    allowedSchemes: ALLOWED_SCHEMES,
    allowedSchemesByTag: {},
    allowedSchemesAppliedToAttributes: ['href'],
    allowProtocolRelative: false,
    allowVulnerableTags: false,
    disallowedTagsMode: 'discard',
    // The text inside these is code or hidden content, not article text: drop it with the tag.
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'template', 'title', 'svg', 'math', 'xmp', 'noembed', 'noframes', 'select', 'head'],
    parser: { lowerCaseTags: true, lowerCaseAttributeNames: true, decodeEntities: true },
    transformTags: {
      // rel is ours to set: whatever the integrator sent is replaced.
      a: (tagName, attribs) => {
        const { rel: _ignored, ...rest } = attribs;
        const href = rest.href?.trim();
        // A link without a safe address stays an <a> without href: inert text. (Renaming it to a tag that is
        // then discarded trips a sanitize-html 2.17 bug that emits a stray closing tag for a later element.)
        if (href === undefined || !isSafeHref(href)) {
          delete rest.href;
          return { tagName, attribs: rest };
        }
        return {
          tagName,
          attribs: { ...rest, href, ...(isExternal(href, opts.ownOrigin) ? { rel: 'noopener noreferrer nofollow' } : {}) },
        };
      },
      // Old-style bold/italic are kept but written as their modern equivalents.
      b: 'strong',
      i: 'em',
    },
  });
}

const BLOCK = new Set(['p', 'h2', 'h3', 'h4', 'blockquote', 'ul', 'ol', 'table', 'caption']);
const ENTITY: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&amp;': '&' };
const decode = (s: string) => s.replace(/&(?:lt|gt|quot|amp);/g, (e) => ENTITY[e]!);

/**
 * Plain text of *sanitised* HTML, for emails and search: paragraphs separated
 * by blank lines, list items and table rows on their own lines, a link's
 * address after its text. Relies on sanitizeArticleHtml's output, where `<`
 * and `>` only delimit tags and text escapes only & < > and ".
 */
export function htmlToPlainText(safeHtml: string): string {
  let out = '';
  const lists: { ordered: boolean; n: number }[] = [];
  const links: { href: string | null; start: number }[] = [];
  let cellsInRow = 0;
  const TOKEN = /<(\/?)([a-z0-9]+)((?:\s+[a-z-]+(?:="[^"]*")?)*)\s*\/?>|([^<]+)/g;
  for (const m of safeHtml.matchAll(TOKEN)) {
    const [, closing, tag, attrs, text] = m;
    if (text !== undefined) {
      out += decode(text).replace(/\s+/g, ' ');
      continue;
    }
    if (BLOCK.has(tag!)) out += '\n\n';
    if (tag === 'ul' || tag === 'ol') {
      if (closing) lists.pop();
      else lists.push({ ordered: tag === 'ol', n: 0 });
    } else if (tag === 'li' && !closing) {
      const list = lists.at(-1);
      out += '\n' + (list?.ordered ? `${++list.n}. ` : '• ');
    } else if (tag === 'br') {
      out += '\n';
    } else if (tag === 'tr' && !closing) {
      out += '\n';
      cellsInRow = 0;
    } else if ((tag === 'td' || tag === 'th') && !closing) {
      if (cellsInRow++ > 0) out += ' | ';
    } else if (tag === 'a') {
      if (!closing) {
        const href = /\bhref="([^"]*)"/.exec(attrs ?? '')?.[1];
        links.push({ href: href === undefined ? null : decode(href), start: out.length });
      } else {
        const link = links.pop();
        const label = link ? out.slice(link.start).trim() : '';
        const target = link?.href?.replace(/^mailto:/i, '');
        // Relative links mean nothing in an email; an address that is already the text is not repeated.
        if (target && /^(https?:|mailto:)/i.test(link!.href!) && target !== label) out += ` (${target})`;
      }
    }
  }
  return out
    .split(/\n{2,}/)
    .map((para) =>
      para
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '' && line !== '•')
        .join('\n'),
    )
    .filter((para) => para !== '')
    .join('\n\n');
}

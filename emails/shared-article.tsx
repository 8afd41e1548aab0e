// "Email this article": a reader sends a release to someone. Fixed template; the
// sender's name and note are the only text of theirs, escaped and marked as theirs.

import { htmlLang, messagesFor } from '../src/lib/languages.js';
import { multiLine, oneLine, safeUrl, subjectLine } from './format.js';
import { Button, Heading, Layout, LinkText, P, Preformatted, renderDocument } from './layout.js';
import { sharedArticleMessages } from './shared-article.i18n.js';
import type { Lang, RenderedEmail } from './types.js';

export interface SharedArticleData {
  /** The reader who shared it (one line, checked: no links, no addresses). */
  senderName: string;
  /** Plain text with links already removed; null or empty = no note. */
  note: string | null;
  /** Who publishes the release: ORG_NAME, e.g. "UNICEF". */
  organisation: string;
  article: {
    title: string;
    dateline: string;
    /** The release's opening paragraphs, plain text. */
    excerpt: string[];
    /** Link to the release on our site. */
    url: string;
  };
  /** One-click unsubscribe page for this recipient. */
  unsubscribeUrl: string;
}

export function renderSharedArticle(data: SharedArticleData, lang: Lang): RenderedEmail {
  const t = messagesFor(sharedArticleMessages, lang);
  const sender = oneLine(data.senderName);
  const org = oneLine(data.organisation);
  const title = oneLine(data.article.title);
  const dateline = oneLine(data.article.dateline);
  const url = safeUrl(data.article.url);
  const unsubscribeUrl = safeUrl(data.unsubscribeUrl);
  const note = data.note ? multiLine(data.note) : '';
  const excerpt = data.article.excerpt.map(oneLine).filter(Boolean);

  const subject = subjectLine(t.subject(org, title));
  const footer = t.footer(org);

  const html = renderDocument(
    <Layout lang={htmlLang(lang)} title={subject} footer={footer}>
      <Heading>{t.heading(sender, org)}</Heading>
      <h2 style="margin:0 0 6px;font-size:18px;line-height:1.3;">{title}</h2>
      {dateline ? <P muted>{dateline}</P> : null}
      {excerpt.map((p) => (
        <P>{p}</P>
      ))}
      <Button href={url}>{t.readMore}</Button>
      <LinkText href={url} />
      {note ? (
        <div style="margin:0 0 16px;">
          <div style="font-weight:700;margin:0 0 2px;">{t.noteTitle(sender)}</div>
          <div style="font-size:13px;color:#616e7c;margin:0 0 6px;">{t.noteDisclaimer}</div>
          <Preformatted>{note}</Preformatted>
        </div>
      ) : null}
      <P muted>{t.replyNote(sender)}</P>
      <div style="margin:16px 0 0;padding:12px 0 0;border-top:1px solid #e4e7eb;font-size:13px;color:#616e7c;">
        <div style="font-weight:700;margin:0 0 4px;">{t.whyTitle}</div>
        <p style="margin:0 0 8px;">{t.why(sender, org)}</p>
        <p style="margin:0;">
          {t.unsubscribe}{' '}
          <a href={unsubscribeUrl} style="color:#0b5cab;">
            {t.unsubscribeLink}
          </a>
        </p>
      </div>
    </Layout>,
  );

  const lines: string[] = [t.heading(sender, org), '', title];
  if (dateline) lines.push(dateline);
  for (const p of excerpt) lines.push('', p);
  lines.push('', `${t.readMore}${t.colon}${url}`);
  if (note) {
    lines.push('', `${t.noteTitle(sender)}${t.colon}`.trimEnd(), `(${t.noteDisclaimer})`, '', ...note.split('\n').map((l) => `> ${l}`));
  }
  lines.push('', t.replyNote(sender), '', `${t.whyTitle}${t.colon}`.trimEnd(), t.why(sender, org), '', t.unsubscribe, unsubscribeUrl, '', '-- ', footer);

  return { subject, html, text: lines.join('\n') + '\n' };
}

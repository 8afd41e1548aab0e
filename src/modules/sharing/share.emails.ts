import { renderSharedArticle } from '../../../emails/index.js';
import type { Config } from '../../config.js';
import type { Language } from '../../db/schema.js';
import type { QueuedEmail } from '../mail/mail.outbox.js';
import { withLang } from '../public/i18n.js';
import { excerptOf } from './share.text.js';

export const SHARED_ARTICLE_KIND = 'shared_article';

export function unsubscribeUrl(config: Config, token: string): string {
  return `${config.PUBLIC_BASE_URL}/share/unsubscribe/${token}`;
}

/**
 * One message per recipient: From is always the service, Reply-To the sender
 * (so a recipient can answer their friend), the fixed template in the page's
 * language, and RFC 8058 one-click unsubscribe headers with that recipient's token.
 */
export function sharedArticleEmails(
  config: Config,
  share: {
    article: { slug: string; title: string; dateline: string; body: string };
    senderName: string;
    senderEmail: string;
    note: string | null;
    language: Language;
    createdAt: Date;
  },
  recipients: { address: string; unsubscribeToken: string }[],
): QueuedEmail[] {
  const articleUrl = `${config.PUBLIC_BASE_URL}${withLang(`/news/${encodeURIComponent(share.article.slug)}`, share.language)}`;
  const excerpt = excerptOf(share.article.body);
  return recipients.map(({ address, unsubscribeToken }) => {
    const unsubscribe = unsubscribeUrl(config, unsubscribeToken);
    const rendered = renderSharedArticle(
      {
        senderName: share.senderName,
        note: share.note,
        organisation: config.mailFrom.name,
        article: { title: share.article.title, dateline: share.article.dateline, excerpt, url: articleUrl },
        unsubscribeUrl: unsubscribe,
      },
      share.language,
    );
    return {
      inquiryId: null,
      kind: SHARED_ARTICLE_KIND,
      to: address,
      replyTo: share.senderEmail,
      ...rendered,
      createdAt: share.createdAt,
      headers: {
        // RFC 3834: automatic mail, so auto-responders stay quiet.
        'Auto-Submitted': 'auto-generated',
        'X-Auto-Response-Suppress': 'All',
        'List-Unsubscribe': `<${unsubscribe}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    };
  });
}

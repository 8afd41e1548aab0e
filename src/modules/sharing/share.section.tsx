import type { Lang } from '../public/i18n.js';

/**
 * "Email this article" on a release page. PLACEHOLDER until the sharing
 * feature lands: only the mailto: link.
 */
export function ShareSection(props: { lang: Lang; article: { slug: string; title: string; url: string } }) {
  const href = `mailto:?subject=${encodeURIComponent(props.article.title)}&body=${encodeURIComponent(props.article.url)}`;
  return (
    <section aria-labelledby="share-heading">
      <h2 id="share-heading">Email this article</h2>
      <p>
        <a href={href}>Open in your mail program</a>
      </p>
    </section>
  );
}

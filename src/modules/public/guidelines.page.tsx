import { messagesFor } from '../../lib/languages.js';
import { withLang, type Lang } from '../../web/i18n.js';
import { PublicPage } from '../../web/public-layout.js';
import { guidelinesMessages } from './messages/guidelines.js';

/** `/guidelines/children`: linked from the acknowledgement when a story involves children. */
export function GuidelinesPage(props: { lang: Lang }) {
  const { lang } = props;
  const t = messagesFor(guidelinesMessages, lang);
  return (
    <PublicPage lang={lang} title={t.title} path="/guidelines/children" section="guidelines">
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      <ol class="principles">
        {t.principles.map((p) => (
          <li>
            <h2>{p.heading}</h2>
            <p>{p.text}</p>
          </li>
        ))}
      </ol>
      <section class="card" aria-labelledby="consent-help-heading">
        <h2 id="consent-help-heading">{t.helpHeading}</h2>
        <p>{t.helpText}</p>
        <p>
          <a class="button" href={withLang('/inquiries/new', lang)}>
            {t.askLink}
          </a>
        </p>
      </section>
    </PublicPage>
  );
}

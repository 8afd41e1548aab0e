import { messagesFor } from '../../lib/languages.js';
import type { Lang } from '../../web/i18n.js';
import { shareMessages } from '../../web/messages/share.js';
import { MAX_NAME_CHARS, MAX_NOTE_CHARS, MAX_RECIPIENTS } from './share.schemas.js';

export interface ShareFormValues {
  recipients: string[];
  senderName: string;
  senderEmail: string;
  note: string;
}

/** Field → message in the page's language; `recipients.2` is the third box. */
export type ShareFormErrors = Record<string, string>;

export interface ShareArticleRef {
  slug: string;
  title: string;
  /** The release's absolute address (the mailto: body). */
  url: string;
}

const EMPTY: ShareFormValues = { recipients: [], senderName: '', senderEmail: '', note: '' };

export function mailtoHref(article: { title: string; url: string }): string {
  return `mailto:?subject=${encodeURIComponent(article.title)}&body=${encodeURIComponent(article.url)}`;
}

function FieldError(props: { id: string; message: string | undefined }) {
  return props.message ? (
    <p id={props.id} class="error field-error">
      {props.message}
    </p>
  ) : null;
}

/**
 * The form itself. Static for the release page (no per-request token, so the
 * page stays cacheable: the widget fetches its challenge with JavaScript, and
 * the form route checks Origin instead of a CSRF token); with values and
 * errors when the form route shows it again.
 */
export function ShareForm(props: { lang: Lang; article: ShareArticleRef; values?: ShareFormValues; errors?: ShareFormErrors }) {
  const { lang, article } = props;
  const t = messagesFor(shareMessages, lang);
  const v = props.values ?? EMPTY;
  const errors = props.errors ?? {};
  const err = (field: string) => errors[field];
  const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;
  const listed = Object.entries(errors);
  const recipientsError = err('recipients');

  return (
    <form method="post" action={`/news/${encodeURIComponent(article.slug)}/share`} class="share-form" novalidate>
      <input type="hidden" name="language" value={lang} />
      {listed.length > 0 ? (
        <div class="warning" role="alert" id="share-errors">
          <p>{t.errorSummary}</p>
          <ul>
            {listed.map(([, message]) => (
              <li>{message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <fieldset aria-describedby={describedBy('share-recipients-hint', recipientsError && 'share-recipients-error')}>
        <legend>{t.recipients}</legend>
        <p id="share-recipients-hint" class="muted">
          {t.recipientsHint}
        </p>
        <FieldError id="share-recipients-error" message={recipientsError} />
        {Array.from({ length: MAX_RECIPIENTS }, (_, i) => {
          const id = `share-recipient-${i + 1}`;
          const message = err(`recipients.${i}`);
          return (
            <div class="share-recipient">
              <label for={id}>{t.recipientLabel(i + 1)}</label>
              <input
                id={id}
                name="recipient"
                type="email"
                autocomplete="off"
                maxlength={254}
                value={v.recipients[i] ?? ''}
                required={i === 0}
                aria-invalid={message || (i === 0 && recipientsError) ? 'true' : undefined}
                aria-describedby={describedBy(message && `${id}-error`)}
              />
              <FieldError id={`${id}-error`} message={message} />
            </div>
          );
        })}
      </fieldset>
      <label for="share-sender-name">{t.senderName}</label>
      <p id="share-sender-name-hint" class="muted">
        {t.senderNameHint}
      </p>
      <input
        id="share-sender-name"
        name="senderName"
        autocomplete="name"
        maxlength={MAX_NAME_CHARS}
        required
        value={v.senderName}
        aria-invalid={err('senderName') ? 'true' : undefined}
        aria-describedby={describedBy('share-sender-name-hint', err('senderName') && 'share-sender-name-error')}
      />
      <FieldError id="share-sender-name-error" message={err('senderName')} />
      <label for="share-sender-email">{t.senderEmail}</label>
      <p id="share-sender-email-hint" class="muted">
        {t.senderEmailHint}
      </p>
      <input
        id="share-sender-email"
        name="senderEmail"
        type="email"
        autocomplete="email"
        maxlength={254}
        required
        value={v.senderEmail}
        aria-invalid={err('senderEmail') ? 'true' : undefined}
        aria-describedby={describedBy('share-sender-email-hint', err('senderEmail') && 'share-sender-email-error')}
      />
      <FieldError id="share-sender-email-error" message={err('senderEmail')} />
      <label for="share-note">{t.note}</label>
      <p id="share-note-hint" class="muted">
        {t.noteHint}
      </p>
      <textarea
        id="share-note"
        name="note"
        rows={4}
        maxlength={MAX_NOTE_CHARS}
        aria-invalid={err('note') ? 'true' : undefined}
        aria-describedby={describedBy('share-note-hint', err('note') && 'share-note-error')}
      >
        {v.note}
      </textarea>
      <FieldError id="share-note-error" message={err('note')} />
      <div class="share-check">
        <p class="share-check-label">{t.check}</p>
        <noscript>
          <p class="warning">{t.needsJs}</p>
        </noscript>
        {/* Self-hosted widget (altcha v3, CSP-friendly "external" build): it fetches a challenge, solves it in web workers and adds the hidden field `altcha`. */}
        <altcha-widget challenge="/api/altcha/challenge" name="altcha" language={lang} auto="onfocus" configuration='{"hideFooter":true,"hideLogo":true}'></altcha-widget>
        <FieldError id="share-altcha-error" message={err('altcha')} />
      </div>
      <p>
        <button type="submit">{t.submit}</button>
      </p>
    </form>
  );
}

/**
 * "Email this article" on a release page: the form, and always a mailto: link
 * beside it for readers who prefer their own mail program (and for those
 * without JavaScript, which the proof of work needs).
 */
export function ShareSection(props: {
  lang: Lang;
  article: ShareArticleRef;
  values?: ShareFormValues;
  errors?: ShareFormErrors;
  /** false on the form's own page, where the h1 already says it */
  heading?: boolean;
}) {
  const { lang, article } = props;
  const t = messagesFor(shareMessages, lang);
  return (
    <section class="share card" aria-labelledby="share-heading" id="share">
      <link rel="stylesheet" href="/assets/altcha.css" />
      <script type="module" src="/assets/share.js"></script>
      {props.heading === false ? (
        <h2 id="share-heading" class="visually-hidden">
          {t.heading}
        </h2>
      ) : (
        <h2 id="share-heading">{t.heading}</h2>
      )}
      <p>{t.intro}</p>
      <p class="share-mailto">
        <a href={mailtoHref(article)}>{t.mailto}</a>
        <span class="muted"> {t.mailtoHint}</span>
      </p>
      <ShareForm lang={lang} article={article} values={props.values} errors={props.errors} />
      <p class="muted">{t.privacy}</p>
    </section>
  );
}

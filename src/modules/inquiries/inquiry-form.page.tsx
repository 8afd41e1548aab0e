import type { Child } from 'hono/jsx';
import { LANGUAGES, messagesFor } from '../../lib/languages.js';
import { LANG_NAME, withLang, type Lang } from '../../web/i18n.js';
import { PublicPage } from '../../web/public-layout.js';
import { inquiryFormMessages, type FormField, type InquiryFormMessages } from '../../web/messages/inquiry-form.js';
import { formatBytes } from '../attachments/index.js';
import { OUTLET_TYPES } from './inquiries.schemas.js';
import { FORM_TOKEN_FIELD } from './form-token.js';
import { COUNTRY_ZONE, HONEYPOT, inPageOrder, type FormError, type FormValues } from './inquiry-form.fields.js';
import { countryOptions, timeZoneOptions, type Option } from './inquiry-form.options.js';

export interface FormPageProps {
  lang: Lang;
  values: FormValues;
  errors: FormError[];
  /** The release the form was opened from (title shown, slug carried). */
  article: { slug: string; title: string } | null;
  topics: Option[];
  privacyVersion: string;
  /** The file field's limits; none when FORM_MAX_FILES is 0 (no field, and the form stays urlencoded). */
  files: { max: number; perFile: number; together: number } | null;
}

export function errorText(t: InquiryFormMessages, e: FormError): string {
  switch (e.code) {
    case 'required':
      return t.errors.required[e.field];
    case 'tooLong':
      return t.errors.tooLong(e.max ?? 0);
    case 'singleLine':
      return t.errors.singleLine;
    case 'deadlinePast':
      return t.errors.deadlinePast;
    case 'deadlineDate':
      return t.errors.deadlineDate;
    case 'deadlineTime':
      return t.errors.deadlineTime;
    case 'deadlineZone':
      return t.errors.deadlineZone;
    case 'tooManyFiles':
      return t.errors.tooManyFiles(e.max ?? 0);
    case 'fileTooLarge':
      return t.errors.fileTooLarge(e.filename ?? '', formatBytes(e.max ?? 0));
    case 'filesTooLarge':
      return t.errors.filesTooLarge(formatBytes(e.max ?? 0));
    default:
      return t.errors.invalid[e.field];
  }
}

const fieldId = (f: FormField) => `f-${f}`;
const errorId = (f: FormField) => `f-${f}-error`;
const hintId = (f: FormField) => `f-${f}-hint`;

/** aria-invalid and aria-describedby (hint, then error) for a control. */
function describe(field: FormField, error: FormError | undefined, hint: boolean) {
  const ids = [hint ? hintId(field) : null, error ? errorId(field) : null].filter(Boolean).join(' ');
  return { 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': ids || undefined };
}

function ErrorLine(props: { t: InquiryFormMessages; field: FormField; error: FormError | undefined }) {
  if (!props.error) return null;
  return (
    <p class="error field-error" id={errorId(props.field)}>
      {errorText(props.t, props.error)}
    </p>
  );
}

function Label(props: { t: InquiryFormMessages; field: FormField; text: string; optional?: boolean }) {
  return (
    <label for={fieldId(props.field)}>
      {props.text}
      {props.optional ? <span class="muted"> {props.t.optional}</span> : null}
    </label>
  );
}

function Select(props: { name: string; id: string; value: string; options: Option[]; first?: Option; attrs?: Record<string, unknown> }) {
  const all = props.first ? [props.first, ...props.options] : props.options;
  return (
    <select id={props.id} name={props.name} {...props.attrs}>
      {all.map((o) => (
        <option value={o.value} selected={o.value === props.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** The inquiry form, empty or with what was typed and an error beside each wrong field. */
export function InquiryFormPage(p: FormPageProps) {
  const t = messagesFor(inquiryFormMessages, p.lang);
  const v = p.values;
  const err = (f: FormField) => p.errors.find((e) => e.field === f);
  const path = p.article ? `/inquiries/new?article=${encodeURIComponent(p.article.slug)}` : '/inquiries/new';
  const ordered = inPageOrder(p.errors);
  const title = p.errors.length ? `${t.errors.summary}: ${t.title}` : t.title;

  const textField = (field: 'name' | 'email' | 'phone' | 'outlet' | 'subject', opts: { type?: string; autocomplete?: string; optional?: boolean; max: number }) => (
    <div class="field">
      <Label t={t} field={field} text={t.labels[field]} optional={opts.optional} />
      <ErrorLine t={t} field={field} error={err(field)} />
      <input
        id={fieldId(field)}
        name={field}
        type={opts.type ?? 'text'}
        value={v[field]}
        maxlength={opts.max}
        autocomplete={opts.autocomplete}
        aria-required={opts.optional ? undefined : 'true'}
        {...describe(field, err(field), false)}
      />
    </div>
  );

  return (
    <PublicPage lang={p.lang} title={title} path={path} section="ask">
      <h1>{t.title}</h1>
      {ordered.length ? (
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title">
          <h2 id="error-summary-title">{t.errors.summary}</h2>
          <p>{t.errors.summaryIntro}</p>
          <ul>
            {ordered.map((e) => (
              <li>
                <a href={`#${fieldId(e.field)}`}>{errorText(t, e)}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p>{t.intro}</p>
      <form class="inquiry" method="post" action={withLang('/inquiries/new', p.lang)} enctype={p.files ? 'multipart/form-data' : undefined} novalidate>
        {v.formToken ? <input type="hidden" name={FORM_TOKEN_FIELD} value={v.formToken} /> : null}
        {p.article ? (
          <p class="about" id={fieldId('articleSlug')}>
            <strong>{t.about}:</strong> {p.article.title}
            <input type="hidden" name="articleSlug" value={p.article.slug} />
          </p>
        ) : v.articleSlug ? (
          // Posted with a release that is gone: say so, and let the reporter send without it.
          <p class="about" id={fieldId('articleSlug')}>
            <ErrorLine t={t} field="articleSlug" error={err('articleSlug')} />
          </p>
        ) : null}

        {textField('name', { autocomplete: 'name', max: 200 })}
        {textField('email', { type: 'email', autocomplete: 'email', max: 254 })}
        {textField('phone', { type: 'tel', autocomplete: 'tel', optional: true, max: 32 })}
        {textField('outlet', { autocomplete: 'organization', max: 200 })}

        <div class="field">
          <Label t={t} field="outletType" text={t.labels.outletType} optional />
          <ErrorLine t={t} field="outletType" error={err('outletType')} />
          <Select
            id={fieldId('outletType')}
            name="outletType"
            value={v.outletType}
            first={{ value: '', label: t.choose }}
            options={OUTLET_TYPES.map((o) => ({ value: o, label: t.outletTypes[o] }))}
            attrs={describe('outletType', err('outletType'), false)}
          />
        </div>

        <div class="field">
          <Label t={t} field="country" text={t.labels.country} />
          <ErrorLine t={t} field="country" error={err('country')} />
          <Select
            id={fieldId('country')}
            name="country"
            value={v.country.toUpperCase()}
            first={{ value: '', label: t.choose }}
            options={countryOptions(p.lang)}
            attrs={{ autocomplete: 'country', 'aria-required': 'true', ...describe('country', err('country'), false) }}
          />
        </div>

        <div class="field">
          <Label t={t} field="language" text={t.labels.language} />
          <p class="muted hint" id={hintId('language')}>
            {t.languageHint}
          </p>
          <ErrorLine t={t} field="language" error={err('language')} />
          <Select
            id={fieldId('language')}
            name="language"
            value={v.language}
            options={LANGUAGES.map((l) => ({ value: l, label: LANG_NAME[l] }))}
            attrs={describe('language', err('language'), true)}
          />
        </div>

        <div class="field">
          <Label t={t} field="topic" text={t.labels.topic} optional />
          <ErrorLine t={t} field="topic" error={err('topic')} />
          <Select
            id={fieldId('topic')}
            name="topic"
            value={v.topic}
            first={{ value: '', label: t.noTopic }}
            options={p.topics}
            attrs={describe('topic', err('topic'), false)}
          />
        </div>

        {textField('subject', { max: 200 })}

        <div class="field">
          <Label t={t} field="message" text={t.labels.message} />
          <p class="muted hint" id={hintId('message')}>
            {t.messageHint}
          </p>
          <ErrorLine t={t} field="message" error={err('message')} />
          <textarea id={fieldId('message')} name="message" rows={8} maxlength={10_000} aria-required="true" {...describe('message', err('message'), true)}>
            {v.message}
          </textarea>
        </div>

        {p.files ? (
          <div class="field">
            <Label t={t} field="files" text={t.files.label} optional />
            <p class="muted hint" id={hintId('files')}>
              {t.files.hint(p.files.max, formatBytes(p.files.perFile), formatBytes(p.files.together))}
            </p>
            <ErrorLine t={t} field="files" error={err('files')} />
            <input id={fieldId('files')} name="files" type="file" multiple {...describe('files', err('files'), true)} />
          </div>
        ) : null}

        <fieldset class="field deadline" aria-describedby={[hintId('deadline'), err('deadline') ? errorId('deadline') : null].filter(Boolean).join(' ')}>
          <legend>
            {t.deadline.legend} <span class="muted">{t.optional}</span>
          </legend>
          <p class="muted hint" id={hintId('deadline')}>
            {t.deadline.hint}
          </p>
          <ErrorLine t={t} field="deadline" error={err('deadline')} />
          <div class="fields">
            <div>
              <label for={fieldId('deadline')}>{t.deadline.date}</label>
              <input id={fieldId('deadline')} name="deadlineDate" type="date" value={v.deadlineDate} aria-invalid={err('deadline') ? 'true' : undefined} />
            </div>
            <div>
              <label for="f-deadline-time">{t.deadline.time}</label>
              <input id="f-deadline-time" name="deadlineTime" type="time" value={v.deadlineTime} aria-invalid={err('deadline') ? 'true' : undefined} />
            </div>
            <div>
              <label for="f-deadline-zone">{t.deadline.zone}</label>
              <Select
                id="f-deadline-zone"
                name="deadlineZone"
                value={v.deadlineZone}
                first={{ value: COUNTRY_ZONE, label: t.deadline.countryZone }}
                options={timeZoneOptions()}
              />
            </div>
          </div>
        </fieldset>

        <fieldset class="field children" aria-describedby={[hintId('involvesChildren'), err('involvesChildren') ? errorId('involvesChildren') : null].filter(Boolean).join(' ')}>
          <legend>{t.children.legend}</legend>
          <p class="muted hint" id={hintId('involvesChildren')}>
            {t.children.hint}
          </p>
          <ErrorLine t={t} field="involvesChildren" error={err('involvesChildren')} />
          <div class="choice">
            <input
              id={fieldId('involvesChildren')}
              type="radio"
              name="involvesChildren"
              value="yes"
              checked={v.involvesChildren === 'yes'}
              aria-invalid={err('involvesChildren') ? 'true' : undefined}
            />
            <label for={fieldId('involvesChildren')}>{t.children.yes}</label>
          </div>
          <div class="choice">
            <input
              id="f-involvesChildren-no"
              type="radio"
              name="involvesChildren"
              value="no"
              checked={v.involvesChildren === 'no'}
              aria-invalid={err('involvesChildren') ? 'true' : undefined}
            />
            <label for="f-involvesChildren-no">{t.children.no}</label>
          </div>
        </fieldset>

        <section class="privacy" aria-labelledby="privacy-h">
          <h2 id="privacy-h">{t.privacy.heading}</h2>
          <p>{t.privacy.text}</p>
          <p class="muted">{t.privacy.version(p.privacyVersion)}</p>
        </section>

        <div class="field choice consent">
          <ErrorLine t={t} field="consent" error={err('consent')} />
          <input id={fieldId('consent')} type="checkbox" name="consent" value="yes" checked={v.consent} aria-required="true" {...describe('consent', err('consent'), false)} />
          <label for={fieldId('consent')}>{t.labels.consent}</label>
        </div>

        <div class="hp">
          <label for="f-website">{t.honeypot}</label>
          <input id="f-website" name={HONEYPOT} type="text" value="" tabindex={-1} autocomplete="off" />
        </div>

        <button type="submit">{t.submit}</button>
      </form>
    </PublicPage>
  );
}

/** A short page in the public frame: thank-you, limit, refusal. */
export function NoticePage(props: { lang: Lang; title: string; path: string; children?: Child; back?: { href: string; label: string } }) {
  return (
    <PublicPage lang={props.lang} title={props.title} path={props.path} section="ask">
      <h1>{props.title}</h1>
      {props.children}
      {props.back ? (
        <p>
          <a href={withLang(props.back.href, props.lang)}>{props.back.label}</a>
        </p>
      ) : null}
    </PublicPage>
  );
}

import { messagesFor } from '../../lib/languages.js';
import { withLang, type Lang } from '../../web/i18n.js';
import { PublicPage } from '../../web/public-layout.js';
import { PhoneAndEmail } from './contact-rows.js';
import { languageName, timeZoneName } from './format.js';
import { contactsMessages } from './messages/contacts.js';
import type { DirectoryOffice } from './public.repository.js';

/** `/contacts`: active offices, each with its address and its active press officers. */
export function ContactsPage(props: { lang: Lang; offices: DirectoryOffice[] }) {
  const { lang } = props;
  const t = messagesFor(contactsMessages, lang);
  return (
    <PublicPage lang={lang} title={t.title} path="/contacts" section="contacts">
      <h1>{t.title}</h1>
      <p>
        {t.intro} <a href={withLang('/inquiries/new', lang)}>{t.askLink}</a>
      </p>
      {props.offices.length === 0 ? <p>{t.none}</p> : null}
      {props.offices.map((o) => (
        <section class="card office" id={`office-${o.code}`} aria-labelledby={`office-${o.code}-heading`}>
          <h2 id={`office-${o.code}-heading`}>{o.name}</h2>
          <dl>
            <dt>{t.city}</dt>
            <dd>{o.city}</dd>
            <dt>{t.timeZone}</dt>
            <dd>
              {timeZoneName(o.time_zone, lang)} ({o.time_zone})
            </dd>
            <dt>{t.officeEmail}</dt>
            <dd>
              <a href={`mailto:${o.email}`}>{o.email}</a>
            </dd>
          </dl>
          <h3>{t.officers}</h3>
          {o.contacts.length === 0 ? (
            <p>{t.noOfficers}</p>
          ) : (
            <ul class="people">
              {o.contacts.map((c) => (
                <li>
                  <p class="person">{c.name}</p>
                  <p class="muted">{c.title}</p>
                  <dl>
                    <PhoneAndEmail phone={c.phone} email={c.email} labels={t} />
                    {c.languages.length > 0 ? (
                      <>
                        <dt>{t.languages}</dt>
                        <dd>{c.languages.map((l) => languageName(l, lang)).join(t.languagesSeparator)}</dd>
                      </>
                    ) : null}
                  </dl>
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </PublicPage>
  );
}

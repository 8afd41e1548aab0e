import { telHref } from './format.js';

/** A press contact's phone (when there is one) and email, as rows of a <dl>: on the release page and in the directory. */
export function PhoneAndEmail(props: { phone: string | null; email: string; labels: { phone: string; email: string } }) {
  return (
    <>
      {props.phone ? (
        <>
          <dt>{props.labels.phone}</dt>
          <dd>
            <a href={telHref(props.phone)}>{props.phone}</a>
          </dd>
        </>
      ) : null}
      <dt>{props.labels.email}</dt>
      <dd>
        <a href={`mailto:${props.email}`}>{props.email}</a>
      </dd>
    </>
  );
}

import type { Child } from 'hono/jsx';
import { CsrfField as CsrfInput, StaffPage } from '../../web/staff-layout.js';
import type { Staff } from '../auth/index.js';

// The desk's pages hand the signed-in staff member to the shared staff frame (src/web).

/** The hidden field every desk form carries (see staffCsrf). */
export function CsrfField(props: { staff: Staff }) {
  return <CsrfInput csrf={props.staff.session.csrf} />;
}

/** A desk page in the staff frame, for this staff member. */
export function DeskPage(props: { title: string; staff: Staff; quarantined?: number; children?: Child }) {
  const { staff } = props;
  return (
    <StaffPage title={props.title} staff={{ name: staff.name, isAdmin: staff.isAdmin, csrf: staff.session.csrf }} quarantined={props.quarantined}>
      {props.children}
    </StaffPage>
  );
}

import { randomBytes } from 'node:crypto';
import { BASE_URL, type TestContext } from '../../helpers/app.js';

// The inquiry form as a browser posts it: urlencoded, from our own origin.

export const DEMO_ARTICLE = 'asia-pacific-governments-commit-to-child-rights';
export const DEMO_ARTICLE_TITLE = 'Asia-Pacific governments commit to increase cooperation for child rights';

export const uniqueEmail = (label = 'form') => `${label}.${randomBytes(4).toString('hex')}@example.com`;

/** A complete, valid form; override what a test is about. */
export function formFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: 'Nur Aisyah binti Ahmad',
    email: uniqueEmail(),
    phone: '',
    outlet: 'Berita Harian',
    outletType: 'newspaper',
    country: 'MY',
    language: 'ms',
    topic: '',
    subject: 'Kempen imunisasi campak',
    message: 'Berapakah bilangan kanak-kanak yang menerima vaksin?',
    deadlineDate: '',
    deadlineTime: '',
    deadlineZone: 'country',
    involvesChildren: 'no',
    consent: 'yes',
    website: '',
    ...overrides,
  };
}

export function postForm(
  t: TestContext,
  fields: Record<string, string>,
  opts: { lang?: string; headers?: Record<string, string>; path?: string } = {},
): Promise<Response> {
  const path = opts.path ?? `/inquiries/new${opts.lang ? `?lang=${opts.lang}` : ''}`;
  return t.request(path, {
    method: 'POST',
    headers: { origin: BASE_URL, 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded', ...opts.headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

/** The status page a 303 points to, with the one-time notice cookie it set. */
export async function followRedirect(t: TestContext, res: Response): Promise<{ res: Response; html: string; location: string }> {
  const location = res.headers.get('location')!;
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  const next = await t.request(location, { headers: cookie ? { cookie } : {} });
  return { res: next, html: await next.text(), location };
}

export async function inquiryByEmail(t: TestContext, email: string) {
  return t.db.selectFrom('inquiries').selectAll().where('email', '=', email).executeTakeFirst();
}

/** Every element with this id's attributes, as one string (to assert on aria-*). */
export function tagWithId(html: string, id: string): string {
  const m = new RegExp(`<(?:input|select|textarea)[^>]*\\sid="${id}"[^>]*>`).exec(html);
  return m?.[0] ?? '';
}

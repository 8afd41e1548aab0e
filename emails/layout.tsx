// Shared HTML building blocks: inline styles only, no tables, no images, no scripts.
// hono/jsx escapes every text child and attribute value, so user data is passed as plain strings.

import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';

const FONT =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans SC', sans-serif";
const TEXT = '#1f2933';
const MUTED = '#616e7c';
const ACCENT = '#0b5cab';

export function Layout(props: { lang: string; title: string; footer: string; children?: Child }) {
  return (
    <html lang={props.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <title>{props.title}</title>
      </head>
      <body style={`margin:0;padding:0;background:#f3f4f6;color:${TEXT};font-family:${FONT};font-size:16px;line-height:1.55;`}>
        <div style="max-width:600px;margin:0 auto;padding:16px 12px;">
          <div style="background:#ffffff;border-radius:6px;padding:24px 20px;overflow-wrap:break-word;word-wrap:break-word;">
            {props.children}
          </div>
          <p style={`margin:12px 4px 0;font-size:12px;color:${MUTED};`}>{props.footer}</p>
        </div>
      </body>
    </html>
  );
}

export function Heading(props: { children?: Child }) {
  return <h1 style={`margin:0 0 16px;font-size:20px;line-height:1.3;color:${TEXT};`}>{props.children}</h1>;
}

export function P(props: { children?: Child; muted?: boolean }) {
  return <p style={`margin:0 0 14px;${props.muted ? `color:${MUTED};font-size:14px;` : ''}`}>{props.children}</p>;
}

export type DetailRow = readonly [label: string, value: string];

/** Label/value pairs, stacked so they read well on a narrow screen. */
export function Details(props: { rows: readonly DetailRow[] }) {
  return (
    <div style="margin:0 0 16px;padding:12px 14px;background:#f7f9fb;border-left:3px solid #c5d3e0;border-radius:4px;">
      {props.rows.map(([label, value]) => (
        <div style="margin:0 0 8px;">
          <div style={`font-size:13px;color:${MUTED};`}>{label}</div>
          <div style="font-weight:600;">{value}</div>
        </div>
      ))}
    </div>
  );
}

export function Button(props: { href: string; children?: Child }) {
  return (
    <p style="margin:0 0 8px;">
      <a
        href={props.href}
        style={`display:inline-block;padding:10px 18px;background:${ACCENT};color:#ffffff;text-decoration:none;border-radius:4px;font-weight:600;`}
      >
        {props.children}
      </a>
    </p>
  );
}

/** The raw URL under a button, for clients that do not show buttons. */
export function LinkText(props: { href: string }) {
  return (
    <p style={`margin:0 0 16px;font-size:13px;color:${MUTED};word-break:break-all;`}>
      <a href={props.href} style={`color:${ACCENT};`}>
        {props.href}
      </a>
    </p>
  );
}

const TONES = {
  urgent: 'background:#fde8e8;border:1px solid #e02424;color:#771d1d;',
  warning: 'background:#fdf6e3;border:1px solid #d69e2e;color:#5f370e;',
} as const;

export function Notice(props: { tone: keyof typeof TONES; title: string; children?: Child }) {
  return (
    <div style={`margin:0 0 16px;padding:12px 14px;border-radius:4px;${TONES[props.tone]}`}>
      <div style="font-weight:700;margin:0 0 4px;">{props.title}</div>
      <div>{props.children}</div>
    </div>
  );
}

/** Long user text with its line breaks kept. */
export function Preformatted(props: { children: string }) {
  return (
    <div style="margin:0 0 16px;padding:12px 14px;background:#f7f9fb;border-radius:4px;white-space:pre-wrap;font-family:inherit;">
      {props.children}
    </div>
  );
}

/** Render a synchronous component tree to a complete HTML document. */
/** The closing line, the signature and the office, as a press officer signs a letter. */
export function SignOff(props: { closing: string; signature: string; office: string }) {
  return (
    <p style="margin:24px 0 0;">
      {props.closing}
      <br />
      <strong>{props.signature}</strong>
      <br />
      {props.office}
    </p>
  );
}

export function renderDocument(node: Child): string {
  const out = (
    <>
      {raw('<!doctype html>')}
      {node}
    </>
  ).toString();
  if (typeof out !== 'string') throw new Error('Email templates must render synchronously');
  return out;
}

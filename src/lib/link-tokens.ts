import { createHmac } from 'node:crypto';
import { nanoid } from 'nanoid';
import type { Config } from '../config.js';
import { sha256 } from './tokens.js';

/**
 * A reporter's private links (status page, reply addresses) are derived, not
 * stored: HMAC(LINK_SECRET, purpose:inquiry id:nonce). The row keeps the nonce
 * and sha256 of each token, so a database dump holds no usable link while the
 * service can rebuild them whenever it writes an email. A new nonce revokes them.
 */
export type LinkPurpose = 'status' | 'reply-reporter' | 'reply-staff';

export interface InquiryLinks {
  statusToken: string;
  replyReporterToken: string;
  replyStaffToken: string;
}

export interface LinkHashes {
  status_hash: string;
  reply_hash: string;
  staff_reply_hash: string;
}

/** 22 URL-safe characters, 132 random bits; nanoid draws them from a pool refilled in bulk (a sync randomBytes call each was ~2% of intake). */
export function newLinkNonce(): string {
  return nanoid(22);
}

export function deriveToken(secret: string, purpose: LinkPurpose, inquiryId: string, nonce: string): string {
  return createHmac('sha256', secret).update(`${purpose}:${inquiryId}:${nonce}`).digest('base64url');
}

export function inquiryLinks(secret: string, inquiry: { id: string; link_nonce: string }): InquiryLinks {
  return {
    statusToken: deriveToken(secret, 'status', inquiry.id, inquiry.link_nonce),
    replyReporterToken: deriveToken(secret, 'reply-reporter', inquiry.id, inquiry.link_nonce),
    replyStaffToken: deriveToken(secret, 'reply-staff', inquiry.id, inquiry.link_nonce),
  };
}

/** What the row stores for lookup. */
export function hashToken(token: string): string {
  return sha256(token);
}

export function linkHashes(links: InquiryLinks): LinkHashes {
  return {
    status_hash: hashToken(links.statusToken),
    reply_hash: hashToken(links.replyReporterToken),
    staff_reply_hash: hashToken(links.replyStaffToken),
  };
}

export function statusUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/inquiries/status/${token}`;
}

export function replyAddress(token: string, replyDomain: string): string {
  return `reply+${token}@${replyDomain}`;
}

/** The secret the links are derived from; resolved at start by withLinkSecret (src/lib/link-secret.ts). */
export function linkSecret(config: Pick<Config, 'LINK_SECRET'>): string {
  if (!config.LINK_SECRET) throw new Error('LINK_SECRET is not resolved: start the service through withLinkSecret(config)');
  return config.LINK_SECRET;
}

/** An inquiry's private links as the emails carry them, rebuilt from the row whenever needed. */
export function privateLinks(config: Pick<Config, 'LINK_SECRET' | 'PUBLIC_BASE_URL' | 'replyDomain'>, inquiry: { id: string; link_nonce: string }) {
  const links = inquiryLinks(linkSecret(config), inquiry);
  return {
    ...links,
    statusUrl: statusUrl(config.PUBLIC_BASE_URL, links.statusToken),
    reporterReplyTo: replyAddress(links.replyReporterToken, config.replyDomain),
    staffReplyTo: replyAddress(links.replyStaffToken, config.replyDomain),
  };
}

export const MASKED_STATUS_LINK = "[private link to the reporter's status page]";
export const MASKED_REPLY_ADDRESS = '[private reply address]';
export const MASKED_UNSUBSCRIBE_LINK = '[private unsubscribe link]';

// Linear-time: each pattern starts with a literal and consumes one character class.
const URL_WORD = /https?:\/\/[^\s"'<>]+/g;
const BARE_STATUS_PATH = /\/inquiries\/status\/[\w-]+/g;
const REPLY_ADDRESS = /(?:mailto:)?reply\+[\w-]+@[\w.-]+/g;

/**
 * The copy of an email staff may see (and the copy the outbox keeps once it
 * was delivered): every status or unsubscribe link and reply+ address masked.
 */
export function maskPrivateLinks(text: string): string {
  return text
    .replace(URL_WORD, (url) =>
      url.includes('/inquiries/status/') ? MASKED_STATUS_LINK : url.includes('/share/unsubscribe/') ? MASKED_UNSUBSCRIBE_LINK : url,
    )
    .replace(BARE_STATUS_PATH, MASKED_STATUS_LINK)
    .replace(REPLY_ADDRESS, MASKED_REPLY_ADDRESS);
}

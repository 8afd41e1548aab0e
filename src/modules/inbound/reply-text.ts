import EmailReplyParser from 'email-reply-parser';
import planer from 'planer';
import { htmlToText, mailDocument } from './html-text.js';
import { quoteStart, signatureStart } from './quote-markers.js';

// What a person wrote in this message, apart from the history their client
// quoted and their signature: the thread shows `visible`, and `full` is one
// click away. Text is preferred; HTML-only mail is planed with planer first.
// Folding never loses the message: when it would leave nothing, or something
// not in the full text, visible is the full text. So every line of `visible`
// is, trimmed, part of `full`, and `visible` is empty only when `full` is.

export interface ReplyText {
  visible: string;
  full: string;
}

/**
 * Beyond this, only our own linear markers run: some of email-reply-parser's
 * patterns are quadratic (a 32 KB text of "在" lines takes over a second).
 */
const LIBRARY_LIMIT = 16 * 1024;
/**
 * planer walks the DOM with jsdom's XPath, slow enough (about a second for
 * 300 elements) that larger HTML takes the text route. mailparser derives a
 * text part from HTML-only mail, so parsed mail rarely comes here at all.
 */
const PLANER_MAX_CHARS = 32 * 1024;
const PLANER_MAX_TAGS = 200;

function normalized(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\u00a0/g, ' ');
}

/** Cut at the first quote header, then at the first signature above it. */
function cutByMarkers(text: string): string {
  let lines = text.split('\n');
  const quote = quoteStart(lines);
  if (quote >= 0) lines = lines.slice(0, quote);
  const signature = signatureStart(lines);
  if (signature > 0) lines = lines.slice(0, signature);
  // History quoted with '>' below the answer, for texts too long for the library.
  let end = lines.length;
  while (end > 0 && (lines[end - 1]!.trim() === '' || lines[end - 1]!.startsWith('>'))) end--;
  if (end > 0) lines = lines.slice(0, end);
  return lines.join('\n');
}

function fold(text: string): string {
  const cut = cutByMarkers(text);
  if (cut.length > LIBRARY_LIMIT) return cut.trim();
  return new EmailReplyParser().parseReply(cut).trim();
}

/** Visible only if it is a true part of full; else the whole message. */
function guarded(visible: string, full: string): ReplyText {
  if (visible === '') return { visible: full, full };
  const foreign = visible.split('\n').some((line) => !full.includes(line.trim()));
  return { visible: foreign ? full : visible, full };
}

function fromText(text: string): ReplyText {
  const full = normalized(text).trim();
  return guarded(fold(full), full);
}

function tagCount(html: string): number {
  let n = 0;
  for (let i = html.indexOf('<'); i >= 0 && n <= PLANER_MAX_TAGS; i = html.indexOf('<', i + 1)) n++;
  return n;
}

function fromHtml(html: string): ReplyText {
  const full = htmlToText(html);
  if (html.length > PLANER_MAX_CHARS || tagCount(html) > PLANER_MAX_TAGS) return guarded(fold(full), full);
  const planed = htmlToText(planer.extractFrom(normalized(html), 'text/html', mailDocument()));
  return guarded(fold(planed), full);
}

export function visibleReply(mail: { text?: string | null; html?: string | false | null }): ReplyText {
  if (mail.text && mail.text.trim() !== '') return fromText(mail.text);
  if (mail.html && mail.html.trim() !== '') return fromHtml(mail.html);
  return { visible: '', full: '' };
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { visibleReply, type ReplyText } from '../../../src/modules/inbound/reply-text.js';

// Whatever a client sends, folding never loses the message and never invents
// one. The precise promise, for text and for HTML:
//   - visibleReply never throws;
//   - visible is empty exactly when full is;
//   - every line of visible, trimmed, occurs in full;
//   - for text, full is the text with CRLF/CR as LF, no-break spaces as
//     spaces, trimmed: nothing of it is lost.

const LINES = [
  'Thanks, 3pm works.',
  'Could you send the figures?',
  '谢谢，三点可以。',
  'Boleh, terima kasih.',
  '',
  ' ',
  '> Could you send the figures?',
  '>',
  '-- ',
  '--',
  'Sent from my iPhone',
  '发自我的iPhone',
  'Best regards,',
  'On Mon, 7 Dec 2026 at 09:12, Jane <jane@example.org> wrote:',
  'On Mon, 7 Dec 2026 at 09:12, Jane <',
  'jane@example.org> wrote:',
  'Pada Isn, 7 Dis 2026, Jane <jane@example.org> menulis:',
  '在 2026-12-07 09:12:33，"UNICEF" <a@b.org> 写道：',
  '------------------ 原始邮件 ------------------',
  '---- 回复的原邮件 ----',
  '-----Original Message-----',
  '________________________________',
  'From: UNICEF Media Malaysia <reply+abc@pressdesk.example.org>',
  'Sent: Monday, December 7, 2026 6:31 PM',
  '发件人: "UNICEF" <a@b.org>;',
  '发送时间: 2026年12月7日(星期一) 上午9:12',
  '| 发件人 | UNICEF<a@b.org> |',
  '| 日期 | 2026年12月8日 10:05 |',
  '\u00a0',
];

const line = fc.oneof(fc.constantFrom(...LINES), fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }));
const eol = fc.constantFrom('\n', '\r\n', '\r');
const text = fc
  .tuple(fc.array(line, { maxLength: 30 }), eol)
  .map(([lines, end]) => lines.join(end));

const HTML_PIECES = [
  '<div>Thanks, 3pm works.</div>',
  '<p>可以。</p>',
  '<br>',
  '<div><br></div>',
  '<blockquote>old text</blockquote>',
  '<div class="gmail_quote"><div class="gmail_attr">On Mon, Jane wrote:</div><blockquote>old</blockquote></div>',
  '<div id="divRplyFwdMsg"><b>From:</b> UNICEF<br><b>Sent:</b> Monday</div><div>old</div>',
  '<div>------------------&nbsp;原始邮件&nbsp;------------------</div><div><b>发件人:</b> UNICEF</div>',
  '<style>p{}</style>',
  '<table><tr><td>a</td><td>b</td></tr></table>',
  '<pre>  kept   as is </pre>',
  '&nbsp;',
  '&lt;not a tag&gt;',
  '<span>inline</span>',
  '</div>',
  '<div>',
];
const html = fc
  .array(fc.oneof(fc.constantFrom(...HTML_PIECES), fc.string({ maxLength: 30 })), { maxLength: 15 })
  .map((pieces) => pieces.join(''));

function expectFaithful({ visible, full }: ReplyText): void {
  expect(visible === '').toBe(full === '');
  for (const l of visible.split('\n')) expect(full).toContain(l.trim());
}

describe('visibleReply, for any input', () => {
  it('text: never throws, never empty unless the text is, never more than the text', () => {
    fc.assert(
      fc.property(text, (t) => {
        const result = visibleReply({ text: t });
        expectFaithful(result);
        expect(result.full).toBe(t.replace(/\r\n?/g, '\n').replace(/\u00a0/g, ' ').trim());
      }),
      { numRuns: 400 },
    );
  });

  it('HTML: never throws, never empty unless the text of the HTML is, never more than it', () => {
    fc.assert(
      fc.property(html, (h) => {
        expectFaithful(visibleReply({ html: h }));
      }),
      { numRuns: 150 },
    );
  });

  it('text and HTML together: the text decides', () => {
    fc.assert(
      fc.property(text, html, (t, h) => {
        const result = visibleReply({ text: t, html: h });
        expectFaithful(result);
        if (t.trim() !== '') expect(result).toEqual(visibleReply({ text: t }));
      }),
      { numRuns: 100 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { visibleReply } from '../../../src/modules/inbound/reply-text.js';
import { fixture } from './mail-samples.js';

// The thread shows what the person wrote in this message; the quoted history
// and the signature stay one click away in `full`.

describe('recorded replies', () => {
  const cases: [string, string, string][] = [
    [
      'gmail-reply.eml',
      'Hi Aisyah,\n\nThanks for the quick answer. Could we do the interview at 3pm tomorrow\ninstead? My deadline moved to Wednesday noon.\n\nBest,\nJane',
      'Hi Aisyah,\n\nThanks for the quick answer. Could we do the interview at 3pm tomorrow instead? My deadline moved to Wednesday noon.\n\nBest,\nJane',
    ],
    [
      'outlook-reply.eml',
      'Dear Jane,\n\nYes, 3pm works. Our health specialist Dr Lim will join the call; I will send\na Teams link in the morning.',
      'Dear Jane,\n\nYes, 3pm works. Our health specialist Dr Lim will join the call; I will send a Teams link in the morning.',
    ],
    [
      'qq-reply.eml',
      '您好，\n\n谢谢。我想确认一下：接种活动是否覆盖沙巴州的所有小学？我的截稿时间是周三中午。\n\n李明\n《星洲日报》记者',
      '您好，\n\n谢谢。我想确认一下：接种活动是否覆盖沙巴州的所有小学？我的截稿时间是周三中午。\n\n李明\n《星洲日报》记者',
    ],
    [
      '163-reply.eml',
      '收到，谢谢。请问周三上午能否安排电话采访？\n\n王芳',
      '收到，谢谢。请问周三上午能否安排电话采访？\n\n王芳',
    ],
  ];

  it.each(cases)('%s: from the text part', async (name, fromText) => {
    const mail = await fixture(name);
    expect(visibleReply(mail).visible).toBe(fromText);
  });

  it.each(cases)('%s: from the HTML part alone', async (name, _fromText, fromHtml) => {
    const mail = await fixture(name);
    expect(visibleReply({ html: mail.html }).visible).toBe(fromHtml);
  });

  it('163.com mobile: the "回复的原邮件" table and the phone signature are folded', async () => {
    expect(visibleReply(await fixture('163-mobile-reply.eml')).visible).toBe('好的，周三上午十点我等您的电话。');
  });

  it('full keeps the quoted history and the signature', async () => {
    const { full } = visibleReply(await fixture('gmail-reply.eml'));
    expect(full).toContain('Best,\nJane\n\nOn Mon, Dec 7, 2026 at 9:12 AM UNICEF Media Malaysia <');
    expect(full.endsWith('> UNICEF Media Malaysia\n>')).toBe(true);
    const qq = visibleReply(await fixture('qq-reply.eml')).full;
    expect(qq).toContain('------------------ 原始邮件 ------------------\n发件人: "UNICEF Media Malaysia"');
  });

  it('prefers the text part when the message has both', () => {
    expect(visibleReply({ text: 'From the text part', html: '<p>From the HTML part</p>' }).visible).toBe('From the text part');
    expect(visibleReply({ text: '  \n', html: '<p>From the HTML part</p>' }).visible).toBe('From the HTML part');
  });
});

describe('quote headers the libraries miss', () => {
  const cases: [string, string, string][] = [
    [
      'Gmail in Malay',
      'Boleh, pukul 3 petang.\n\nPada Isn, 7 Dis 2026 pada 9:12 PG, UNICEF Media Malaysia <reply+r7Kq@pressdesk.example.org> menulis:\n> Kami telah menerima soalan anda.',
      'Boleh, pukul 3 petang.',
    ],
    [
      'Gmail in Malay, wrapped',
      'Boleh.\n\nPada Isn, 7 Dis 2026 pada 9:12 PG UNICEF Media Malaysia <\nreply+r7Kq@pressdesk.example.org> menulis:\n\n> Kami telah menerima soalan anda.',
      'Boleh.',
    ],
    [
      'Apple Mail in Chinese',
      '没问题。\n\n2026年12月7日 09:12，UNICEF Media Malaysia <reply+r7Kq@pressdesk.example.org> 写道：\n\n尊敬的李明：我们已收到您的问题。',
      '没问题。',
    ],
    [
      'Foxmail header block',
      '请把数据表发给我，谢谢。\n\n\n发件人：UNICEF Media Malaysia <reply+r7Kq@pressdesk.example.org>\n发送时间：2026年12月7日 9:12\n收件人：李明 <liming8821@foxmail.com>\n主题：[PD-2026-00042] 我们已收到您的问题\n\n尊敬的李明：',
      '请把数据表发给我，谢谢。',
    ],
    [
      'Outlook in Chinese',
      '好的。\n\n________________________________\n发件人: UNICEF Media Malaysia <reply+r7Kq@pressdesk.example.org>\n发送时间: 2026年12月7日 9:12\n收件人: 李明\n主题: [PD-2026-00042]\n\n原文',
      '好的。',
    ],
    [
      'Outlook "-----Original Message-----"',
      'Figures attached.\n\n-----Original Message-----\nFrom: Jane Tan <jane.tan.reports@gmail.com>\nSent: Monday, 7 December 2026 6:31 PM\n\nCould you send the figures?',
      'Figures attached.',
    ],
    [
      'Outlook for Mac "From:" block without a rule',
      'See you at 3.\n\nFrom: Jane Tan <jane.tan.reports@gmail.com>\nDate: Monday, 7 December 2026 at 18:31\nTo: UNICEF Media Malaysia <reply+r7Kq@pressdesk.example.org>\nSubject: Re: interview\n\nCould we do 3pm?',
      'See you at 3.',
    ],
    [
      'a signature after "-- "',
      'Thanks, that is all I needed.\n\n-- \nJane Tan | Health reporter | The Star\n+60 12 345 6789',
      'Thanks, that is all I needed.',
    ],
    ['Sent from my iPhone', 'Yes, 3pm.\n\nSent from my iPhone', 'Yes, 3pm.'],
    ['发自我的iPhone', '可以，三点。\n\n发自我的iPhone', '可以，三点。'],
    ['Dihantar dari iPhone saya', 'Baik, terima kasih.\n\nDihantar dari iPhone saya', 'Baik, terima kasih.'],
  ];

  it.each(cases)('%s', (_name, text, visible) => {
    expect(visibleReply({ text }).visible).toBe(visible);
  });

  it('"写道：" inside a sentence is not a quote header', () => {
    const text = '他在文章中写道：\n疫苗接种率已经超过九成。请问这个数字准确吗？';
    expect(visibleReply({ text }).visible).toBe(text);
  });

  it('a "From:" line in the message without a date after it stays', () => {
    const text = 'From: the ministry\'s statement, the campaign covers Sabah.\nIs that right?';
    expect(visibleReply({ text }).visible).toBe(text);
  });
});

describe('never an empty reply', () => {
  it('a message that is all quote is shown whole', () => {
    const text = '> Could you send the figures?\n> Thanks';
    expect(visibleReply({ text })).toEqual({ visible: text, full: text });
  });

  it('a message that is only a quote header and history is shown whole', () => {
    const text = 'On Mon, 7 Dec 2026 at 09:12, Jane <jane.tan.reports@gmail.com> wrote:\n> hello';
    expect(visibleReply({ text }).visible).toBe(text);
  });

  it('a message with only a signature is shown whole', () => {
    expect(visibleReply({ text: 'Sent from my iPhone' }).visible).toBe('Sent from my iPhone');
  });

  it('line ends are normalised and the text trimmed', () => {
    expect(visibleReply({ text: '\r\nYes.\r\n\r\nSent from my iPhone\r\n' })).toEqual({
      visible: 'Yes.',
      full: 'Yes.\n\nSent from my iPhone',
    });
  });

  it('no text and no HTML is empty on both sides', () => {
    expect(visibleReply({})).toEqual({ visible: '', full: '' });
    expect(visibleReply({ text: null, html: false })).toEqual({ visible: '', full: '' });
  });

  it('HTML markup, styles and scripts are not text', () => {
    const html = '<html><head><style>p{color:red}</style><title>x</title></head><body><p>Yes&nbsp;&amp; thanks</p><script>alert(1)</script></body></html>';
    expect(visibleReply({ html })).toEqual({ visible: 'Yes & thanks', full: 'Yes & thanks' });
  });
});

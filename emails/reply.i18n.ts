// The wording around an officer's reply (to the reporter), one block per language.

import type { Lang } from './types.js';

export interface ReplyMessages {
  colon: string;
  reference: string;
  phone: string;
  follow: string;
  replyNote: string;
  footer: (office: string) => string;
}

const en: ReplyMessages = {
  colon: ': ',
  reference: 'Reference',
  phone: 'Tel.',
  follow: 'Follow your inquiry',
  replyNote: 'To add something, reply to this email.',
  footer: (office) => `Sent by ${office} through the media inquiry service.`,
};

const zh: ReplyMessages = {
  colon: '：',
  reference: '问询编号',
  phone: '电话',
  follow: '查看问询进展',
  replyNote: '如需补充信息，请直接回复本邮件。',
  footer: (office) => `此邮件由${office}通过媒体问询系统发送。`,
};

const ms: ReplyMessages = {
  colon: ': ',
  reference: 'Nombor rujukan',
  phone: 'Tel.',
  follow: 'Ikuti pertanyaan anda',
  replyNote: 'Untuk menambah maklumat, balas e-mel ini.',
  footer: (office) => `Dihantar oleh ${office} melalui perkhidmatan pertanyaan media.`,
};

export const replyMessages: Record<Lang, ReplyMessages> = { en, zh, ms };

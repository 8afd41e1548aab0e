// Wording of the holding note: the inquiry with the reporter's deadline reached its due time unanswered.

import type { Lang } from './types.js';

export interface HoldingNoteMessages {
  colon: string;
  greeting: (name: string) => string;
  /** we have the question and are working on it */
  body: (officeName: string, reference: string) => string;
  /** only when the office has a phone */
  phoneNote: (phone: string) => string;
  statusLink: string;
  replyNote: string;
  closing: string;
  signature: string;
  footer: (officeName: string) => string;
}

const en: HoldingNoteMessages = {
  colon: ': ',
  greeting: (name) => `Dear ${name},`,
  body: (office, ref) =>
    `We know you are working to a deadline, and we have not answered yet. We have your question (reference ${ref}) and ${office} is working on it; we will reply as soon as we can.`,
  phoneNote: (phone) => `If your deadline cannot wait, please call the press office on ${phone}.`,
  statusLink: 'Follow your inquiry',
  replyNote: 'To add something, reply to this email.',
  closing: 'Kind regards,',
  signature: 'The press office',
  footer: (office) => `This is an automatic message from the ${office} media inquiry service.`,
};

const zh: HoldingNoteMessages = {
  colon: '：',
  greeting: (name) => `${name}，您好！`,
  body: (office, ref) =>
    `我们知道您有截稿时间，但目前尚未能给您答复。您的问询（编号 ${ref}）我们已经收到，${office}正在处理，会尽快回复您。`,
  phoneNote: (phone) => `如截稿时间紧迫，请致电新闻办公室：${phone}。`,
  statusLink: '查看问询进展',
  replyNote: '如需补充信息，请直接回复本邮件。',
  closing: '顺颂时祺！',
  signature: '新闻办公室',
  footer: (office) => `此邮件由${office}媒体问询系统自动发送。`,
};

const ms: HoldingNoteMessages = {
  colon: ': ',
  greeting: (name) => `Salam sejahtera ${name},`,
  body: (office, ref) =>
    `Kami maklum anda perlu menyiapkan berita sebelum tarikh akhir, namun kami belum dapat memberikan jawapan. Pertanyaan anda (nombor rujukan ${ref}) telah kami terima dan ${office} sedang menanganinya; kami akan membalas secepat mungkin.`,
  phoneNote: (phone) => `Jika tarikh akhir anda tidak dapat ditangguhkan, sila hubungi pejabat akhbar di talian ${phone}.`,
  statusLink: 'Ikuti pertanyaan anda',
  replyNote: 'Untuk menambah maklumat, balas e-mel ini.',
  closing: 'Salam hormat,',
  signature: 'Pejabat Akhbar',
  footer: (office) => `Ini ialah mesej automatik daripada perkhidmatan pertanyaan media ${office}.`,
};

export const holdingNoteMessages: Record<Lang, HoldingNoteMessages> = { en, zh, ms };

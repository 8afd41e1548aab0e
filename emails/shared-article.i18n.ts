// Wording of the "Email this article" message, one block per language.

import type { Lang } from './types.js';

export interface SharedArticleMessages {
  colon: string;
  /** Fixed: no text of the sender's at all (name or note) — only us and the release title. */
  subject: (organisation: string, title: string) => string;
  heading: (sender: string, organisation: string) => string;
  readMore: string;
  noteTitle: (sender: string) => string;
  noteDisclaimer: string;
  replyNote: (sender: string) => string;
  whyTitle: string;
  why: (sender: string, organisation: string) => string;
  unsubscribe: string;
  unsubscribeLink: string;
  footer: (organisation: string) => string;
}

const en: SharedArticleMessages = {
  colon: ': ',
  subject: (org, title) => `A news release from ${org}: ${title}`,
  heading: (sender, org) => `${sender} thought you might be interested in this release from ${org}`,
  readMore: 'Read the full release',
  noteTitle: (sender) => `A note from ${sender}`,
  noteDisclaimer: 'These are the sender\u2019s own words, not ours. Links are removed.',
  replyNote: (sender) => `Replying to this email reaches ${sender}, not us.`,
  whyTitle: 'Why you received this',
  why: (sender, org) =>
    `${sender} entered your address in the "Email this article" form of the ${org} media centre. We do not keep your address and will not add you to any list.`,
  unsubscribe: 'Never receive articles shared through our media centre again:',
  unsubscribeLink: 'Unsubscribe',
  footer: (org) => `Sent automatically by the ${org} media centre on behalf of a reader.`,
};

const zh: SharedArticleMessages = {
  colon: '：',
  subject: (org, title) => `${org}新闻稿：${title}`,
  heading: (sender, org) => `${sender}认为您可能会对${org}的这篇新闻稿感兴趣`,
  readMore: '阅读新闻稿全文',
  noteTitle: (sender) => `${sender}的留言`,
  noteDisclaimer: '以下为发件人本人的留言，并非我们的内容。其中的链接已被删除。',
  replyNote: (sender) => `回复此邮件将发送给${sender}，而不是我们。`,
  whyTitle: '您为何收到此邮件',
  why: (sender, org) => `${sender}在${org}媒体中心的"通过电子邮件发送本文"表单中填写了您的地址。我们不会保存您的地址，也不会将您加入任何邮件列表。`,
  unsubscribe: '不再接收通过我们媒体中心分享的文章：',
  unsubscribeLink: '退订',
  footer: (org) => `此邮件由${org}媒体中心代一位读者自动发送。`,
};

const ms: SharedArticleMessages = {
  colon: ': ',
  subject: (org, title) => `Kenyataan media daripada ${org}: ${title}`,
  heading: (sender, org) => `${sender} fikir anda mungkin berminat dengan kenyataan media daripada ${org} ini`,
  readMore: 'Baca kenyataan media penuh',
  noteTitle: (sender) => `Catatan daripada ${sender}`,
  noteDisclaimer: 'Ini ialah kata-kata penghantar sendiri, bukan kami. Pautan telah dibuang.',
  replyNote: (sender) => `Membalas e-mel ini akan sampai kepada ${sender}, bukan kepada kami.`,
  whyTitle: 'Mengapa anda menerima e-mel ini',
  why: (sender, org) =>
    `${sender} telah memasukkan alamat anda dalam borang "E-melkan artikel ini" di pusat media ${org}. Kami tidak menyimpan alamat anda dan tidak akan menambah anda ke dalam sebarang senarai.`,
  unsubscribe: 'Jangan sekali-kali terima artikel yang dikongsi melalui pusat media kami lagi:',
  unsubscribeLink: 'Berhenti langganan',
  footer: (org) => `Dihantar secara automatik oleh pusat media ${org} bagi pihak seorang pembaca.`,
};

export const sharedArticleMessages: Record<Lang, SharedArticleMessages> = { en, zh, ms };

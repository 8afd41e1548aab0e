import type { InquiryStatus } from '../../db/schema.js';
import type { Lang } from '../i18n.js';

type Status = InquiryStatus;

export interface StatusMessages {
  title: (reference: string) => string;
  status: Record<Status, string>;
  labels: { status: string; office: string; whoWillAnswer: string; received: string; dueAt: string; deadline: string };
  pressOfficer: string;
  /** After a time in the reporter's own zone. */
  yourTime: string;
  thread: string;
  original: string;
  replyFrom: (name: string) => string;
  youWrote: string;
  followUp: { heading: string; label: string; hint: string; send: string };
  notices: { received: (reference: string, who: string) => string; sent: string };
  keepPrivate: string;
  notFound: { title: string; body: string };
  errors: { summary: string; required: string; tooLong: string; invalid: string };
  limited: { title: string; body: (minutes: number) => string };
  forbidden: { title: string; body: string };
  unsupported: { title: string; body: string };
  tooLarge: { title: string; body: string };
  /** The same follow-up form posted again with a different text (its one-time token already used). */
  alreadySent: { title: string; body: string };
  back: string;
}

const en: StatusMessages = {
  title: (ref) => `Inquiry ${ref}`,
  status: { new: 'Received', open: 'Being worked on', reporter_replied: 'Your reply is with the press office', waiting: 'Waiting for your reply', answered: 'Answered', closed: 'Closed' },
  labels: {
    status: 'Status',
    office: 'Office',
    whoWillAnswer: 'Who will answer',
    received: 'Received',
    dueAt: 'We aim to answer by',
    deadline: 'Your deadline',
  },
  pressOfficer: 'A press officer',
  yourTime: 'your time',
  thread: 'Messages',
  original: 'Your inquiry',
  replyFrom: (name) => `Reply from ${name}`,
  youWrote: 'You wrote',
  followUp: {
    heading: 'Add a message',
    label: 'Your message',
    hint: 'Up to 5,000 characters. The press officer is told at once.',
    send: 'Send message',
  },
  notices: {
    received: (ref, who) => `Thank you. We have received your inquiry, reference ${ref}. ${who} will answer. An acknowledgement is on its way to your email.`,
    sent: 'Your message was sent to the press office.',
  },
  keepPrivate: 'Keep this link private: anyone who has it can see this inquiry.',
  notFound: {
    title: 'Inquiry not found',
    body: 'This link does not match any inquiry. Check that you copied the whole link from your acknowledgement email.',
  },
  errors: {
    summary: 'There is a problem',
    required: 'Enter your message',
    tooLong: 'Use at most 5,000 characters',
    invalid: 'Remove the special control characters from your message',
  },
  limited: {
    title: 'Too many messages',
    body: (m) => `You have sent many messages in a short time. Please try again in about ${m} minute${m === 1 ? '' : 's'}.`,
  },
  forbidden: { title: 'Message not accepted', body: 'This message was sent from another website, so we did not accept it. Open your status page and send it again.' },
  unsupported: { title: 'Message not accepted', body: 'The message was sent in a format we do not accept. Open your status page and send it again.' },
  tooLarge: { title: 'Too much text', body: 'The message was larger than we accept. Shorten it and send it again.' },
  alreadySent: {
    title: 'This message was already sent',
    body: 'This form was already sent with a different text, so we did not add it again. Your first message is on your status page; write a new message there to add something.',
  },
  back: 'Back to your inquiry',
};

const zh: StatusMessages = {
  title: (ref) => `问询 ${ref}`,
  status: { new: '已收到', open: '处理中', reporter_replied: '新闻办公室已收到您的回复', waiting: '等待您的回复', answered: '已答复', closed: '已结束' },
  labels: {
    status: '状态',
    office: '受理办公室',
    whoWillAnswer: '负责人',
    received: '收到时间',
    dueAt: '预计答复时间',
    deadline: '您的截稿时间',
  },
  pressOfficer: '我们的新闻官员',
  yourTime: '您的当地时间',
  thread: '往来消息',
  original: '您的问询',
  replyFrom: (name) => `${name} 的答复`,
  youWrote: '您的补充',
  followUp: { heading: '补充信息', label: '您的消息', hint: '最多 5000 个字符。新闻官员会立即收到通知。', send: '发送消息' },
  notices: {
    received: (ref, who) => `谢谢！我们已收到您的问询，编号 ${ref}。将由${who}答复。确认邮件正在发送至您的邮箱。`,
    sent: '您的消息已发送至新闻办公室。',
  },
  keepPrivate: '请妥善保管此链接：任何获得该链接的人都可以查看此问询。',
  notFound: { title: '未找到问询', body: '此链接与任何问询都不匹配。请检查您是否完整复制了确认邮件中的链接。' },
  errors: { summary: '表单有误', required: '请填写您的消息', tooLong: '最多 5000 个字符', invalid: '请删除消息中的特殊控制字符' },
  limited: { title: '消息过多', body: (m) => `您在短时间内发送了大量消息。请约 ${m} 分钟后再试。` },
  forbidden: { title: '消息未被接受', body: '该消息来自其他网站，因此未被接受。请打开您的问询页面后重新发送。' },
  unsupported: { title: '消息未被接受', body: '消息的提交格式无法识别。请打开您的问询页面后重新发送。' },
  tooLarge: { title: '内容过长', body: '消息超出了允许的长度。请缩短后重新发送。' },
  alreadySent: { title: '此消息已发送', body: '此表单此前已提交过，且内容不同，因此未再次添加。您的第一条消息显示在问询页面上；如需补充，请在该页面撰写新消息。' },
  back: '返回您的问询',
};

const ms: StatusMessages = {
  title: (ref) => `Pertanyaan ${ref}`,
  status: { new: 'Diterima', open: 'Sedang diuruskan', reporter_replied: 'Balasan anda telah diterima oleh pejabat media', waiting: 'Menunggu jawapan anda', answered: 'Telah dijawab', closed: 'Ditutup' },
  labels: {
    status: 'Status',
    office: 'Pejabat',
    whoWillAnswer: 'Akan dijawab oleh',
    received: 'Diterima',
    dueAt: 'Sasaran jawapan',
    deadline: 'Tarikh akhir anda',
  },
  pressOfficer: 'Pegawai media kami',
  yourTime: 'waktu anda',
  thread: 'Mesej',
  original: 'Pertanyaan anda',
  replyFrom: (name) => `Jawapan daripada ${name}`,
  youWrote: 'Anda menulis',
  followUp: {
    heading: 'Tambah mesej',
    label: 'Mesej anda',
    hint: 'Sehingga 5,000 aksara. Pegawai media akan dimaklumkan serta-merta.',
    send: 'Hantar mesej',
  },
  notices: {
    received: (ref, who) =>
      `Terima kasih. Kami telah menerima pertanyaan anda, nombor rujukan ${ref}. ${who} akan menjawab. E-mel pengesahan sedang dihantar kepada anda.`,
    sent: 'Mesej anda telah dihantar kepada pejabat media.',
  },
  keepPrivate: 'Rahsiakan pautan ini: sesiapa yang memilikinya boleh melihat pertanyaan ini.',
  notFound: {
    title: 'Pertanyaan tidak ditemui',
    body: 'Pautan ini tidak sepadan dengan mana-mana pertanyaan. Pastikan anda menyalin keseluruhan pautan daripada e-mel pengesahan anda.',
  },
  errors: {
    summary: 'Terdapat masalah',
    required: 'Masukkan mesej anda',
    tooLong: 'Gunakan tidak lebih daripada 5,000 aksara',
    invalid: 'Buang aksara kawalan khas daripada mesej anda',
  },
  limited: {
    title: 'Terlalu banyak mesej',
    body: (m) => `Anda telah menghantar banyak mesej dalam masa yang singkat. Sila cuba lagi dalam kira-kira ${m} minit.`,
  },
  forbidden: {
    title: 'Mesej tidak diterima',
    body: 'Mesej ini dihantar dari laman web lain, jadi kami tidak menerimanya. Buka halaman status anda dan hantar sekali lagi.',
  },
  unsupported: { title: 'Mesej tidak diterima', body: 'Mesej dihantar dalam format yang tidak kami terima. Buka halaman status anda dan hantar sekali lagi.' },
  tooLarge: { title: 'Teks terlalu panjang', body: 'Mesej melebihi saiz yang kami terima. Pendekkan dan hantar sekali lagi.' },
  alreadySent: {
    title: 'Mesej ini telah dihantar',
    body: 'Borang ini telah dihantar sebelum ini dengan teks yang berbeza, jadi kami tidak menambahnya sekali lagi. Mesej pertama anda ada di halaman status anda; tulis mesej baharu di sana untuk menambah sesuatu.',
  },
  back: 'Kembali ke pertanyaan anda',
};

export const statusMessages: Record<Lang, StatusMessages> = { en, zh, ms };

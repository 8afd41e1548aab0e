// The acknowledgement's wording (to the reporter), one block per language.

import type { Lang } from './types.js';

export interface AcknowledgementMessages {
  /** between a label and its value in the plain-text part */
  colon: string;
  subject: (reference: string, subject: string) => string;
  heading: string;
  greeting: (name: string) => string;
  intro: (officeName: string, reference: string) => string;
  labels: {
    reference: string;
    subject: string;
    office: string;
    handledBy: string;
    dueAt: string;
    deadline: string;
  };
  /** shown under "handled by" when nobody is assigned yet */
  pressOfficer: string;
  contact: (name: string, title: string) => string;
  deadlineNote: string;
  statusIntro: string;
  statusButton: string;
  replyNote: string;
  /** how to reach the office by phone on deadline; shown when the office has a phone */
  phoneNote: (phone: string) => string;
  childrenTitle: string;
  childrenBody: string;
  childrenLink: string;
  closing: string;
  signature: string;
  footer: (officeName: string) => string;
}

const en: AcknowledgementMessages = {
  colon: ': ',
  subject: (ref, subject) => `We received your inquiry ${ref}: ${subject}`,
  heading: 'Your inquiry has been received',
  greeting: (name) => `Dear ${name},`,
  intro: (office, ref) =>
    `Thank you for contacting ${office}. We have received your inquiry and registered it under reference ${ref}.`,
  labels: {
    reference: 'Reference',
    subject: 'Subject',
    office: 'Received by',
    handledBy: 'Handled by',
    dueAt: 'We aim to reply by',
    deadline: 'Your deadline',
  },
  pressOfficer: 'A press officer',
  contact: (name, title) => (title ? `${name}, ${title}` : name),
  deadlineNote: 'We have noted your deadline and will do our best to respond before it.',
  statusIntro:
    'You can follow the progress of your inquiry at any time through the private link below. It is personal to you, so please do not forward it.',
  statusButton: 'Follow your inquiry',
  replyNote:
    'Need to add something? Reply to this email to reach the press office, and keep the reference number in the subject line.',
  phoneNote: (phone) => `On a tight deadline? Call the press office on ${phone}.`,
  childrenTitle: 'Reporting on children',
  childrenBody:
    "Your inquiry involves children. In line with our ethical guidelines for reporting on children, any interview or photograph of a child requires the informed consent of both the child and a parent or guardian. Please protect the child's identity and make sure your coverage does them no harm.",
  childrenLink: 'Read the guidelines for reporting on children',
  closing: 'Kind regards,',
  signature: 'The press office',
  footer: (office) => `This is an automatic message from the ${office} media inquiry service.`,
};

const zh: AcknowledgementMessages = {
  colon: '：',
  subject: (ref, subject) => `我们已收到您的问询 ${ref}：${subject}`,
  heading: '您的问询已收到',
  greeting: (name) => `${name}，您好！`,
  intro: (office, ref) => `感谢您联系${office}。我们已收到您的问询，问询编号为 ${ref}。`,
  labels: {
    reference: '问询编号',
    subject: '主题',
    office: '受理办公室',
    handledBy: '负责人',
    dueAt: '预计答复时间',
    deadline: '您的截稿时间',
  },
  pressOfficer: '我们的新闻官员',
  contact: (name, title) => (title ? `${name}（${title}）` : name),
  deadlineNote: '我们已注意到您的截稿时间，将尽力在此之前给予答复。',
  statusIntro: '您可以通过以下专属链接随时查看问询进展。该链接仅供您本人使用，请勿转发。',
  statusButton: '查看问询进展',
  replyNote: '如需补充信息，直接回复本邮件即可联系新闻办公室。请保留邮件主题中的问询编号。',
  phoneNote: (phone) => `如截稿时间紧迫，请致电新闻办公室：${phone}。`,
  childrenTitle: '关于涉及儿童的报道',
  childrenBody:
    '您的问询涉及儿童。根据我们的儿童报道伦理准则，采访或拍摄儿童须事先征得儿童本人及其父母或监护人的知情同意。请注意保护儿童的身份信息，确保报道不会对儿童造成任何伤害。',
  childrenLink: '阅读儿童报道伦理准则',
  closing: '顺颂时祺！',
  signature: '新闻办公室',
  footer: (office) => `此邮件由${office}媒体问询系统自动发送。`,
};

const ms: AcknowledgementMessages = {
  colon: ': ',
  subject: (ref, subject) => `Kami telah menerima pertanyaan anda ${ref}: ${subject}`,
  heading: 'Pertanyaan anda telah diterima',
  greeting: (name) => `Salam sejahtera ${name},`,
  intro: (office, ref) =>
    `Terima kasih kerana menghubungi ${office}. Pertanyaan anda telah kami terima dan didaftarkan dengan nombor rujukan ${ref}.`,
  labels: {
    reference: 'Nombor rujukan',
    subject: 'Subjek',
    office: 'Diterima oleh',
    handledBy: 'Dikendalikan oleh',
    dueAt: 'Sasaran jawapan',
    deadline: 'Tarikh akhir anda',
  },
  pressOfficer: 'Pegawai media kami',
  contact: (name, title) => (title ? `${name}, ${title}` : name),
  deadlineNote:
    'Kami telah mengambil maklum tarikh akhir anda dan akan berusaha sedaya upaya untuk menjawab sebelum tarikh tersebut.',
  statusIntro:
    'Anda boleh mengikuti perkembangan pertanyaan anda pada bila-bila masa melalui pautan peribadi di bawah. Pautan ini khusus untuk anda, jadi sila jangan kongsikannya.',
  statusButton: 'Ikuti pertanyaan anda',
  replyNote:
    'Ingin menambah maklumat? Balas e-mel ini untuk menghubungi pejabat akhbar, dan kekalkan nombor rujukan dalam baris subjek.',
  phoneNote: (phone) => `Tarikh akhir anda sudah hampir? Sila hubungi pejabat akhbar di talian ${phone}.`,
  childrenTitle: 'Liputan melibatkan kanak-kanak',
  childrenBody:
    'Pertanyaan anda melibatkan kanak-kanak. Selaras dengan garis panduan etika kami bagi pelaporan tentang kanak-kanak, sebarang temu bual atau gambar kanak-kanak memerlukan persetujuan termaklum daripada kanak-kanak itu sendiri serta ibu bapa atau penjaganya. Sila lindungi identiti kanak-kanak dan pastikan liputan anda tidak mendatangkan sebarang kemudaratan kepada mereka.',
  childrenLink: 'Baca garis panduan pelaporan tentang kanak-kanak',
  closing: 'Salam hormat,',
  signature: 'Pejabat Akhbar',
  footer: (office) => `Ini ialah mesej automatik daripada perkhidmatan pertanyaan media ${office}.`,
};

export const acknowledgementMessages: Record<Lang, AcknowledgementMessages> = { en, zh, ms };

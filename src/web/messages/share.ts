import { messagesFor } from '../../lib/languages.js';
import type { Lang } from '../i18n.js';

/** Why a share field was refused; the API says it in English, the page in the page's language. */
export type ShareErrorCode =
  | 'recipients.required'
  | 'recipients.too_many'
  | 'email.invalid'
  | 'name.required'
  | 'name.too_long'
  | 'name.control'
  | 'name.link'
  | 'name.email'
  | 'note.too_long'
  | 'note.control'
  | 'language.invalid'
  | 'altcha.missing'
  | 'altcha.invalid'
  | 'altcha.expired'
  | 'altcha.used';

export interface ShareMessages {
  heading: string;
  intro: string;
  recipients: string;
  recipientsHint: string;
  recipientLabel: (n: number) => string;
  senderName: string;
  senderNameHint: string;
  senderEmail: string;
  senderEmailHint: string;
  note: string;
  noteHint: string;
  check: string;
  submit: string;
  needsJs: string;
  mailto: string;
  mailtoHint: string;
  privacy: string;
  errorSummary: string;
  errors: Record<ShareErrorCode, string>;
  /** After a share: the success page. */
  sentTitle: string;
  sentBody: string;
  backToRelease: string;
  /** 429 page */
  limitedTitle: string;
  limitedBody: (when: string) => string;
  /** When a limit resets, roughly: within the hour in minutes, else in hours. */
  retryIn: { minutes: (n: number) => string; hours: (n: number) => string };
  /** Unsubscribe pages */
  unsubscribeTitle: string;
  unsubscribeBody: string;
  unsubscribeButton: string;
  unsubscribedTitle: string;
  unsubscribedBody: string;
  unknownLinkTitle: string;
  unknownLinkBody: string;
  crossSite: string;
  notFoundTitle: string;
  notFoundBody: string;
  /** The widget's own strings (altcha), registered by /assets/share.js. */
  widget: Record<string, string>;
}

const en: ShareMessages = {
  heading: 'Email this article',
  intro: 'Send this release to up to five people. Each gets a separate message from the press office with your name and note.',
  recipients: 'Send to',
  recipientsHint: 'Up to five email addresses, one per box.',
  recipientLabel: (n) => `Recipient ${n}`,
  senderName: 'Your name',
  senderNameHint: 'Shown to the recipients. No web addresses.',
  senderEmail: 'Your email address',
  senderEmailHint: 'Replies from the recipients come to this address.',
  note: 'Your note (optional)',
  noteHint: 'Plain text, at most 500 characters. Web addresses are removed.',
  check: 'Spam check',
  submit: 'Send',
  needsJs:
    'This form needs JavaScript for a short automatic check that keeps it from being used for spam. Without JavaScript, use the link below to send the article from your own mail program.',
  mailto: 'Email it from your own mail program',
  mailtoHint: 'Opens a new message with the title and link of this release.',
  privacy:
    'We store no addresses from this form: only a one-way code of each, to count shares, apply daily limits and honour unsubscribe requests.',
  errorSummary: 'Please correct the following:',
  errors: {
    'recipients.required': 'Enter at least one email address.',
    'recipients.too_many': 'You can send to at most five addresses.',
    'email.invalid': 'Enter a plain email address such as name@example.com.',
    'name.required': 'Enter your name.',
    'name.too_long': 'Your name can be at most 100 characters.',
    'name.control': 'Your name must be a single line.',
    'name.link': 'Your name must not contain a web address.',
    'name.email': 'Enter your name here, not an email address.',
    'note.too_long': 'The note can be at most 500 characters.',
    'note.control': 'The note contains characters that are not allowed.',
    'language.invalid': 'Unknown language.',
    'altcha.missing': 'The spam check has not been completed. Tick the box and wait for it to finish, then send again.',
    'altcha.invalid': 'The spam check failed. Please try again.',
    'altcha.expired': 'The spam check has expired. Please tick the box again.',
    'altcha.used': 'This spam check has already been used. Please tick the box again.',
  },
  sentTitle: 'Sent',
  sentBody: 'Thank you. The release is on its way; each recipient gets a separate message.',
  backToRelease: 'Back to the release',
  limitedTitle: 'Too many shares for today',
  limitedBody: (when) => `To keep this form from being used for spam, the number of messages per day is limited. Please try again ${when}.`,
  retryIn: { minutes: (n) => `in ${n} minute${n === 1 ? '' : 's'}`, hours: (n) => `in ${n} hour${n === 1 ? '' : 's'}` },
  unsubscribeTitle: 'Stop shared articles',
  unsubscribeBody:
    'Someone used our media centre to send you a release. Press the button and this address will never again receive articles that people share through our site.',
  unsubscribeButton: 'Unsubscribe',
  unsubscribedTitle: 'You are unsubscribed',
  unsubscribedBody: 'This address will not receive shared articles from our media centre again.',
  unknownLinkTitle: 'Unknown link',
  unknownLinkBody: 'This unsubscribe link is not valid. Please use the link in the message you received.',
  crossSite: 'This form can only be sent from our own site. Please reload the page and try again.',
  notFoundTitle: 'Release not found',
  notFoundBody: 'There is no published release at this address.',
  widget: {
    label: "I'm not a robot",
    verified: 'Verified',
    verifying: 'Checking…',
    waitAlert: 'Checking… please wait.',
    verificationRequired: 'Please complete the spam check.',
    error: 'The check failed. Please try again later.',
    expired: 'The check expired. Please try again.',
    loading: 'Loading…',
    reload: 'Reload',
    verify: 'Verify',
  },
};

const zh: ShareMessages = {
  heading: '通过电子邮件发送本文',
  intro: '将本新闻稿发送给最多五个人。每位收件人都会收到新闻办公室发出的单独邮件，其中附有您的姓名和留言。',
  recipients: '收件人',
  recipientsHint: '最多五个电子邮件地址，每个输入框填写一个。',
  recipientLabel: (n) => `收件人 ${n}`,
  senderName: '您的姓名',
  senderNameHint: '将显示给收件人。不得包含网址。',
  senderEmail: '您的电子邮件地址',
  senderEmailHint: '收件人的回复将发送到此地址。',
  note: '您的留言（选填）',
  noteHint: '纯文本，最多 500 个字符。网址将被删除。',
  check: '防垃圾邮件验证',
  submit: '发送',
  needsJs: '此表单需要 JavaScript 进行简短的自动验证，以防被用于发送垃圾邮件。如未启用 JavaScript，请使用下方链接，通过您自己的邮件程序发送本文。',
  mailto: '用您自己的邮件程序发送',
  mailtoHint: '将新建一封包含本新闻稿标题和链接的邮件。',
  privacy: '我们不会保存通过此表单提交的任何电子邮件地址，只保存每个地址的单向编码，用于统计分享次数、执行每日限额和处理退订请求。',
  errorSummary: '请更正以下内容：',
  errors: {
    'recipients.required': '请至少填写一个电子邮件地址。',
    'recipients.too_many': '最多只能发送给五个地址。',
    'email.invalid': '请填写有效的电子邮件地址，例如 name@example.com。',
    'name.required': '请填写您的姓名。',
    'name.too_long': '姓名最多 100 个字符。',
    'name.control': '姓名只能占一行。',
    'name.link': '姓名中不得包含网址。',
    'name.email': '请在此填写您的姓名，而不是电子邮件地址。',
    'note.too_long': '留言最多 500 个字符。',
    'note.control': '留言中含有不允许使用的字符。',
    'language.invalid': '未知的语言。',
    'altcha.missing': '防垃圾邮件验证尚未完成。请勾选方框并等待验证完成后再发送。',
    'altcha.invalid': '防垃圾邮件验证未通过，请重试。',
    'altcha.expired': '防垃圾邮件验证已过期，请重新勾选方框。',
    'altcha.used': '此验证已使用过，请重新勾选方框。',
  },
  sentTitle: '已发送',
  sentBody: '谢谢。新闻稿正在发送中，每位收件人都会收到一封单独的邮件。',
  backToRelease: '返回新闻稿',
  limitedTitle: '今天的分享次数过多',
  limitedBody: (when) => `为防止此表单被用于发送垃圾邮件，每天的发送数量有限制。请于${when}再试。`,
  retryIn: { minutes: (n) => `${n} 分钟后`, hours: (n) => `${n} 小时后` },
  unsubscribeTitle: '不再接收分享的文章',
  unsubscribeBody: '有人通过我们的媒体中心向您发送了一篇新闻稿。点击下方按钮后，此地址将不会再收到他人通过我们网站分享的文章。',
  unsubscribeButton: '退订',
  unsubscribedTitle: '您已成功退订',
  unsubscribedBody: '此地址将不会再收到通过我们媒体中心分享的文章。',
  unknownLinkTitle: '链接无效',
  unknownLinkBody: '此退订链接无效。请使用您收到的邮件中的链接。',
  crossSite: '此表单只能从我们的网站提交。请刷新页面后重试。',
  notFoundTitle: '未找到新闻稿',
  notFoundBody: '此地址没有已发布的新闻稿。',
  widget: {
    label: '我不是机器人',
    verified: '已验证',
    verifying: '正在验证…',
    waitAlert: '正在验证，请稍候。',
    verificationRequired: '请完成防垃圾邮件验证。',
    error: '验证失败，请稍后再试。',
    expired: '验证已过期，请重试。',
    loading: '正在加载…',
    reload: '重新加载',
    verify: '验证',
  },
};

const ms: ShareMessages = {
  heading: 'E-melkan artikel ini',
  intro:
    'Hantar kenyataan media ini kepada sehingga lima orang. Setiap penerima akan mendapat mesej berasingan daripada pejabat media bersama nama dan catatan anda.',
  recipients: 'Hantar kepada',
  recipientsHint: 'Sehingga lima alamat e-mel, satu dalam setiap kotak.',
  recipientLabel: (n) => `Penerima ${n}`,
  senderName: 'Nama anda',
  senderNameHint: 'Dipaparkan kepada penerima. Tiada alamat web.',
  senderEmail: 'Alamat e-mel anda',
  senderEmailHint: 'Balasan daripada penerima akan dihantar ke alamat ini.',
  note: 'Catatan anda (pilihan)',
  noteHint: 'Teks biasa, paling banyak 500 aksara. Alamat web akan dibuang.',
  check: 'Semakan spam',
  submit: 'Hantar',
  needsJs:
    'Borang ini memerlukan JavaScript untuk semakan automatik yang ringkas bagi mengelakkannya daripada digunakan untuk spam. Tanpa JavaScript, gunakan pautan di bawah untuk menghantar artikel ini daripada program e-mel anda sendiri.',
  mailto: 'Hantar melalui program e-mel anda sendiri',
  mailtoHint: 'Membuka mesej baharu dengan tajuk dan pautan kenyataan media ini.',
  privacy:
    'Kami tidak menyimpan sebarang alamat daripada borang ini: hanya kod sehala bagi setiap alamat, untuk mengira perkongsian, mengenakan had harian dan menghormati permintaan berhenti langganan.',
  errorSummary: 'Sila betulkan perkara berikut:',
  errors: {
    'recipients.required': 'Masukkan sekurang-kurangnya satu alamat e-mel.',
    'recipients.too_many': 'Anda boleh menghantar kepada paling banyak lima alamat.',
    'email.invalid': 'Masukkan alamat e-mel biasa seperti nama@example.com.',
    'name.required': 'Masukkan nama anda.',
    'name.too_long': 'Nama anda paling panjang 100 aksara.',
    'name.control': 'Nama anda mestilah dalam satu baris.',
    'name.link': 'Nama anda tidak boleh mengandungi alamat web.',
    'name.email': 'Masukkan nama anda di sini, bukan alamat e-mel.',
    'note.too_long': 'Catatan paling panjang 500 aksara.',
    'note.control': 'Catatan mengandungi aksara yang tidak dibenarkan.',
    'language.invalid': 'Bahasa tidak dikenali.',
    'altcha.missing': 'Semakan spam belum selesai. Tandakan kotak dan tunggu sehingga selesai, kemudian hantar semula.',
    'altcha.invalid': 'Semakan spam gagal. Sila cuba lagi.',
    'altcha.expired': 'Semakan spam telah tamat tempoh. Sila tandakan kotak sekali lagi.',
    'altcha.used': 'Semakan spam ini telah digunakan. Sila tandakan kotak sekali lagi.',
  },
  sentTitle: 'Telah dihantar',
  sentBody: 'Terima kasih. Kenyataan media ini sedang dihantar; setiap penerima mendapat mesej berasingan.',
  backToRelease: 'Kembali ke kenyataan media',
  limitedTitle: 'Terlalu banyak perkongsian untuk hari ini',
  limitedBody: (when) => `Untuk mengelakkan borang ini digunakan untuk spam, bilangan mesej sehari adalah terhad. Sila cuba lagi ${when}.`,
  retryIn: { minutes: (n) => `dalam masa ${n} minit`, hours: (n) => `dalam masa ${n} jam` },
  unsubscribeTitle: 'Hentikan artikel yang dikongsi',
  unsubscribeBody:
    'Seseorang telah menggunakan pusat media kami untuk menghantar kenyataan media kepada anda. Tekan butang di bawah dan alamat ini tidak akan lagi menerima artikel yang dikongsi melalui laman kami.',
  unsubscribeButton: 'Berhenti langganan',
  unsubscribedTitle: 'Anda telah berhenti melanggan',
  unsubscribedBody: 'Alamat ini tidak akan menerima artikel yang dikongsi daripada pusat media kami lagi.',
  unknownLinkTitle: 'Pautan tidak dikenali',
  unknownLinkBody: 'Pautan berhenti langganan ini tidak sah. Sila gunakan pautan dalam mesej yang anda terima.',
  crossSite: 'Borang ini hanya boleh dihantar dari laman kami sendiri. Sila muat semula halaman dan cuba lagi.',
  notFoundTitle: 'Kenyataan media tidak ditemui',
  notFoundBody: 'Tiada kenyataan media yang diterbitkan di alamat ini.',
  widget: {
    label: 'Saya bukan robot',
    verified: 'Disahkan',
    verifying: 'Sedang menyemak…',
    waitAlert: 'Sedang menyemak… sila tunggu.',
    verificationRequired: 'Sila lengkapkan semakan spam.',
    error: 'Semakan gagal. Sila cuba sebentar lagi.',
    expired: 'Semakan telah tamat tempoh. Sila cuba lagi.',
    loading: 'Memuatkan…',
    reload: 'Muat semula',
    verify: 'Sahkan',
  },
};

export const shareMessages: Record<Lang, ShareMessages> = { en, zh, ms };

/** "in 3 hours" / "3 小时后" / "dalam masa 3 jam": when a limit resets, roughly. */
export function retryWhen(lang: Lang, seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  const { retryIn } = messagesFor(shareMessages, lang);
  return minutes < 60 ? retryIn.minutes(minutes) : retryIn.hours(Math.ceil(minutes / 60));
}

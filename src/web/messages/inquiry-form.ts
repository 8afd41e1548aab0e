import { localeTag } from '../../lib/languages.js';
import type { Lang } from '../i18n.js';

type OutletType = 'newspaper' | 'magazine' | 'broadcast' | 'online' | 'agency' | 'freelance' | 'other';

/** Every field the form can show an error beside. */
export type FormField =
  | 'name'
  | 'email'
  | 'phone'
  | 'outlet'
  | 'outletType'
  | 'country'
  | 'language'
  | 'topic'
  | 'subject'
  | 'message'
  | 'files'
  | 'deadline'
  | 'involvesChildren'
  | 'consent'
  | 'articleSlug';

export interface InquiryFormMessages {
  title: string;
  intro: string;
  about: string;
  optional: string;
  choose: string;
  required: string;
  labels: Record<Exclude<FormField, 'articleSlug' | 'deadline' | 'involvesChildren' | 'files'>, string>;
  /** The optional file field: its label, and a hint with the limits (how many files, how large each and together). */
  files: { label: string; hint: (maxFiles: number, perFile: string, together: string) => string };
  outletTypes: Record<OutletType, string>;
  noTopic: string;
  languageHint: string;
  deadline: { legend: string; hint: string; date: string; time: string; zone: string; countryZone: string };
  children: { legend: string; hint: string; yes: string; no: string };
  privacy: { heading: string; text: string; version: (v: string) => string };
  honeypot: string;
  submit: string;
  messageHint: string;
  errors: {
    summary: string;
    summaryIntro: string;
    /** Shown when a required field is empty. */
    required: Record<FormField, string>;
    /** Shown when the value is there but wrong. */
    invalid: Record<FormField, string>;
    tooLong: (max: number) => string;
    singleLine: string;
    deadlinePast: string;
    deadlineDate: string;
    deadlineTime: string;
    deadlineZone: string;
    tooManyFiles: (max: number) => string;
    fileTooLarge: (name: string, max: string) => string;
    filesTooLarge: (max: string) => string;
  };
  thanks: { title: string; body: string; back: string };
  limited: { title: string; body: (minutes: number) => string };
  forbidden: { title: string; body: string };
  unsupported: { title: string; body: string };
  tooLarge: { title: string; body: string };
  /** The same form posted again with a different text (its one-time token already used). */
  alreadySent: { title: string; body: string; newForm: string };
  back: string;
}

const en: InquiryFormMessages = {
  title: 'Ask the press office',
  intro:
    'Journalists: send us your question and we will route it to the press office that covers your country. You will get a reference number at once and an email acknowledgement.',
  about: 'About',
  optional: '(optional)',
  choose: 'Choose…',
  required: '(required)',
  labels: {
    name: 'Your name',
    email: 'Email address',
    phone: 'Phone',
    outlet: 'Media outlet',
    outletType: 'Type of outlet',
    country: 'Country you report from',
    language: 'Language for our replies',
    topic: 'Topic',
    subject: 'Subject',
    message: 'Your question',
    consent: 'I have read the privacy notice and agree that my details are used to answer this inquiry.',
  },
  outletTypes: {
    newspaper: 'Newspaper',
    magazine: 'Magazine',
    broadcast: 'Radio or television',
    online: 'Online media',
    agency: 'News agency',
    freelance: 'Freelance',
    other: 'Other',
  },
  noTopic: 'No particular topic',
  languageHint: 'We answer in English, Chinese or Malay.',
  deadline: {
    legend: 'Your deadline',
    hint: 'Optional. Give the date and time in your own time zone; we convert it for the press office.',
    date: 'Date',
    time: 'Time',
    zone: 'Time zone',
    countryZone: "My country's time",
  },
  children: {
    legend: 'Does your story involve interviewing or photographing children?',
    hint: 'If it does, we send you our ethical guidelines for reporting on children.',
    yes: 'Yes',
    no: 'No',
  },
  privacy: {
    heading: 'Privacy notice',
    text: 'We use your name, contact details and question only to answer this inquiry and to keep a record of our contacts with the media. Press officers of the office that handles it can read them. We keep them for as long as our records policy requires and never sell or share them for marketing.',
    version: (v) => `Privacy notice version ${v}`,
  },
  honeypot: 'Leave this field empty (it is a trap for automated spam)',
  submit: 'Send inquiry',
  messageHint: 'Up to 10,000 characters.',
  files: {
    label: 'Files',
    hint: (n, each, together) => `Optional: up to ${n} files (documents, images, audio or video), at most ${each} each and ${together} together. Only the press office can open them.`,
  },
  errors: {
    summary: 'There is a problem',
    summaryIntro: 'Please correct the following and send the form again:',
    required: {
      name: 'Enter your name',
      email: 'Enter your email address',
      phone: 'Enter a phone number',
      outlet: 'Enter the name of your media outlet',
      outletType: 'Choose the type of outlet',
      country: 'Choose the country you report from',
      language: 'Choose a language for our replies',
      topic: 'Choose a topic',
      subject: 'Enter a subject',
      message: 'Enter your question',
      deadline: 'Enter your deadline',
      involvesChildren: 'Answer yes or no',
      consent: 'Tick the box to accept the privacy notice',
      articleSlug: 'Choose a news release',
      files: 'Choose a file',
    },
    invalid: {
      name: 'Enter your name on one line',
      email: 'Enter an email address such as name@example.com',
      phone: 'Enter a phone number using digits, spaces and + ( ) . / -',
      outlet: 'Enter the name of your outlet on one line',
      outletType: 'Choose a type of outlet from the list',
      country: 'Choose a country from the list',
      language: 'Choose English, Chinese or Malay',
      topic: 'Choose a topic from the list',
      subject: 'Enter the subject on one line',
      message: 'Remove the special control characters from your question',
      deadline: 'Enter a real date and time',
      involvesChildren: 'Answer yes or no',
      consent: 'Tick the box to accept the privacy notice',
      articleSlug: 'This news release is no longer available; remove it or open the form again',
      files: 'Choose the files again',
    },
    tooLong: (max) => `Use at most ${max.toLocaleString(localeTag('en'))} characters`,
    singleLine: 'Use a single line, without line breaks',
    deadlinePast: 'Your deadline must be in the future',
    deadlineDate: 'Enter the date of your deadline too',
    deadlineTime: 'Enter the time of your deadline too',
    deadlineZone: 'Choose a time zone from the list',
    tooManyFiles: (max) => `Choose at most ${max} files`,
    fileTooLarge: (name, max) => `The file “${name}” is too large: each file may be at most ${max}`,
    filesTooLarge: (max) => `The files are too large together: at most ${max} in all`,
  },
  thanks: {
    title: 'Thank you',
    body: 'Your inquiry was sent to the press office. You will receive an email acknowledgement shortly.',
    back: 'Back to the media centre',
  },
  limited: {
    title: 'Too many inquiries',
    body: (m) =>
      `We have received many inquiries from your network in a short time. Please try again in about ${m} minute${m === 1 ? '' : 's'}. Your text was not sent.`,
  },
  forbidden: {
    title: 'Form not accepted',
    body: 'This form was sent from another website, so we did not accept it. Open the form on our site and send it again.',
  },
  unsupported: { title: 'Form not accepted', body: 'The form was sent in a format we do not accept. Open the form on our site and send it again.' },
  tooLarge: { title: 'Too much text', body: 'The form was larger than we accept. Shorten your question or choose smaller files, and send it again.' },
  alreadySent: {
    title: 'This form was already sent',
    body: 'This form was already sent with a different text, so we did not accept it again. Your first inquiry was received; the link to its status page is in our email. To ask something else, open a new form.',
    newForm: 'Open a new form',
  },
  back: 'Back to the form',
};

const zh: InquiryFormMessages = {
  title: '向新闻办公室提问',
  intro: '记者朋友：请在此提交您的问题，我们会将其转交负责您所在国家的新闻办公室。提交后您会立即获得问询编号，并收到确认邮件。',
  about: '相关新闻稿',
  optional: '（选填）',
  choose: '请选择…',
  required: '（必填）',
  labels: {
    name: '您的姓名',
    email: '电子邮箱',
    phone: '电话',
    outlet: '所属媒体',
    outletType: '媒体类型',
    country: '您报道所在的国家或地区',
    language: '答复语言',
    topic: '主题类别',
    subject: '标题',
    message: '您的问题',
    consent: '我已阅读隐私声明，并同意为答复本问询而使用我的个人信息。',
  },
  outletTypes: {
    newspaper: '报纸',
    magazine: '杂志',
    broadcast: '广播或电视',
    online: '网络媒体',
    agency: '通讯社',
    freelance: '自由撰稿人',
    other: '其他',
  },
  noTopic: '无特定主题',
  languageHint: '我们可用英文、中文或马来文答复。',
  deadline: {
    legend: '您的截稿时间',
    hint: '选填。请按您所在时区填写日期和时间，我们会为新闻办公室换算。',
    date: '日期',
    time: '时间',
    zone: '时区',
    countryZone: '我所在国家的时间',
  },
  children: {
    legend: '您的报道是否涉及采访或拍摄儿童？',
    hint: '如涉及，我们会将儿童报道伦理准则发送给您。',
    yes: '是',
    no: '否',
  },
  privacy: {
    heading: '隐私声明',
    text: '您的姓名、联系方式和问题仅用于答复本问询以及保存我们与媒体往来的记录。负责处理的新闻办公室的新闻官员可以查阅这些信息。我们按照档案管理规定的期限保存这些信息，绝不出售，也不会用于营销目的。',
    version: (v) => `隐私声明版本 ${v}`,
  },
  honeypot: '请勿填写此栏（用于拦截自动发送的垃圾信息）',
  submit: '提交问询',
  messageHint: '最多 10000 个字符。',
  files: {
    label: '附件',
    hint: (n, each, together) => `可选：最多 ${n} 个文件（文档、图片、音频或视频），每个不超过 ${each}，合计不超过 ${together}。只有新闻办公室可以打开。`,
  },
  errors: {
    summary: '表单有误',
    summaryIntro: '请修改以下内容后重新提交：',
    required: {
      name: '请填写您的姓名',
      email: '请填写您的电子邮箱',
      phone: '请填写电话号码',
      outlet: '请填写您所属媒体的名称',
      outletType: '请选择媒体类型',
      country: '请选择您报道所在的国家或地区',
      language: '请选择答复语言',
      topic: '请选择主题类别',
      subject: '请填写标题',
      message: '请填写您的问题',
      deadline: '请填写截稿时间',
      involvesChildren: '请选择“是”或“否”',
      consent: '请勾选同意隐私声明',
      articleSlug: '请选择新闻稿',
      files: '请选择文件',
    },
    invalid: {
      name: '姓名请写在一行内',
      email: '请填写有效的电子邮箱，例如 name@example.com',
      phone: '电话号码只能包含数字、空格及 + ( ) . / -',
      outlet: '媒体名称请写在一行内',
      outletType: '请从列表中选择媒体类型',
      country: '请从列表中选择国家或地区',
      language: '请选择英文、中文或马来文',
      topic: '请从列表中选择主题类别',
      subject: '标题请写在一行内',
      message: '请删除问题中的特殊控制字符',
      deadline: '请填写有效的日期和时间',
      involvesChildren: '请选择“是”或“否”',
      consent: '请勾选同意隐私声明',
      articleSlug: '该新闻稿已无法查阅，请重新打开表单',
      files: '请重新选择文件',
    },
    tooLong: (max) => `最多 ${max} 个字符`,
    singleLine: '请写在一行内，不要换行',
    deadlinePast: '截稿时间必须晚于现在',
    deadlineDate: '请同时填写截稿日期',
    deadlineTime: '请同时填写截稿时间',
    deadlineZone: '请从列表中选择时区',
    tooManyFiles: (max) => `最多选择 ${max} 个文件`,
    fileTooLarge: (name, max) => `文件“${name}”过大：每个文件不能超过 ${max}`,
    filesTooLarge: (max) => `文件合计过大：总共不能超过 ${max}`,
  },
  thanks: {
    title: '谢谢',
    body: '您的问询已发送至新闻办公室，您很快会收到确认邮件。',
    back: '返回媒体中心',
  },
  limited: {
    title: '提交次数过多',
    body: (m) => `我们在短时间内收到来自您所在网络的大量问询。请约 ${m} 分钟后再试。您的内容尚未发送。`,
  },
  forbidden: { title: '表单未被接受', body: '该表单来自其他网站，因此未被接受。请在本网站打开表单后重新提交。' },
  unsupported: { title: '表单未被接受', body: '表单的提交格式无法识别。请在本网站打开表单后重新提交。' },
  tooLarge: { title: '内容过长', body: '表单内容超出了允许的大小。请缩短您的问题或选择较小的文件后重新提交。' },
  alreadySent: {
    title: '此表单已提交',
    body: '此表单此前已提交过，且内容不同，因此本次提交未被接受。您的第一次问询已收到，状态页面的链接见我们的电子邮件。如需提出其他问题，请打开新表单。',
    newForm: '打开新表单',
  },
  back: '返回表单',
};

const ms: InquiryFormMessages = {
  title: 'Tanya pejabat media',
  intro:
    'Wartawan: hantar soalan anda kepada kami dan kami akan menyalurkannya kepada pejabat media yang meliputi negara anda. Anda akan menerima nombor rujukan serta-merta dan e-mel pengesahan.',
  about: 'Berkenaan',
  optional: '(pilihan)',
  choose: 'Pilih…',
  required: '(wajib)',
  labels: {
    name: 'Nama anda',
    email: 'Alamat e-mel',
    phone: 'Telefon',
    outlet: 'Organisasi media',
    outletType: 'Jenis media',
    country: 'Negara tempat anda membuat liputan',
    language: 'Bahasa untuk jawapan kami',
    topic: 'Topik',
    subject: 'Subjek',
    message: 'Soalan anda',
    consent: 'Saya telah membaca notis privasi dan bersetuju butiran saya digunakan untuk menjawab pertanyaan ini.',
  },
  outletTypes: {
    newspaper: 'Akhbar',
    magazine: 'Majalah',
    broadcast: 'Radio atau televisyen',
    online: 'Media dalam talian',
    agency: 'Agensi berita',
    freelance: 'Bebas',
    other: 'Lain-lain',
  },
  noTopic: 'Tiada topik khusus',
  languageHint: 'Kami menjawab dalam bahasa Inggeris, Cina atau Melayu.',
  deadline: {
    legend: 'Tarikh akhir anda',
    hint: 'Pilihan. Nyatakan tarikh dan masa mengikut zon waktu anda sendiri; kami akan menukarkannya untuk pejabat media.',
    date: 'Tarikh',
    time: 'Masa',
    zone: 'Zon waktu',
    countryZone: 'Waktu negara saya',
  },
  children: {
    legend: 'Adakah cerita anda melibatkan temu bual atau fotografi kanak-kanak?',
    hint: 'Jika ya, kami akan menghantar garis panduan etika kami untuk laporan mengenai kanak-kanak.',
    yes: 'Ya',
    no: 'Tidak',
  },
  privacy: {
    heading: 'Notis privasi',
    text: 'Kami menggunakan nama, butiran hubungan dan soalan anda hanya untuk menjawab pertanyaan ini dan untuk menyimpan rekod hubungan kami dengan media. Pegawai media di pejabat yang mengendalikannya boleh membacanya. Kami menyimpannya selama yang dikehendaki oleh dasar rekod kami dan tidak sekali-kali menjual atau berkongsinya untuk tujuan pemasaran.',
    version: (v) => `Notis privasi versi ${v}`,
  },
  honeypot: 'Biarkan ruangan ini kosong (perangkap untuk spam automatik)',
  submit: 'Hantar pertanyaan',
  messageHint: 'Sehingga 10,000 aksara.',
  files: {
    label: 'Fail',
    hint: (n, each, together) => `Pilihan: sehingga ${n} fail (dokumen, imej, audio atau video), paling besar ${each} setiap satu dan ${together} kesemuanya. Hanya pejabat media boleh membukanya.`,
  },
  errors: {
    summary: 'Terdapat masalah',
    summaryIntro: 'Sila betulkan perkara berikut dan hantar borang sekali lagi:',
    required: {
      name: 'Masukkan nama anda',
      email: 'Masukkan alamat e-mel anda',
      phone: 'Masukkan nombor telefon',
      outlet: 'Masukkan nama organisasi media anda',
      outletType: 'Pilih jenis media',
      country: 'Pilih negara tempat anda membuat liputan',
      language: 'Pilih bahasa untuk jawapan kami',
      topic: 'Pilih topik',
      subject: 'Masukkan subjek',
      message: 'Masukkan soalan anda',
      deadline: 'Masukkan tarikh akhir anda',
      involvesChildren: 'Jawab ya atau tidak',
      consent: 'Tandakan kotak untuk menerima notis privasi',
      articleSlug: 'Pilih kenyataan media',
      files: 'Pilih fail',
    },
    invalid: {
      name: 'Tulis nama anda dalam satu baris',
      email: 'Masukkan alamat e-mel seperti nama@example.com',
      phone: 'Masukkan nombor telefon menggunakan digit, ruang dan + ( ) . / -',
      outlet: 'Tulis nama organisasi media dalam satu baris',
      outletType: 'Pilih jenis media daripada senarai',
      country: 'Pilih negara daripada senarai',
      language: 'Pilih bahasa Inggeris, Cina atau Melayu',
      topic: 'Pilih topik daripada senarai',
      subject: 'Tulis subjek dalam satu baris',
      message: 'Buang aksara kawalan khas daripada soalan anda',
      deadline: 'Masukkan tarikh dan masa yang sah',
      involvesChildren: 'Jawab ya atau tidak',
      consent: 'Tandakan kotak untuk menerima notis privasi',
      articleSlug: 'Kenyataan media ini tidak lagi tersedia; buka borang sekali lagi',
      files: 'Pilih fail sekali lagi',
    },
    tooLong: (max) => `Gunakan tidak lebih daripada ${max.toLocaleString(localeTag('ms'))} aksara`,
    singleLine: 'Gunakan satu baris sahaja, tanpa baris baharu',
    deadlinePast: 'Tarikh akhir anda mestilah pada masa hadapan',
    deadlineDate: 'Masukkan juga tarikh bagi tarikh akhir anda',
    deadlineTime: 'Masukkan juga masa bagi tarikh akhir anda',
    deadlineZone: 'Pilih zon waktu daripada senarai',
    tooManyFiles: (max) => `Pilih tidak lebih daripada ${max} fail`,
    fileTooLarge: (name, max) => `Fail “${name}” terlalu besar: setiap fail paling besar ${max}`,
    filesTooLarge: (max) => `Fail-fail terlalu besar kesemuanya: paling besar ${max}`,
  },
  thanks: {
    title: 'Terima kasih',
    body: 'Pertanyaan anda telah dihantar kepada pejabat media. Anda akan menerima e-mel pengesahan sebentar lagi.',
    back: 'Kembali ke pusat media',
  },
  limited: {
    title: 'Terlalu banyak pertanyaan',
    body: (m) =>
      `Kami telah menerima banyak pertanyaan daripada rangkaian anda dalam masa yang singkat. Sila cuba lagi dalam kira-kira ${m} minit. Teks anda belum dihantar.`,
  },
  forbidden: {
    title: 'Borang tidak diterima',
    body: 'Borang ini dihantar dari laman web lain, jadi kami tidak menerimanya. Buka borang di laman kami dan hantar sekali lagi.',
  },
  unsupported: { title: 'Borang tidak diterima', body: 'Borang dihantar dalam format yang tidak kami terima. Buka borang di laman kami dan hantar sekali lagi.' },
  tooLarge: { title: 'Teks terlalu panjang', body: 'Borang melebihi saiz yang kami terima. Pendekkan soalan anda atau pilih fail yang lebih kecil, dan hantar sekali lagi.' },
  alreadySent: {
    title: 'Borang ini telah dihantar',
    body: 'Borang ini telah dihantar sebelum ini dengan teks yang berbeza, jadi kami tidak menerimanya sekali lagi. Pertanyaan pertama anda telah diterima; pautan ke halaman statusnya ada dalam e-mel kami. Untuk bertanya perkara lain, buka borang baharu.',
    newForm: 'Buka borang baharu',
  },
  back: 'Kembali ke borang',
};

export const inquiryFormMessages: Record<Lang, InquiryFormMessages> = { en, zh, ms };

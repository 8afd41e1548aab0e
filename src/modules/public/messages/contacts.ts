import type { Lang } from '../../../web/i18n.js';

/** The press-contact directory (/contacts). */
export interface ContactsMessages {
  title: string;
  intro: string;
  askLink: string;
  city: string;
  timeZone: string;
  officeEmail: string;
  phone: string;
  email: string;
  languages: string;
  /** Between the languages an officer speaks. */
  languagesSeparator: string;
  officers: string;
  noOfficers: string;
  none: string;
}

const en: ContactsMessages = {
  title: 'Press contacts',
  intro: 'Our press officers, by office. For a question about a story, the quickest route is the form: it reaches the officer on duty for your country.',
  askLink: 'Ask the press office',
  city: 'City',
  timeZone: 'Time zone',
  officeEmail: 'Office email',
  phone: 'Phone',
  email: 'Email',
  languages: 'Languages',
  languagesSeparator: ', ',
  officers: 'Press officers',
  noOfficers: 'Write to the office address; the team on duty will answer.',
  none: 'No press office is listed at the moment.',
};

const zh: ContactsMessages = {
  title: '媒体联系人',
  intro: '按办公室列出的新闻官员。如有报道相关问题，最快的方式是填写提问表：它会送达负责您所在国家的值班新闻官员。',
  askLink: '向新闻办公室提问',
  city: '城市',
  timeZone: '时区',
  officeEmail: '办公室电子邮件',
  phone: '电话',
  email: '电子邮件',
  languages: '语言',
  languagesSeparator: '、',
  officers: '新闻官员',
  noOfficers: '请发送邮件至办公室地址，值班团队会给予答复。',
  none: '目前没有列出新闻办公室。',
};

const ms: ContactsMessages = {
  title: 'Hubungan media',
  intro: 'Pegawai media kami, mengikut pejabat. Untuk soalan tentang sesuatu berita, cara paling cepat ialah borang pertanyaan: ia sampai kepada pegawai yang bertugas bagi negara anda.',
  askLink: 'Tanya pejabat media',
  city: 'Bandar',
  timeZone: 'Zon waktu',
  officeEmail: 'E-mel pejabat',
  phone: 'Telefon',
  email: 'E-mel',
  languages: 'Bahasa',
  languagesSeparator: ', ',
  officers: 'Pegawai media',
  noOfficers: 'Sila tulis ke alamat pejabat; pasukan yang bertugas akan menjawab.',
  none: 'Tiada pejabat media disenaraikan buat masa ini.',
};

export const contactsMessages: Record<Lang, ContactsMessages> = { en, zh, ms };

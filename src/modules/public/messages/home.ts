import type { Lang } from '../../../web/i18n.js';

/** The media centre's front page (/). */
export interface HomeMessages {
  title: string;
  intro: string;
  latest: string;
  none: string;
  published: string;
  contacts: string;
  allContacts: string;
  forJournalists: string;
  askText: string;
  guidelinesLink: string;
  guidelinesText: string;
  contactsText: string;
}

const en: HomeMessages = {
  title: 'Media centre',
  intro: 'News releases, press contacts and help for journalists covering children’s rights in the region.',
  latest: 'Latest news releases',
  none: 'No releases have been published yet.',
  published: 'Published',
  contacts: 'Press contacts',
  allContacts: 'All press contacts and office details',
  forJournalists: 'For journalists',
  askText: 'Send your question, interview request or deadline; it goes to the press office for your country.',
  guidelinesLink: 'Ethical guidelines for reporting on children',
  guidelinesText: 'What we ask of anyone who interviews or photographs children.',
  contactsText: 'Press officers by office, with phone numbers and email.',
};

const zh: HomeMessages = {
  title: '媒体中心',
  intro: '为报道本地区儿童权利的记者提供新闻稿、媒体联系人和相关帮助。',
  latest: '最新新闻稿',
  none: '尚未发布任何新闻稿。',
  published: '发布日期',
  contacts: '媒体联系人',
  allContacts: '全部媒体联系人及办公室信息',
  forJournalists: '记者服务',
  askText: '提交您的问题、采访请求或截稿时间，我们会转交负责您所在国家的新闻办公室。',
  guidelinesLink: '儿童报道道德准则',
  guidelinesText: '采访或拍摄儿童时，我们对所有人的要求。',
  contactsText: '按办公室列出的新闻官员及其电话和电子邮件。',
};

const ms: HomeMessages = {
  title: 'Pusat media',
  intro: 'Kenyataan media, hubungan media dan bantuan untuk wartawan yang membuat liputan tentang hak kanak-kanak di rantau ini.',
  latest: 'Kenyataan media terkini',
  none: 'Belum ada kenyataan media yang diterbitkan.',
  published: 'Diterbitkan',
  contacts: 'Hubungan media',
  allContacts: 'Semua hubungan media dan butiran pejabat',
  forJournalists: 'Untuk wartawan',
  askText: 'Hantar soalan, permintaan temu bual atau tarikh akhir anda; ia akan diajukan kepada pejabat media bagi negara anda.',
  guidelinesLink: 'Garis panduan etika untuk melaporkan tentang kanak-kanak',
  guidelinesText: 'Perkara yang kami minta daripada sesiapa yang menemu bual atau merakam gambar kanak-kanak.',
  contactsText: 'Pegawai media mengikut pejabat, dengan nombor telefon dan e-mel.',
};

export const homeMessages: Record<Lang, HomeMessages> = { en, zh, ms };

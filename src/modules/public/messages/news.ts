import type { Lang } from '../../../web/i18n.js';

/** A release page (/news/{slug}): the labels around the release, never the release itself. */
export interface NewsMessages {
  back: string;
  published: string;
  ask: string;
  related: string;
  contacts: string;
  phone: string;
  email: string;
  office: string;
}

const en: NewsMessages = {
  back: 'All news releases',
  published: 'Published',
  ask: 'Ask the press office about this release',
  related: 'Related links',
  contacts: 'Press contacts for this release',
  phone: 'Phone',
  email: 'Email',
  office: 'Office',
};

const zh: NewsMessages = {
  back: '全部新闻稿',
  published: '发布日期',
  ask: '就本新闻稿向新闻办公室提问',
  related: '相关链接',
  contacts: '本新闻稿的媒体联系人',
  phone: '电话',
  email: '电子邮件',
  office: '办公室',
};

const ms: NewsMessages = {
  back: 'Semua kenyataan media',
  published: 'Diterbitkan',
  ask: 'Tanya pejabat media tentang kenyataan ini',
  related: 'Pautan berkaitan',
  contacts: 'Hubungan media bagi kenyataan ini',
  phone: 'Telefon',
  email: 'E-mel',
  office: 'Pejabat',
};

export const newsMessages: Record<Lang, NewsMessages> = { en, zh, ms };

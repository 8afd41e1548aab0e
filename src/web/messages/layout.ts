import type { Lang } from '../i18n.js';

/** The frame around every public page: the media-centre menu, the language switch, the footer. */
export interface LayoutMessages {
  site: string;
  skip: string;
  menu: string;
  news: string;
  contacts: string;
  ask: string;
  guidelines: string;
  language: string;
  footer: string;
}

const en: LayoutMessages = {
  site: 'Media centre',
  skip: 'Skip to content',
  menu: 'Media centre menu',
  news: 'News releases',
  contacts: 'Press contacts',
  ask: 'Ask the press office',
  guidelines: 'Ethical guidelines',
  language: 'Language',
  footer: 'For journalists: questions go to the press office that covers your country.',
};

const zh: LayoutMessages = {
  site: '媒体中心',
  skip: '跳到正文',
  menu: '媒体中心菜单',
  news: '新闻稿',
  contacts: '媒体联系人',
  ask: '向新闻办公室提问',
  guidelines: '道德准则',
  language: '语言',
  footer: '记者请注意：问题将转交负责您所在国家的新闻办公室。',
};

const ms: LayoutMessages = {
  site: 'Pusat media',
  skip: 'Langkau ke kandungan',
  menu: 'Menu pusat media',
  news: 'Kenyataan media',
  contacts: 'Hubungan media',
  ask: 'Tanya pejabat media',
  guidelines: 'Garis panduan etika',
  language: 'Bahasa',
  footer: 'Untuk wartawan: soalan dihantar kepada pejabat media yang meliputi negara anda.',
};

export const layoutMessages: Record<Lang, LayoutMessages> = { en, zh, ms };

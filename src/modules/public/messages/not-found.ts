import type { Lang } from '../../../web/i18n.js';

/** The 404 page of the public site. */
export interface NotFoundMessages {
  title: string;
  text: string;
  home: string;
  contacts: string;
}

const en: NotFoundMessages = {
  title: 'Page not found',
  text: 'There is no page at this address, or the release is no longer published.',
  home: 'Go to the latest news releases',
  contacts: 'Find a press contact',
};

const zh: NotFoundMessages = {
  title: '找不到页面',
  text: '此地址没有页面，或该新闻稿已不再发布。',
  home: '查看最新新闻稿',
  contacts: '查找媒体联系人',
};

const ms: NotFoundMessages = {
  title: 'Halaman tidak ditemui',
  text: 'Tiada halaman di alamat ini, atau kenyataan media itu tidak lagi diterbitkan.',
  home: 'Lihat kenyataan media terkini',
  contacts: 'Cari hubungan media',
};

export const notFoundMessages: Record<Lang, NotFoundMessages> = { en, zh, ms };

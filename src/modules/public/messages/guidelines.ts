import type { Lang } from '../../../web/i18n.js';

export interface GuidelinesMessages {
  title: string;
  intro: string;
  principles: { heading: string; text: string }[];
  helpHeading: string;
  helpText: string;
  askLink: string;
}

// The gist, in our own words, of the ethics that press offices working for
// children ask of reporters. Not a quotation of any organisation's text.
const en: GuidelinesMessages = {
  title: 'Ethical guidelines for reporting on children',
  intro: 'Stories about children can change things for them, and they can also hurt them. Whenever your story involves interviewing, filming or photographing a child, we ask you to keep to these principles.',
  principles: [
    {
      heading: 'Do no harm',
      text: 'Think about what could happen to the child after the story is out: reprisals, shame, rejection by family or community. If the story puts a child at risk, change it or drop it.',
    },
    {
      heading: 'The child’s best interests come first',
      text: 'A child’s safety and well-being matter more than a strong quote, a dramatic picture or a deadline.',
    },
    {
      heading: 'Informed consent, from the child and the guardian',
      text: 'Explain who you are, what the story is about and where it will appear, in words the child understands. Ask the child and a parent or guardian, and accept a no. The child may stop the interview at any time.',
    },
    {
      heading: 'Protect privacy and identity',
      text: 'Do not publish the name, face, school, home or any other detail that identifies a child who is at risk: for example a child who has been abused or exploited, lives with HIV, is in conflict with the law, or was recruited by an armed group. Change names and blur images where needed, and check that the background does not give the child away.',
    },
    {
      heading: 'Be accurate; do not stereotype or sensationalise',
      text: 'Report the child’s situation in context, in the child’s own words where you can. Avoid labels and pictures that reduce a child to a victim or a problem, and do not stage scenes.',
    },
    {
      heading: 'Do not pay for an interview',
      text: 'Offering money or gifts to a child or family for a story puts pressure on them and can make what they say less reliable.',
    },
    {
      heading: 'Verify',
      text: 'Check what a child tells you with adults who know the situation, without putting the child or the people around them at risk.',
    },
  ],
  helpHeading: 'A press officer will help you arrange consent',
  helpText: 'Before any interview with a child, or any photograph or film of one, a press officer will help you arrange informed consent from the child and the guardian, and an adult the child trusts can be present. Tell us in your request that the story involves children.',
  askLink: 'Ask the press office',
};

const zh: GuidelinesMessages = {
  title: '儿童报道道德准则',
  intro: '关于儿童的报道可以为他们带来改变，也可能伤害他们。只要您的报道涉及采访、拍摄或摄影儿童，请遵守以下原则。',
  principles: [
    {
      heading: '不造成伤害',
      text: '请考虑报道发表后孩子可能遭遇的后果：报复、羞辱、被家庭或社区排斥。如果报道会让孩子面临风险，请修改报道或放弃发表。',
    },
    {
      heading: '儿童的最大利益优先',
      text: '孩子的安全和福祉比一句有力的引语、一张震撼的照片或截稿时间更重要。',
    },
    {
      heading: '儿童及其监护人的知情同意',
      text: '用孩子能听懂的话说明您是谁、报道的内容以及将在哪里发表。须征得孩子本人及其父母或监护人的同意，并尊重他们的拒绝。孩子可以随时中止采访。',
    },
    {
      heading: '保护隐私和身份',
      text: '对于处境危险的儿童，例如曾遭受虐待或剥削、感染艾滋病毒、触犯法律或曾被武装团体招募的儿童，不得公开其姓名、面孔、学校、住址或任何可识别身份的细节。必要时请更改姓名、对图像做模糊处理，并确认画面背景不会暴露孩子的身份。',
    },
    {
      heading: '准确报道，不刻板化，不耸人听闻',
      text: '结合背景报道孩子的处境，尽可能使用孩子自己的话。避免把孩子简化为受害者或问题的标签和图片，也不要摆拍。',
    },
    {
      heading: '不为采访付费',
      text: '为报道向孩子或其家庭提供金钱或礼物，会给他们带来压力，也可能使他们所说的内容不够可靠。',
    },
    {
      heading: '核实信息',
      text: '向了解情况的成年人核实孩子所说的内容，同时不让孩子或其身边的人面临风险。',
    },
  ],
  helpHeading: '新闻官员将协助您取得同意',
  helpText: '在采访儿童、为儿童拍照或录像之前，新闻官员将协助您取得儿童及其监护人的知情同意，孩子信任的成年人也可以在场。请在提问时注明您的报道涉及儿童。',
  askLink: '向新闻办公室提问',
};

const ms: GuidelinesMessages = {
  title: 'Garis panduan etika untuk melaporkan tentang kanak-kanak',
  intro: 'Berita tentang kanak-kanak boleh membawa perubahan untuk mereka, tetapi juga boleh menyakiti mereka. Setiap kali berita anda melibatkan temu bual, rakaman video atau gambar kanak-kanak, kami meminta anda mematuhi prinsip-prinsip ini.',
  principles: [
    {
      heading: 'Jangan mendatangkan mudarat',
      text: 'Fikirkan apa yang mungkin berlaku kepada kanak-kanak itu selepas berita disiarkan: tindakan balas, rasa malu, disisihkan oleh keluarga atau masyarakat. Jika berita itu membahayakan kanak-kanak, ubah atau batalkannya.',
    },
    {
      heading: 'Kepentingan terbaik kanak-kanak didahulukan',
      text: 'Keselamatan dan kesejahteraan kanak-kanak lebih penting daripada petikan yang menarik, gambar yang dramatik atau tarikh akhir.',
    },
    {
      heading: 'Persetujuan termaklum daripada kanak-kanak dan penjaga',
      text: 'Terangkan siapa anda, apa kandungan berita dan di mana ia akan disiarkan, dengan kata-kata yang difahami oleh kanak-kanak itu. Minta persetujuan kanak-kanak dan ibu bapa atau penjaganya, dan terima jika mereka menolak. Kanak-kanak boleh menghentikan temu bual pada bila-bila masa.',
    },
    {
      heading: 'Lindungi privasi dan identiti',
      text: 'Jangan siarkan nama, wajah, sekolah, rumah atau apa-apa butiran yang mengenal pasti kanak-kanak yang berisiko: contohnya kanak-kanak yang pernah didera atau dieksploitasi, hidup dengan HIV, berkonflik dengan undang-undang, atau pernah direkrut oleh kumpulan bersenjata. Tukar nama dan kaburkan gambar jika perlu, dan pastikan latar belakang tidak mendedahkan identiti kanak-kanak itu.',
    },
    {
      heading: 'Tepat; jangan membuat stereotaip atau sensasi',
      text: 'Laporkan keadaan kanak-kanak dalam konteksnya, dengan kata-kata kanak-kanak itu sendiri jika boleh. Elakkan label dan gambar yang menjadikan kanak-kanak sekadar mangsa atau masalah, dan jangan mengatur babak.',
    },
    {
      heading: 'Jangan membayar untuk temu bual',
      text: 'Menawarkan wang atau hadiah kepada kanak-kanak atau keluarganya untuk sesuatu berita memberi tekanan kepada mereka dan boleh menjadikan apa yang mereka katakan kurang boleh dipercayai.',
    },
    {
      heading: 'Sahkan maklumat',
      text: 'Semak apa yang diberitahu oleh kanak-kanak dengan orang dewasa yang mengetahui keadaannya, tanpa membahayakan kanak-kanak itu atau orang di sekelilingnya.',
    },
  ],
  helpHeading: 'Pegawai media akan membantu anda mendapatkan persetujuan',
  helpText: 'Sebelum sebarang temu bual dengan kanak-kanak, atau sebarang gambar atau rakaman video mereka, pegawai media akan membantu anda mendapatkan persetujuan termaklum daripada kanak-kanak dan penjaganya, dan orang dewasa yang dipercayai oleh kanak-kanak itu boleh hadir. Nyatakan dalam permintaan anda bahawa berita anda melibatkan kanak-kanak.',
  askLink: 'Tanya pejabat media',
};

export const guidelinesMessages: Record<Lang, GuidelinesMessages> = { en, zh, ms };

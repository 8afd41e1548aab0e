// Subjects auto-responders put first, in the languages our offices hear from
// (English, Chinese, Malay, and the few European ones that reach them too).
// Only the start of the subject counts, and the phrase must end there or at a
// separator: "Re: Out of office hours" from a person is not a robot, and
// 休假 alone must not catch 休假安排 (a question about holiday arrangements).

const PHRASES = [
  // English (Outlook, Exchange, Gmail's defaults, common hand-made ones)
  'automatic reply',
  'automated reply',
  'automated response',
  'auto reply',
  'auto-reply',
  'autoreply',
  'auto response',
  'auto-response',
  'autoresponse',
  'out of office',
  'out of the office',
  'out-of-office',
  'ooo',
  'on vacation',
  'vacation reply',
  'vacation response',
  'away from the office',
  // Chinese (Outlook, QQ Mail, 163.com, Foxmail; simplified and traditional)
  '自动回复',
  '自动答复',
  '自动应答',
  '自動回覆',
  '自動答覆',
  '自動回復',
  '休假',
  '休假中',
  '休假通知',
  '不在办公室',
  '不在辦公室',
  '外出通知',
  // Malay
  'balasan automatik',
  'balas automatik',
  'jawapan automatik',
  'di luar pejabat',
  'tiada di pejabat',
  'sedang bercuti',
  'bercuti',
  // German, French, Dutch, Spanish
  'abwesenheitsnotiz',
  'automatische antwort',
  'réponse automatique',
  'absence du bureau',
  'automatisch antwoord',
  'respuesta automática',
];

// Longest first, so 休假通知 is reported rather than 休假.
const LONGEST_FIRST = [...PHRASES].sort((a, b) => b.length - a.length);

const OPENERS = new Set(['[', '【', '(', '（', '「', '"', ' ', '\t']);
const SEPARATORS = new Set([':', '：', ' ', '\t', '-', '—', '(', '（', '[', '【', ']', '】', ')', '）', ',', '，', '!', '！', '.', '。']);

/** The auto-responder phrase the subject starts with, or null. */
export function vacationPhrase(subject: string): string | null {
  let start = 0;
  while (start < subject.length && OPENERS.has(subject[start]!)) start++;
  const lower = subject.slice(start, start + 64).toLowerCase();
  for (const phrase of LONGEST_FIRST) {
    if (!lower.startsWith(phrase)) continue;
    const next = lower[phrase.length];
    if (next === undefined || SEPARATORS.has(next)) return phrase;
  }
  return null;
}

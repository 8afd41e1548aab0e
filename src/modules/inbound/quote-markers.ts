// Where quoted history and signatures begin, for the clients our reporters
// and officers use that email-reply-parser and planer do not know: Chinese
// clients (QQ Mail, 163.com, Foxmail, Outlook in Chinese), Outlook's
// "From: … Sent: …" block, Malay Gmail, and phone signatures. Line by line
// with string tests, so the cost stays linear in the message.

const ORIGINAL_MESSAGE = new Set([
  'original message',
  'forwarded message',
  'reply message',
  '原始邮件',
  '原始郵件',
  '回复的原邮件',
  '回覆的原郵件',
  '回復的原郵件',
  '转发邮件',
  '轉寄郵件',
  '邮件原文',
  'mesej asal',
  'mesej asal yang dimajukan',
]);

/** `-----Original Message-----`, `------------------ 原始邮件 ------------------`, `---- 回复的原邮件 ----`. */
function isOriginalMessageRule(line: string): boolean {
  const t = line.trim();
  if (!t.startsWith('--') || !t.endsWith('--')) return false;
  let from = 0;
  let to = t.length;
  while (from < to && t[from] === '-') from++;
  while (to > from && t[to - 1] === '-') to--;
  return ORIGINAL_MESSAGE.has(t.slice(from, to).trim().toLowerCase());
}

/** Gmail and Apple Mail "On … wrote:", Malay "Pada … menulis:", possibly wrapped onto a second line. */
const ATTRIBUTIONS: { opens: string; closes: string[] }[] = [
  { opens: 'on ', closes: ['wrote:'] },
  { opens: 'pada ', closes: ['menulis:', 'menulis :'] },
];

function isAttribution(lines: string[], i: number): boolean {
  const line = lines[i]!.trim().toLowerCase();
  const next = (lines[i + 1] ?? '').trim().toLowerCase();
  for (const { opens, closes } of ATTRIBUTIONS) {
    if (!line.startsWith(opens)) continue;
    if (closes.some((c) => line.endsWith(c) || (next.endsWith(c) && next.length < 120))) return true;
  }
  // Chinese: "在 2026年12月7日 09:12，Jane <…> 写道：", Apple Mail "2026年12月7日 09:12，Jane 写道：".
  // A date or an address on the line keeps "他在文章中写道：" (he wrote in the article:) from counting.
  const chinese = ['写道：', '写道:', '寫道：', '寫道:'];
  if (chinese.some((c) => line.endsWith(c)) && (/\d/.test(line) || line.includes('@'))) return true;
  return false;
}

/** The first line of a header block: From then, within four lines, a date. */
const FROM_LABELS = ['from', '发件人', '發件人', '寄件者', 'dari', 'daripada', 'de', 'von'];
const DATE_LABELS = ['sent', 'date', '发送时间', '發送時間', '寄件日期', '日期', '时间', '時間', 'tarikh', 'dihantar', 'gesendet', 'envoyé'];

/** `From: x`, `*From:* x`, `发件人：x`, `| 发件人 | x |` → 'from' / '发件人'; else null. */
function labelOf(line: string): string | null {
  let t = line.trim();
  while (t.startsWith('*') || t.startsWith('|') || t.startsWith(' ')) t = t.slice(1);
  const colon = [':', '：', '|', '*'].map((c) => t.indexOf(c)).filter((n) => n > 0);
  if (colon.length === 0) return null;
  const label = t.slice(0, Math.min(...colon)).trim().toLowerCase();
  return label.length <= 12 ? label : null;
}

function isHeaderBlock(lines: string[], i: number): boolean {
  const label = labelOf(lines[i]!);
  if (label === null || !FROM_LABELS.includes(label)) return false;
  for (let j = i + 1; j <= i + 4 && j < lines.length; j++) {
    const next = labelOf(lines[j]!);
    if (next !== null && DATE_LABELS.includes(next)) return true;
  }
  return false;
}

/** The line quoted history starts at, or -1. */
export function quoteStart(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    if (isOriginalMessageRule(lines[i]!) || isAttribution(lines, i) || isHeaderBlock(lines, i)) {
      // Take the rule Outlook draws above its header block along.
      let at = i;
      while (at > 0 && isRule(lines[at - 1]!)) at--;
      return at;
    }
  }
  return -1;
}

function isRule(line: string): boolean {
  const t = line.trim();
  return t.length >= 8 && [...t].every((c) => c === '_' || c === '-' || c === '—');
}

const SIGNATURE_OPENERS = [
  'sent from my ',
  'sent from outlook',
  'sent from mail for windows',
  'get outlook for ',
  'sent from yahoo mail',
  '发自我的',
  '發自我的',
  '从我的',
  '從我的',
  '来自我的',
  'dihantar dari ',
  'dihantar daripada ',
  'dikirim dari ',
];

/** The line a signature starts at ("-- ", "Sent from my iPhone", "发自我的iPhone"), or -1. */
export function signatureStart(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw === '-- ' || raw === '--') return i;
    const t = raw.trim().toLowerCase();
    if (t.length < 60 && SIGNATURE_OPENERS.some((s) => t.startsWith(s))) return i;
  }
  return -1;
}

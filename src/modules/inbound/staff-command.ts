// An officer answering by email writes to the reporter unless a line says
// otherwise: `#note` at the start of a line makes the whole message an
// internal note, and that line leaves the text (the rest of it stays, so
// `#note call her back` keeps "call her back").

export interface StaffCommand {
  kind: 'reply' | 'note';
  text: string;
}

const NOTE = /^#note\b/i;

export function staffCommand(visible: string): StaffCommand {
  const lines = visible.split(/\r?\n/);
  const at = lines.findIndex((line) => NOTE.test(line.trimStart()));
  if (at < 0) return { kind: 'reply', text: visible.trim() };
  const rest = lines[at]!.trimStart().replace(NOTE, '').replace(/^[\s:]+/, '');
  const kept = [...lines.slice(0, at), ...(rest === '' ? [] : [rest]), ...lines.slice(at + 1)];
  return { kind: 'note', text: kept.join('\n').trim() };
}

/**
 * Writes a run's figures into bench/README.md between two markers, replacing
 * the previous run's, so the README always has the last measurement beside the
 * dated ones written by hand. `BENCH_README=0` leaves the file alone.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const README = fileURLToPath(new URL('./README.md', import.meta.url));
const START = '<!-- bench:intake latest run: written by the script, do not edit -->';
const END = '<!-- /bench:intake latest run -->';

export function writeLatestRun(lines: string[]): string | null {
  if (process.env.BENCH_README === '0') return null;
  const text = readFileSync(README, 'utf8');
  const block = `${START}\n${lines.join('\n')}\n${END}`;
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  const next = from >= 0 && to > from ? text.slice(0, from) + block + text.slice(to + END.length) : insertAfterIntro(text, block);
  writeFileSync(README, next);
  return README;
}

/** First time: after the intake section's "What is measured" list, before its dated figures. */
function insertAfterIntro(text: string, block: string): string {
  const at = text.indexOf('## Figures: 2026-11-28, this machine');
  const section = `## Latest run\n\n${block}\n\n`;
  return at >= 0 ? text.slice(0, at) + section + text.slice(at) : `${text}\n${section}`;
}

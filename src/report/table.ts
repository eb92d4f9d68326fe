/** Plain-text tables for terminal and Markdown output. */

export function markdownTable(header: string[], rows: string[][], align?: ('l' | 'r')[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const pad = (s: string, i: number) => ((align?.[i] ?? 'l') === 'r' ? s.padStart(widths[i]!) : s.padEnd(widths[i]!));
  const line = (cells: string[]) => `| ${cells.map((c, i) => pad(c, i)).join(' | ')} |`;
  const sep = `|${widths.map((w, i) => ((align?.[i] ?? 'l') === 'r' ? '-'.repeat(w + 1) + ':' : ':' + '-'.repeat(w + 1))).join('|')}|`;
  return [line(header), sep, ...rows.map(line)].join('\n');
}

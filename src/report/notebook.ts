/**
 * Helpers for notebooks (the Deno Jupyter kernel): a chart as a MIME bundle that JupyterLab draws
 * with its vega-lite renderer, with an SVG and a text fallback for viewers without one (GitHub,
 * classic Notebook). Display it with `Deno.jupyter.display(await chartBundle(spec), { raw: true })`.
 */
import type { ChartSpec } from './charts.ts';
import { renderSvg } from './render-chart.ts';

export async function chartBundle(spec: ChartSpec): Promise<Record<string, unknown>> {
  // JupyterLab registers vega-lite v5 (not v6): drop the v6 $schema; the specs use nothing newer.
  const { $schema: _omit, ...v5 } = spec as Record<string, unknown>;
  void _omit;
  return {
    'application/vnd.vegalite.v5+json': v5,
    'image/svg+xml': await renderSvg(spec),
    'text/plain': `[chart] ${spec.title.text}${spec.title.subtitle ? ` — ${spec.title.subtitle}` : ''}`,
  };
}

/** A table (rows of objects) as a Markdown bundle with a plain-text fallback. */
export function tableBundle(rows: readonly Record<string, unknown>[]): Record<string, unknown> {
  if (rows.length === 0) return { 'text/plain': '(no rows)' };
  const cols = Object.keys(rows[0]!);
  const cell = (v: unknown) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : String(v ?? ''));
  const md = [`| ${cols.join(' | ')} |`, `|${cols.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${cols.map((c) => cell(r[c])).join(' | ')} |`)].join('\n');
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const txt = [cols.map((c, i) => c.padEnd(widths[i]!)).join('  '), ...rows.map((r) => cols.map((c, i) => cell(r[c]).padEnd(widths[i]!)).join('  '))].join('\n');
  return { 'text/markdown': md, 'text/plain': txt };
}

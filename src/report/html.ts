/**
 * report.html: one self-contained page (inline CSS and SVG, no scripts, no network) with the summary
 * and every chart. Scenario text is data: raw HTML in it is shown escaped, never interpreted.
 */
import { Marked } from 'marked';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const CSS = `body{font-family:"DejaVu Sans",system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
table{border-collapse:collapse;margin:1em 0;font-size:.9em}th,td{border:1px solid #ccc;padding:.25em .6em}th{background:#f3f3f3}
td[align=right],th[align=right]{text-align:right}code{background:#f5f5f5;padding:0 .2em}
figure{margin:1.5em 0}figure svg{max-width:100%;height:auto}footer{color:#777;font-size:.85em;margin-top:3em}`;

export function reportHtml(title: string, summaryMarkdown: string, charts: { name: string; svg: string }[], version: string): string {
  const md = new Marked({ gfm: true, renderer: { html: ({ text }) => escapeHtml(text) } });
  const body = md.parse(summaryMarkdown, { async: false });
  const figures = charts.map((c) => `<figure id="chart-${escapeHtml(c.name)}">\n${c.svg.replace(/^<\?xml[^>]*>\s*/, '')}\n</figure>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · tiersim report</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
${charts.length ? `<h2>Charts</h2>\n${figures}` : ''}
</main>
<footer>Made by tiersim ${escapeHtml(version)}. Charts: the .svg, .png and .vl.json files in charts/.</footer>
</body>
</html>
`;
}

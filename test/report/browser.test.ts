// report.html in a real browser: headless Chromium (Debian `chromium`, driven by playwright-core)
// loads it from disk with no console errors, and every chart is drawn: each figure's SVG has a size,
// marks and text, and rasterised in the page it has coloured (non-white) pixels.
import { mkdtempSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.ts';

const root = join(import.meta.dirname, '..', '..');
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);

async function cli(...argv: string[]) {
  let out = '', err = '';
  const code = await main(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), stderrIsTTY: false });
  return { code, out, err };
}

(CHROMIUM ? describe : describe.skip)('report.html in headless Chromium', () => {
  test.each([['scenarios/default.yaml'], ['scenarios/mlperf-storage/cosmoflow-h100.yaml'], ['scenarios/hpc/checkpoint-bb-vs-pfs.yaml']])('%s: loads with no console errors and every chart drawn', async (scenario) => {
    const out = mkdtempSync(join(tmpdir(), 'tiersim-report-'));
    const r = await cli('run', join(root, scenario), '--out', out, '-q');
    expect(r.code).toBe(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const expected = (html.match(/<figure /g) ?? []).length;
    expect(expected).toBeGreaterThanOrEqual(2);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('requestfailed', (q) => errors.push(`request failed: ${q.url()}`));
      await page.goto(`file://${join(out, 'report.html')}`);
      // Runs in the page (a string, so this file needs no DOM types): rasterise each chart's SVG as
      // the browser draws it and count the pixels that are not white.
      const figures = (await page.evaluate(`Promise.all([...document.querySelectorAll('figure svg')].map(async (s) => {
        const box = s.getBoundingClientRect();
        const img = new Image();
        img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(new XMLSerializer().serializeToString(s));
        await img.decode();
        const c = document.createElement('canvas');
        c.width = Math.ceil(box.width);
        c.height = Math.ceil(box.height);
        const ctx = c.getContext('2d');
        ctx.fillStyle = 'white';
        ctx.fillRect(0, 0, c.width, c.height);
        ctx.drawImage(img, 0, 0, c.width, c.height);
        const px = ctx.getImageData(0, 0, c.width, c.height).data;
        let ink = 0, colour = 0;
        for (let i = 0; i < px.length; i += 4) {
          const r = px[i], g = px[i + 1], b = px[i + 2];
          if (r < 200 || g < 200 || b < 200) ink++;
          if (Math.max(r, g, b) - Math.min(r, g, b) > 60) colour++;
        }
        return { width: box.width, height: box.height, texts: s.querySelectorAll('text').length, ink: ink / (px.length / 4), colour };
      }))`)) as { width: number; height: number; texts: number; ink: number; colour: number }[];
      expect(errors).toEqual([]);
      expect(figures.length).toBe(expected);
      for (const f of figures) {
        expect(f.width).toBeGreaterThan(200);
        expect(f.height).toBeGreaterThan(100);
        expect(f.texts).toBeGreaterThan(3); // a title and axis labels at least
        expect(f.ink).toBeGreaterThan(0.01); // not blank
        expect(f.colour).toBeGreaterThan(50); // the data is drawn in colour
      }
    } finally {
      await browser.close();
    }
  });
});

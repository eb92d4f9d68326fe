/**
 * Text widths from the font the charts are drawn in. Vega lays out titles, axes and legends from
 * the width of their text; without a canvas library it guesses 0.8 em a character, which is about
 * 40% too wide for DejaVu Sans: a long subtitle then makes a chart half empty, and labels under a
 * limit are cut short where they would fit. This reads each glyph's advance width from the TTF
 * files the PNGs are drawn with (their `cmap` and `hmtx` tables), so the layout fits the drawing.
 * Kerning is left out (it changes a line by a percent or two).
 */
import { readFileSync } from 'node:fs';

/** Advance widths of one font, in em, by code point. */
export class FontMetrics {
  private readonly cache = new Map<number, number>();
  private readonly unitsPerEm: number;
  private readonly advances: Uint16Array;
  private readonly segments: { start: number; end: number; delta: number; rangeOffset: number; at: number }[] = [];
  private readonly groups: { start: number; end: number; glyph: number }[] = [];

  constructor(private readonly data: Buffer) {
    const tables = new Map<string, number>();
    const count = data.readUInt16BE(4);
    for (let i = 0; i < count; i++) {
      const rec = 12 + 16 * i;
      tables.set(data.toString('latin1', rec, rec + 4), data.readUInt32BE(rec + 8));
    }
    const need = (tag: string) => {
      const at = tables.get(tag);
      if (at === undefined) throw new Error(`font has no ${tag} table`);
      return at;
    };
    this.unitsPerEm = data.readUInt16BE(need('head') + 18);
    const metrics = data.readUInt16BE(need('hhea') + 34);
    const hmtx = need('hmtx');
    this.advances = new Uint16Array(metrics);
    for (let i = 0; i < metrics; i++) this.advances[i] = data.readUInt16BE(hmtx + 4 * i);
    this.readCmap(need('cmap'));
  }

  /** The Unicode character map: format 12 (all planes) where the font has it, else format 4. */
  private readCmap(cmap: number): void {
    const d = this.data;
    const n = d.readUInt16BE(cmap + 2);
    let f4: number | undefined, f12: number | undefined;
    for (let i = 0; i < n; i++) {
      const rec = cmap + 4 + 8 * i;
      const platform = d.readUInt16BE(rec), encoding = d.readUInt16BE(rec + 2);
      const at = cmap + d.readUInt32BE(rec + 4);
      const format = d.readUInt16BE(at);
      if (platform === 3 && encoding === 10 && format === 12) f12 = at;
      if ((platform === 3 && encoding === 1) || platform === 0) if (format === 4 && f4 === undefined) f4 = at;
    }
    if (f12 !== undefined) {
      const groups = d.readUInt32BE(f12 + 12);
      for (let i = 0; i < groups; i++) {
        const g = f12 + 16 + 12 * i;
        this.groups.push({ start: d.readUInt32BE(g), end: d.readUInt32BE(g + 4), glyph: d.readUInt32BE(g + 8) });
      }
      return;
    }
    if (f4 === undefined) throw new Error('font has no Unicode character map');
    const segs = d.readUInt16BE(f4 + 6) / 2;
    const ends = f4 + 14, starts = ends + 2 * segs + 2, deltas = starts + 2 * segs, offsets = deltas + 2 * segs;
    for (let i = 0; i < segs; i++) {
      this.segments.push({ end: d.readUInt16BE(ends + 2 * i), start: d.readUInt16BE(starts + 2 * i), delta: d.readInt16BE(deltas + 2 * i), rangeOffset: d.readUInt16BE(offsets + 2 * i), at: offsets + 2 * i });
    }
  }

  private glyph(code: number): number {
    for (const g of this.groups) if (code >= g.start && code <= g.end) return g.glyph + code - g.start;
    for (const s of this.segments) {
      if (code > s.end || code < s.start) continue;
      if (s.rangeOffset === 0) return (code + s.delta) & 0xffff;
      const g = this.data.readUInt16BE(s.at + s.rangeOffset + 2 * (code - s.start));
      return g === 0 ? 0 : (g + s.delta) & 0xffff;
    }
    return 0;
  }

  /** The advance width of one character, in em. */
  advance(code: number): number {
    let w = this.cache.get(code);
    if (w === undefined) {
      const g = this.glyph(code);
      w = this.advances[Math.min(g, this.advances.length - 1)]! / this.unitsPerEm;
      this.cache.set(code, w);
    }
    return w;
  }

  /** The width of `text` at `fontSize` (same unit as the size). */
  width(text: string, fontSize: number): number {
    let em = 0;
    for (const ch of text) em += this.advance(ch.codePointAt(0)!);
    return em * fontSize;
  }
}

/** The measure vega calls for every piece of text: item has fontSize, fontWeight and limit. */
export function vegaTextWidth(regular: FontMetrics, bold: FontMetrics) {
  return (item: { fontSize?: number | string; fontWeight?: string | number; limit?: number }, line: unknown): number => {
    const size = item.fontSize != null ? +item.fontSize || 0 : 11;
    const text = line == null ? '' : String(line).trim();
    if (size <= 0 || text === '') return 0;
    const w = item.fontWeight;
    const isBold = w === 'bold' || w === 'bolder' || (typeof w === 'number' && w >= 600) || (typeof w === 'string' && Number(w) >= 600);
    const width = (isBold ? bold : regular).width(text, size);
    // Vega truncates text over its limit with an ellipsis, measuring with this function as it goes:
    // the width of text that will be cut to fit is the limit.
    return item.limit !== undefined && item.limit > 0 ? Math.min(width, item.limit) : width;
  };
}

export function loadFontMetrics(file: string): FontMetrics {
  return new FontMetrics(readFileSync(file));
}

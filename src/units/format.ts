/** Formats SI numbers back into human units for reports: 2.5e10 B/s -> "25 GB/s". */

const SI_PREFIXES: [number, string][] = [
  [1e18, 'E'], [1e15, 'P'], [1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k'], [1, ''],
];

function trim(x: number, digits: number): string {
  const s = x.toPrecision(digits);
  if (s.includes('e')) return String(Number(s));
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** "25 GB", decimal prefixes. */
export function formatBytes(bytes: number, digits = 3): string {
  return withPrefix(bytes, 'B', digits);
}

export function formatBandwidth(bytesPerSecond: number, digits = 3): string {
  return withPrefix(bytesPerSecond, 'B/s', digits);
}

export function formatRate(opsPerSecond: number, unit = 'op/s', digits = 3): string {
  return withPrefix(opsPerSecond, ` ${unit}`, digits, true);
}

export function formatFlopRate(flops: number, digits = 3): string {
  return withPrefix(flops, 'FLOP/s', digits);
}

function withPrefix(x: number, unit: string, digits: number, spaced = false): string {
  if (x === 0 || !Number.isFinite(x)) return `${x} ${unit.trim()}`;
  const a = Math.abs(x);
  for (const [f, p] of SI_PREFIXES) {
    if (a >= f * 0.9995) return spaced ? `${trim(x / f, digits)} ${p}${unit.trim()}` : `${trim(x / f, digits)} ${p}${unit}`;
  }
  return `${trim(x, digits)} ${unit.trim()}`;
}

/** "1 h 02 min", "3.2 s", "45 ms", "12 us". */
export function formatDuration(seconds: number, digits = 3): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  const a = Math.abs(seconds);
  if (a === 0) return '0 s';
  if (a < 1e-6) return `${trim(seconds * 1e9, digits)} ns`;
  if (a < 1e-3) return `${trim(seconds * 1e6, digits)} us`;
  if (a < 1) return `${trim(seconds * 1e3, digits)} ms`;
  if (a < 120) return `${trim(seconds, digits)} s`;
  if (a < 7200) return `${trim(seconds / 60, digits)} min`;
  if (a < 3 * 86400) return `${trim(seconds / 3600, digits)} h`;
  return `${trim(seconds / 86400, digits)} days`;
}

export function formatMoney(usd: number): string {
  if (Math.abs(usd) >= 100) return `$${Math.round(usd).toLocaleString('en-US')}`;
  // under a cent: two significant digits, so a small cost does not print as $0.00
  if (usd !== 0 && Math.abs(usd) < 0.01) return `$${usd.toFixed(Math.min(20, 1 - Math.floor(Math.log10(Math.abs(usd)))))}`;
  return `$${usd.toFixed(2)}`;
}

export function formatPercent(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

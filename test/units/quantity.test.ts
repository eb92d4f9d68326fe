import { parseQuantity, quantity, formatBytes, formatBandwidth, formatDuration } from '../../src/units/index.ts';
import { formatMoney } from '../../src/units/format.ts';

describe('parseQuantity', () => {
  test.each([
    ['1.5 TiB', 'size', 1.5 * 2 ** 40],
    ['12 GB/s', 'bandwidth', 12e9],
    ['200 Gb/s', 'bandwidth', 25e9],
    ['200 Gbit/s', 'bandwidth', 25e9],
    ['100 Mbits/s', 'bandwidth', 12.5e6],
    ['1 kbit/s', 'bandwidth', 125],
    ['1 Kibit/s', 'bandwidth', 128],
    ['8 bit/s', 'bandwidth', 1],
    ['100 gigabits/s', 'bandwidth', 12.5e9],
    ['25 Gbps', 'bandwidth', 3.125e9],
    ['3 us', 'duration', 3e-6],
    ['3 µs', 'duration', 3e-6],
    ['20 ms', 'duration', 0.02],
    ['10k IOPS', 'opRate', 10_000],
    ['5500 req/s', 'opRate', 5500],
    ['3.8 GFLOP', 'flop', 3.8e9],
    ['312 TFLOP/s', 'flopRate', 312e12],
    ['19.5 TFLOPS', 'flopRate', 19.5e12],
    ['25000 $', 'money', 25000],
    ['$3', 'money', 3],
    ['0.09 $/GB', 'transferPrice', 0.09e-9],
    ['0.4 $/Mreq', 'requestPrice', 0.4e-6],
    ['3 $/h', 'hourlyPrice', 3 / 3600],
    ['6 /h', 'frequency', 6 / 3600],
    ['0.5 /s', 'frequency', 0.5],
    ['2 per hour', 'frequency', 2 / 3600],
    ['10 Hz', 'frequency', 10],
    [0, 'bandwidth', 0],
    ['0', 'size', 0],
  ] as const)('%p as %s is %p', (text, kind, expected) => {
    const r = parseQuantity(text, kind);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toBeCloseTo(expected, 12 - Math.ceil(Math.log10(Math.abs(expected) + 1e-300)));
  });

  test('"25 $/TB/month" is dollars per byte-second (month = 1/12 of a Julian year, as in mathjs)', () => {
    const v = quantity('25 $/TB/month', 'storagePrice');
    expect(v).toBeCloseTo(25 / 1e12 / (365.25 * 86400 / 12), 25);
  });

  test('a size where a rate is needed is refused with the hint to add "/s"', () => {
    const r = parseQuantity('25 GB', 'bandwidth');
    expect(r).toEqual({ ok: false, message: '"25 GB" is a size, not a bandwidth', hint: '"25 GB" is a size; a rate needs "/s", e.g. "25 GB/s"' });
  });

  test('ambiguous "KB" is refused with both readings offered', () => {
    const r = parseQuantity('64 KB', 'size');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toContain('ambiguous');
      expect(r.hint).toContain('KiB');
    }
  });

  test.each([
    [25, 'bare number 25 has no unit'],
    ['25', 'has no unit'],
    [NaN, 'not a finite'],
    [Infinity, 'not a finite'],
    ['fast', 'does not start with a number'],
    ['12 furlongs/s', 'unknown unit'],
    [true, 'got a boolean'],
    [null, 'got null'],
    [undefined, 'missing: a bandwidth is required here'],
  ])('%p is refused: %s', (input, msg) => {
    const r = parseQuantity(input, 'bandwidth');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(msg);
  });

  test('never evaluates expressions: "1 GB/s + 2" and function calls are refused', () => {
    expect(parseQuantity('1 GB/s + 2', 'bandwidth').ok).toBe(false);
    expect(parseQuantity('import("fs")', 'bandwidth').ok).toBe(false);
  });
});

describe('formatting', () => {
  test('money: whole dollars from $100, cents below, two significant digits under a cent (never $0.00 for a cost)', () => {
    expect(formatMoney(1234.5)).toBe('$1,235');
    expect(formatMoney(1.494)).toBe('$1.49');
    expect(formatMoney(0.0016)).toBe('$0.0016');
    expect(formatMoney(1.23e-7)).toBe('$0.00000012');
    expect(formatMoney(0)).toBe('$0.00');
  });

  test('back to human units', () => {
    expect(formatBytes(1.5e12)).toBe('1.5 TB');
    expect(formatBandwidth(2.5e10)).toBe('25 GB/s');
    expect(formatDuration(3e-6)).toBe('3 us');
    expect(formatDuration(3600)).toBe('60 min');
    expect(formatDuration(9000)).toBe('2.5 h');
  });
});

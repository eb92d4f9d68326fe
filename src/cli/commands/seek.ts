/** `tiersim seek SCENARIO --vary PATH --range LO..HI --until "METRIC >= X"`. */
import type { Streams } from '../io.ts';
import { seek, parseRange } from '../../scenario/seek.ts';
import { parseOverrides } from '../../scenario/overrides.ts';
import { markdownTable } from '../../report/table.ts';
import { ExitCode } from '../errors.ts';
import { formatBandwidth, formatBytes, formatDuration } from '../../units/format.ts';

function formatValue(v: number, unit: string): string {
  if (unit === 'B/s') return `${formatBandwidth(v, 4)} (${v} B/s)`;
  if (unit === 'B') return `${formatBytes(v, 4)} (${v} B)`;
  if (unit === 's') return `${formatDuration(v, 4)} (${v} s)`;
  return unit ? `${v} ${unit}` : String(v);
}

export function seekCommand(args: { scenario: string; vary: string; range: string; until: string; tolerance?: number; set?: string[]; json?: boolean }, io: Streams): number {
  const a = seek(args.scenario, args.vary, args.range, args.until, { ...(args.tolerance !== undefined ? { tolerance: args.tolerance } : {}), overrides: parseOverrides(args.set, '--set') });
  if (args.json) {
    io.stdout(JSON.stringify(a, null, 1) + '\n');
    return ExitCode.OK;
  }
  // a sweep over the same range shows the shape: doubling steps over a wide range, every whole number, or a list
  const r = parseRange(args.range), lo = Math.min(r.lo, r.hi), hi = Math.max(r.lo, r.hi);
  const grid = lo > 0 && hi / lo >= 4 ? `${args.range}:x2` : r.integer ? args.range : '...';
  const shape = `it does not change once over the range, so there is no one edge to find: \`tiersim sweep ${args.scenario} --set '${args.vary}=${grid}'\` shows its shape`;
  io.stdout(a.direction === 'inside'
    ? `${args.until} holds inside the range but at neither end: best at ${args.vary} = **${formatValue(a.value!, a.unit)}** of the ${a.evaluations} values tried; ${shape}.\n`
    : a.direction === 'not-between'
      ? `${args.until} holds at both ends of ${args.range} but not everywhere between; ${shape}.\n`
      : a.value === null
        ? `No value of ${args.vary} in ${args.range} meets ${args.until}.\n`
        : a.direction === 'all'
          ? `Every value of ${args.vary} in ${args.range} meets ${args.until}: where it stops lies outside the range; widen it.\n`
          : `The ${a.direction} ${args.vary} meeting ${args.until}: **${formatValue(a.value, a.unit)}** (${a.evaluations} evaluations).\n`);
  io.stdout('\nEvidence:\n\n' + markdownTable([args.vary, args.until.split(/[<>]=?/)[0]!.trim(), 'meets'], [...a.points].sort((x, y) => x.value - y.value).map((p) => [formatValue(p.value, a.unit), p.metric.toPrecision(5), p.ok ? 'yes' : 'no'])) + '\n');
  return ExitCode.OK;
}

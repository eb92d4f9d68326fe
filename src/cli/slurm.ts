/**
 * The SLURM executor of a sweep: the pending points become one job array whose task i runs
 * `tiersim sweep-task DIR i` (one point, written atomically to DIR/points/i.json, so tasks on many
 * nodes never share a file). `tiersim collect DIR` then builds the same table as a local sweep.
 * The sweep folder must be on a file system the compute nodes see.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { writeFileAtomic } from './io.ts';
import { UsageError } from './errors.ts';
import { packageRoot } from '../paths.ts';

/** "0-3,7,9-10" from sorted indices. */
export function arraySpec(indices: readonly number[]): string {
  const parts: string[] = [];
  const xs = [...indices].sort((a, b) => a - b);
  for (let i = 0; i < xs.length; ) {
    let j = i;
    while (j + 1 < xs.length && xs[j + 1] === xs[j]! + 1) j++;
    parts.push(i === j ? `${xs[i]}` : `${xs[i]}-${xs[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function jobScript(out: string, indices: readonly number[], throttle?: number): string {
  return [
    '#!/bin/bash',
    '#SBATCH --job-name=tiersim-sweep',
    `#SBATCH --output=${join(out, 'slurm', '%A_%a.out')}`,
    `#SBATCH --array=${arraySpec(indices)}${throttle && throttle > 0 ? `%${throttle}` : ''}`,
    '# One sweep point per array task (written by tiersim sweep --executor slurm).',
    `exec ${quote(process.execPath)} ${quote(join(packageRoot(), 'bin', 'tiersim.js'))} sweep-task ${quote(out)} "$SLURM_ARRAY_TASK_ID"`,
    '',
  ].join('\n');
}

/** Writes DIR/slurm/job.sh and submits it; returns the job id. With `wait`, returns when the array has finished. */
export function submitSlurmArray(out: string, indices: readonly number[], o: { options: string[]; wait: boolean; workers?: number | undefined }): string {
  if (indices.length === 0) return '(nothing to run)';
  const script = join(out, 'slurm', 'job.sh');
  writeFileAtomic(script, jobScript(out, indices, o.workers));
  const args = ['--parsable', ...(o.wait ? ['--wait'] : []), ...o.options, script];
  const r = spawnSync('sbatch', args, { encoding: 'utf8' });
  if (r.error) throw new UsageError(`cannot run sbatch: ${(r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it is not installed here' : r.error.message}`, 'run the sweep on a SLURM login node, or use the local executor (the default)');
  if (r.status !== 0) {
    // With --wait, sbatch exits non-zero when a task failed; the points that ran are still collected.
    const id = r.stdout.trim().split(';')[0];
    if (o.wait && id) return id;
    throw new UsageError(`sbatch failed: ${(r.stderr || r.stdout).trim()}`, `the job script is ${script}; check the --slurm-option values`);
  }
  return r.stdout.trim().split(';')[0]!;
}

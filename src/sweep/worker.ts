/**
 * Entry of a sweep worker process (bundled to dist/sweep-worker.js, started by `tiersim sweep -j N`
 * with fork): runs the points it is sent, one IPC message each, and answers each with its row;
 * 'end' ends it. It exits by itself when the sweep process goes away (the IPC channel closes).
 */
import { runPoint } from './point.ts';
import type { Point } from './grid.ts';

const { file, seed } = JSON.parse(process.env.TIERSIM_SWEEP_JOB ?? '{}') as { file: string; seed?: string };
process.on('message', (p: Point | 'end') => {
  if (p === 'end') { process.disconnect(); return; }
  process.send!(runPoint(file, p, seed));
});

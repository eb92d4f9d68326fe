/** worker_threads entry of a sweep (bundled to dist/sweep-worker.js): runs the points it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import { runPoint } from './point.ts';
import type { Point } from './grid.ts';

const { file, seed } = workerData as { file: string; seed?: string };
parentPort!.on('message', (p: Point | null) => {
  if (p === null) { parentPort!.close(); return; }
  parentPort!.postMessage(runPoint(file, p, seed));
});

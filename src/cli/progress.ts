/**
 * The progress line of a long command on a terminal (stderr only, redrawn in place): a bar, points
 * done of all, failures, time so far and an estimate of the time left from the pace since the start.
 */
import { formatDuration } from '../units/format.ts';

export function progressLine(o: { done: number; total: number; doneAtStart: number; failed: number; elapsed: number; width?: number }): string {
  const { done, total, doneAtStart, failed, elapsed } = o;
  const width = o.width ?? 24;
  const filled = total > 0 ? Math.round((width * done) / total) : width;
  const bar = `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
  const parts = [`${bar} ${done}/${total} points`];
  if (failed > 0) parts.push(`${failed} failed`);
  parts.push(`${formatDuration(Math.round(elapsed))} so far`);
  const ran = done - doneAtStart;
  if (ran > 0 && done < total) parts.push(`about ${formatDuration(Math.max(1, Math.round((elapsed / ran) * (total - done))))} left`);
  return parts.join(' · ');
}

/**
 * A progress reporter for one long simulation on a terminal: after the first second, the simulated
 * time and events so far, redrawn at most twice a second; `done()` clears the line.
 */
export function simulationProgress(write: (s: string) => void, what: string, clock: () => number = () => performance.now()): { onProgress: (t: number, events: number) => void; done: () => void } {
  const started = clock();
  let last = 0, shown = false;
  return {
    onProgress: (t, events) => {
      const now = clock();
      if (now - started < 1000 || now - last < 500) return;
      last = now;
      shown = true;
      write(`\r\x1b[K${what}: ${formatDuration(t)} simulated, ${(events / 1e6).toFixed(1)} M events, ${formatDuration(Math.round((now - started) / 1000))} so far`);
    },
    done: () => {
      if (shown) write('\r\x1b[K');
      shown = false;
    },
  };
}

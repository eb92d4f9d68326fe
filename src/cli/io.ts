/** Output helpers for the CLI: atomic file writes, and the streams (injectable for tests). */
import { writeFileSync, renameSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';

export interface Streams {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** True when stderr is a terminal (progress bars, colour). */
  stderrIsTTY: boolean;
  /** True when stdout is a terminal (JSON is indented for reading there, compact when piped). */
  stdoutIsTTY?: boolean;
}

export const processStreams: Streams = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stderrIsTTY: process.stderr.isTTY === true,
  stdoutIsTTY: process.stdout.isTTY === true,
};

/** Writes `data` to `path` atomically: a temporary file in the same folder, then rename. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

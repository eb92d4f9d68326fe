/**
 * Reading a trace file of any supported kind, detected from its content: a binary Darshan log,
 * darshan-parser or darshan-dxt-parser text, or tiersim's own CSV / JSON Lines. Missing files,
 * directories and files too large to be a trace are refused with a clear error before reading.
 */
import { readFileSync, statSync, openSync, readSync, closeSync } from 'node:fs';
import { InputError } from '../issues.ts';
import { isDarshanBinary, readDarshanBinary } from './darshan/binary.ts';
import { isDarshanText, readDarshanText } from './darshan/text.ts';
import type { DarshanLog } from './darshan/model.ts';
import { traceFromDarshan } from './from-darshan.ts';
import { readSimpleTrace } from './simple.ts';
import type { Trace } from './trace.ts';
import { isKineto, readKineto, type KinetoTrace } from './kineto.ts';
import { gunzipSync } from 'node:zlib';

/** Larger than any real Darshan log or text dump we could hold as one string. */
const MAX_BINARY = 1 << 30;
const MAX_TEXT = 500 * 2 ** 20;

function fail(file: string, message: string, hint: string): never {
  throw new InputError([{ file, path: [], message, hint }]);
}

function readHead(file: string): { size: number; head: Buffer } {
  let st;
  try {
    st = statSync(file);
  } catch {
    fail(file, 'no such file', 'check the path; traces are read from the current directory unless the path is absolute');
  }
  if (st.isDirectory()) fail(file, 'is a directory, not a trace file', 'give one .darshan log or text dump (for a folder of per-process logs, pass each one)');
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(4096, st.size));
    readSync(fd, head, 0, head.length, 0);
    return { size: st.size, head };
  } finally {
    closeSync(fd);
  }
}

export type TraceKind = 'darshan' | 'darshan-text' | 'darshan-dxt-text' | 'csv' | 'jsonl';

/** Reads a Darshan log (binary or text) as a DarshanLog, or null for tiersim's own formats. */
export function loadTraceSource(file: string): { kind: TraceKind; log: DarshanLog | null; text?: string } {
  const { size, head } = readHead(file);
  if (isDarshanBinary(head)) {
    if (size > MAX_BINARY) fail(file, `a ${(size / 2 ** 30).toFixed(1)} GiB Darshan log is larger than tiersim reads (1 GiB)`, 'is this really one log? darshan logs are usually kilobytes to megabytes');
    return { kind: 'darshan', log: readDarshanBinary(readFileSync(file), file) };
  }
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) fail(file, 'is gzip-compressed', 'decompress it first (gunzip)');
  if (head.includes(0)) fail(file, 'is binary but not a Darshan log (no Darshan magic number)', 'tiersim reads .darshan logs (format 3.x), darshan-parser / darshan-dxt-parser text, and its own CSV / JSON Lines traces');
  if (size > MAX_TEXT) fail(file, `a ${(size / 2 ** 20).toFixed(0)} MiB text trace is larger than tiersim reads (${MAX_TEXT / 2 ** 20} MiB)`, 'split it, or give the binary .darshan log, which is much smaller');
  const text = readFileSync(file, 'utf8');
  if (isDarshanText(text)) {
    const log = readDarshanText(text, file);
    return { kind: log.source === 'dxt-text' ? 'darshan-dxt-text' : 'darshan-text', log };
  }
  const first = text.split('\n').find((l) => l.trim() !== '' && !l.trimStart().startsWith('#')) ?? '';
  if (/^(---\s*$|[A-Za-z_][\w-]*:(\s|$))/.test(first) && !first.includes(',')) {
    fail(file, 'is not a trace: it reads as a YAML document (a scenario or a DLIO file?)', 'traces are .darshan logs, darshan-parser / darshan-dxt-parser text, PyTorch profiler JSON, or tiersim CSV / JSON Lines; run a scenario with `tiersim run FILE`');
  }
  return { kind: first.trimStart().startsWith('{') ? 'jsonl' : 'csv', log: null, text };
}

/** Reads any supported trace as replayable per-rank operations. */
export function loadTrace(file: string): Trace {
  const src = loadTraceSource(file);
  if (src.log) return traceFromDarshan(src.log, src.kind);
  return readSimpleTrace(src.text!, file, src.kind as 'csv' | 'jsonl');
}

const cache = new Map<string, { stamp: string; trace: Trace }>();

/** loadTrace, remembering the last few traces read (a sweep or a seek replays the same one often). */
export function loadTraceCached(file: string): Trace {
  let stamp = '';
  try {
    const st = statSync(file);
    stamp = `${st.size}/${st.mtimeMs}`;
  } catch {
    return loadTrace(file);
  }
  const hit = cache.get(file);
  if (hit && hit.stamp === stamp) return hit.trace;
  const trace = loadTrace(file);
  if (cache.size >= 4) cache.delete(cache.keys().next().value!);
  cache.set(file, { stamp, trace });
  return trace;
}

/** A PyTorch profiler trace (JSON, or gzip-compressed JSON), or null when the file is something else. */
export function loadKinetoIfAny(file: string): KinetoTrace | null {
  const { size, head } = readHead(file);
  const gz = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  if (!gz) return isKineto(head) ? readKineto(readKinetoFile(file, size), file) : null;
  if (size > MAX_BINARY) return null;
  let json: Buffer;
  try {
    json = gunzipSync(readFileSync(file)); // decompressed once: probed, then parsed
  } catch {
    return null;
  }
  return isKineto(json.subarray(0, 4096)) ? readKineto(json, file) : null;
}

function readKinetoFile(file: string, size: number): Buffer {
  if (size > MAX_TEXT) fail(file, `a ${(size / 2 ** 20).toFixed(0)} MiB profiler trace is larger than tiersim reads`, 'profile fewer steps');
  return readFileSync(file);
}

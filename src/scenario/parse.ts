/**
 * Reading a document: YAML or JSON text into plain data, with a way back from a path in the data to
 * a line and column in the file. JSON is parsed with JSON.parse (fast for large reference cases) and
 * re-read with the YAML parser only when positions are needed for an error.
 */
import { parseDocument, LineCounter, isMap, isSeq, isPair, isScalar, type Document, type Node } from 'yaml';
import type { Issue } from '../issues.ts';
import { jsonErrorOffset, indexJsonPositions } from './json-error.ts';

/** Files larger than this are refused rather than parsed. */
export const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;
const MAX_POSITION_BYTES = 32 * 1024 * 1024;
const MAX_DEPTH = 200;

export interface ParsedDocument {
  data: unknown;
  /** Line/column of a path, or undefined when not known. */
  locate(path: readonly (string | number)[], key?: boolean): { line: number; column: number } | undefined;
}

export function parseText(text: string, file: string): { doc?: ParsedDocument; issues: Issue[] } {
  if (text.trim() === '') return { issues: [{ file, path: [], message: 'the file is empty', hint: 'a scenario needs at least `name` and `system`; see scenarios/ for examples' }] };
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\u0000')) return { issues: [{ file, path: [], message: 'this is not a text file (it contains NUL bytes)', hint: 'give a YAML or JSON scenario file' }] };
  const looksJson = /^\s*[{[]/.test(text);
  if (looksJson) {
    try {
      const data = JSON.parse(text) as unknown;
      const depthIssue = checkDepth(data, file);
      if (depthIssue) return { issues: [depthIssue] };
      let index: Map<string, { key?: number; value: number }> | null | undefined;
      return {
        doc: {
          data,
          locate(path, key) {
            if (index === undefined) index = text.length <= MAX_POSITION_BYTES ? indexJsonPositions(text) : null;
            if (index === null) return undefined;
            // the deepest prefix of the path that exists (a missing key points at its parent)
            for (let k = path.length; k >= 0; k--) {
              const at = index.get(path.slice(0, k).join('\u0000'));
              if (at !== undefined) return lineCol(text, key && k === path.length && at.key !== undefined ? at.key : at.value);
            }
            return undefined;
          },
        },
        issues: [],
      };
    } catch (e) {
      if (e instanceof RangeError) return { issues: [{ file, path: [], message: 'the document is nested too deeply to read', hint: `scenarios are at most ${MAX_DEPTH} levels deep` }] };
      const offset = jsonErrorOffset(text);
      const pos = offset >= 0 ? lineCol(text, offset) : undefined;
      const near = offset >= 0 ? describeJsonError(text, offset) : (e as Error).message.split('\n')[0]!;
      return { issues: [{ file, ...pos, path: [], message: `not valid JSON: ${near}`, hint: 'check for a missing or extra comma, quote or bracket here (JSON allows no trailing commas or comments)' }] };
    }
  }
  let pd: YamlPositions;
  try {
    pd = YamlPositions.from(text);
  } catch (e) {
    if (e instanceof RangeError) return { issues: [{ file, path: [], message: 'the document is nested too deeply to read', hint: `scenarios are at most ${MAX_DEPTH} levels deep` }] };
    throw e;
  }
  const errors = pd.doc.errors;
  if (errors.some((err) => /call stack/i.test(err.message))) {
    return { issues: [{ file, path: [], message: 'the document is nested too deeply to read', hint: `scenarios are at most ${MAX_DEPTH} levels deep` }] };
  }
  if (errors.length > 0) {
    return {
      issues: errors.slice(0, 20).map((err) => {
        const p = err.linePos?.[0];
        return { file, ...(p ? { line: p.line, column: p.col } : {}), path: [], message: `not valid YAML: ${err.message.split('\n')[0]}`, hint: yamlHint(err.code) };
      }),
    };
  }
  let data: unknown;
  try {
    data = pd.doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    if (e instanceof RangeError) return { issues: [{ file, path: [], message: 'the document is nested too deeply to read', hint: `scenarios are at most ${MAX_DEPTH} levels deep` }] };
    return { issues: [{ file, path: [], message: `cannot read the YAML document: ${(e as Error).message}`, hint: 'too many aliases (*refs) or a recursive alias' }] };
  }
  const depthIssue = checkDepth(data, file);
  if (depthIssue) return { issues: [depthIssue] };
  return { doc: { data, locate: (path, key) => pd.locate(path, key) }, issues: [] };
}

function describeJsonError(text: string, offset: number): string {
  if (offset >= text.length) return 'the text ends before the document is complete';
  const snippet = text.slice(offset, offset + 20).split('\n')[0]!;
  return `unexpected ${JSON.stringify(snippet.length ? snippet : text[offset])}`;
}

function yamlHint(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY': return 'each key may appear once in a mapping; remove or rename the repeated one';
    case 'BAD_INDENT': case 'MISSING_CHAR': return 'check the indentation: nested keys need more spaces than their parent';
    case 'TAB_AS_INDENT': return 'YAML indentation uses spaces, not tabs';
    default: return 'check the YAML syntax near this line';
  }
}

function checkDepth(data: unknown, file: string): Issue | undefined {
  // Iterative, so a pathological document cannot overflow the stack here.
  const stack: [unknown, number][] = [[data, 0]];
  let seen = 0;
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (d > MAX_DEPTH) return { file, path: [], message: `the document is nested more than ${MAX_DEPTH} levels deep`, hint: 'scenarios are shallow; this does not look like a scenario file' };
    if (v !== null && typeof v === 'object') {
      if (++seen > 50_000_000) break;
      for (const c of Array.isArray(v) ? v : Object.values(v)) if (c !== null && typeof c === 'object') stack.push([c, d + 1]);
    }
  }
  return undefined;
}

function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1, last = -1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) { line++; last = i; }
  return { line, column: offset - last };
}

class YamlPositions {
  constructor(readonly doc: Document, private readonly lc: LineCounter) {}

  static from(text: string): YamlPositions {
    const lc = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: true, strict: true });
    return new YamlPositions(doc, lc);
  }

  locate(path: readonly (string | number)[], key = false): { line: number; column: number } | undefined {
    let node: unknown = this.doc.contents;
    let keyNode: unknown = undefined;
    let lastGood: unknown = node;
    for (const seg of path) {
      keyNode = undefined;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        keyNode = pair.key;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        node = node.items[seg];
      } else break;
      if (node === undefined || node === null) break;
      lastGood = node;
    }
    const target = (key && keyNode) || (node && (node as Node).range ? node : keyNode) || lastGood;
    const range = (target as Node | undefined)?.range;
    if (!range) return undefined;
    const p = this.lc.linePos(range[0]);
    return { line: p.line, column: p.col };
  }
}

/** User-facing wording shared by the loaders: did-you-mean suggestions and common hints. */

/** Levenshtein distance, for suggestions. */
export function editDistance(a: string, b: string): number {
  const al = a.toLowerCase(), bl = b.toLowerCase();
  const m = al.length, n = bl.length;
  if (m === 0) return n;
  if (n === 0) return m;
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = al[i - 1] === bl[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[n]!;
}

/** The closest of `candidates` to `word`, if it is close enough to be a likely typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD || (d === bestD && best !== undefined && c < best)) {
      best = c;
      bestD = d;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(word.length / 3));
  if (bestD <= limit || best.toLowerCase().includes(word.toLowerCase()) || word.toLowerCase().includes(best.toLowerCase())) return best;
  return undefined;
}

/** "did you mean "readBandwidth"?" or the list of valid names. */
export function didYouMean(word: string, candidates: readonly string[], what = 'key'): string {
  const c = closest(word, candidates);
  if (c !== undefined) return `did you mean "${c}"?`;
  const list = candidates.slice(0, 12).map((x) => `"${x}"`).join(', ');
  return candidates.length === 0 ? `no ${what}s are defined here` : `valid ${what}s: ${list}${candidates.length > 12 ? ', ...' : ''}`;
}

export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '...' : v)}`;
  return `${typeof v} ${String(v)}`;
}

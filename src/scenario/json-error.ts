/**
 * Finds where JSON text first goes wrong, for an error message with a line and column (V8's
 * JSON.parse messages do not always give a position). A small strict scanner, iterative so that
 * deep nesting cannot overflow the stack. Returns -1 if the text is valid JSON.
 */
export function jsonErrorOffset(s: string): number {
  let i = 0;
  const n = s.length;
  const ws = () => {
    while (i < n && (s[i] === ' ' || s[i] === '\n' || s[i] === '\r' || s[i] === '\t')) i++;
  };
  const str = (): boolean => {
    if (s[i] !== '"') return false;
    i++;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 34) {
        i++;
        return true;
      }
      if (c < 32) return false;
      if (c === 92) {
        i++;
        if (s[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 1, i + 5))) return false;
          i += 5;
        } else if ('"\\/bfnrt'.includes(s[i] ?? 'x')) i++;
        else return false;
      } else i++;
    }
    return false;
  };
  const num = (): boolean => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(s.slice(i, i + 400));
    if (!m) return false;
    i += m[0].length;
    return true;
  };
  // Stack of containers: 'o' (object) or 'a' (array); `expect` is what may come next.
  const stack: string[] = [];
  let expect: 'value' | 'key' | 'afterValue' | 'colon' | 'valueOrEnd' | 'keyOrEnd' = 'value';
  for (;;) {
    ws();
    if (i >= n) return stack.length === 0 && expect === 'afterValue' ? -1 : n;
    const c = s[i]!;
    switch (expect) {
      case 'value':
      case 'valueOrEnd':
        if (expect === 'valueOrEnd' && c === ']') {
          stack.pop();
          i++;
          expect = 'afterValue';
          break;
        }
        if (c === '{') {
          stack.push('o');
          i++;
          expect = 'keyOrEnd';
        } else if (c === '[') {
          stack.push('a');
          i++;
          expect = 'valueOrEnd';
        } else if (c === '"') {
          if (!str()) return i;
          expect = 'afterValue';
        } else if (s.startsWith('true', i)) {
          i += 4;
          expect = 'afterValue';
        } else if (s.startsWith('false', i)) {
          i += 5;
          expect = 'afterValue';
        } else if (s.startsWith('null', i)) {
          i += 4;
          expect = 'afterValue';
        } else if (!num()) return i;
        else expect = 'afterValue';
        break;
      case 'key':
      case 'keyOrEnd':
        if (expect === 'keyOrEnd' && c === '}') {
          stack.pop();
          i++;
          expect = 'afterValue';
          break;
        }
        if (!str()) return i;
        expect = 'colon';
        break;
      case 'colon':
        if (c !== ':') return i;
        i++;
        expect = 'value';
        break;
      case 'afterValue': {
        const top = stack[stack.length - 1];
        if (top === undefined) return i;
        if (c === ',') {
          i++;
          expect = top === 'o' ? 'key' : 'value';
        } else if ((c === '}' && top === 'o') || (c === ']' && top === 'a')) {
          stack.pop();
          i++;
        } else return i;
        break;
      }
    }
  }
}

/**
 * Offsets of every key and value in valid JSON text, by path (segments joined with "\u0000"), so an
 * issue can be given a line and column. One pass over the text; no recursion.
 */
export function indexJsonPositions(s: string): Map<string, { key?: number; value: number }> {
  const out = new Map<string, { key?: number; value: number }>();
  const path: (string | number)[] = [];
  const kinds: ('o' | 'a')[] = [];
  let i = 0;
  const n = s.length;
  let pendingKey: number | undefined;
  const skipWs = () => {
    while (i < n && (s[i] === ' ' || s[i] === '\n' || s[i] === '\r' || s[i] === '\t')) i++;
  };
  const readString = (): string => {
    const start = i;
    i++;
    while (i < n && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(s.slice(start, i)) as string;
  };
  const record = () => {
    const key = path.join('\u0000');
    out.set(key, pendingKey === undefined ? { value: i } : { key: pendingKey, value: i });
    pendingKey = undefined;
  };
  const afterValue = () => {
    // move to the next element of the enclosing container
    skipWs();
    while (i < n) {
      const top = kinds[kinds.length - 1];
      if (top === undefined) return;
      if (s[i] === ',') {
        i++;
        skipWs();
        if (top === 'a') path[path.length - 1] = (path[path.length - 1] as number) + 1;
        else {
          pendingKey = i;
          path[path.length - 1] = readString();
          skipWs();
          i++; // ':'
          skipWs();
        }
        return;
      }
      // '}' or ']'
      i++;
      kinds.pop();
      path.pop();
      skipWs();
    }
  };
  skipWs();
  while (i < n) {
    record();
    const c = s[i];
    if (c === '{' || c === '[') {
      i++;
      skipWs();
      if (s[i] === '}' || s[i] === ']') {
        i++;
        afterValue();
        continue;
      }
      kinds.push(c === '{' ? 'o' : 'a');
      if (c === '{') {
        pendingKey = i;
        path.push(readString());
        skipWs();
        i++;
        skipWs();
      } else path.push(0);
      continue;
    }
    if (c === '"') readString();
    else while (i < n && !',}] \n\r\t'.includes(s[i]!)) i++;
    afterValue();
  }
  return out;
}

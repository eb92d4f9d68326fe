/**
 * The future-event list, ordered by (time, priority, insertion order).
 *
 * Simulations schedule many events at the same instant (zero-delay triggers, processes in lock
 * step), so entries are grouped into one bucket per distinct time: a 4-ary min-heap orders the
 * distinct times, and each bucket holds two FIFO lists (urgent, normal). Popping takes the urgent
 * list first, then the normal one, each in insertion order, which is exactly (time, priority, seq)
 * order. Buckets are pooled, so steady state allocates nothing here. A bucket is found by a linear
 * scan while there are few distinct times and through a Map beyond that (a Map that is filled and
 * emptied at every event costs more than the scan).
 */

/** Priority of an event scheduled at the same instant as others: lower runs first. */
export const Priority = { URGENT: 0, NORMAL: 1 } as const;
export type Priority = (typeof Priority)[keyof typeof Priority];

class Bucket<T> {
  time = 0;
  urgent: (T | undefined)[] = [];
  uHead = 0;
  uLen = 0;
  normal: (T | undefined)[] = [];
  nHead = 0;
  nLen = 0;
}

export class EventQueue<T> {
  private heap = new Float64Array(256);
  private heapB: (Bucket<T> | undefined)[] = [];
  private nTimes = 0;
  private buckets: Map<number, Bucket<T>> | null = null;
  private readonly pool: Bucket<T>[] = [];
  private lastTime = NaN;
  private lastBucket: Bucket<T> | null = null;
  private n = 0;

  // A lone entry in an otherwise empty queue lives in this slot, outside the buckets: one process
  // waiting on one timeout at a time (a common pattern) then costs no bucket or heap work.
  private solo: T | undefined = undefined;
  private soloTime = 0;
  private soloPriority: Priority = 1;

  get size(): number {
    return this.n;
  }

  /** Time of the earliest entry, or Infinity when empty. */
  peekTime(): number {
    if (this.solo !== undefined) return this.soloTime;
    return this.nTimes > 0 ? this.heap[0]! : Infinity;
  }

  push(time: number, priority: Priority, item: T): void {
    if (this.n === 0) {
      this.solo = item;
      this.soloTime = time;
      this.soloPriority = priority;
      this.n = 1;
      return;
    }
    if (this.solo !== undefined) {
      const s = this.solo;
      this.solo = undefined;
      this.n--;
      this.pushBucket(this.soloTime, this.soloPriority, s);
    }
    this.pushBucket(time, priority, item);
  }

  private pushBucket(time: number, priority: Priority, item: T): void {
    let b: Bucket<T> | null | undefined = time === this.lastTime ? this.lastBucket : this.find(time);
    if (b === undefined || b === null) {
      b = this.pool.pop() ?? new Bucket<T>();
      b.time = time;
      this.heapPush(time, b);
      if (this.buckets !== null) this.buckets.set(time, b);
      else if (this.nTimes > 32) this.buckets = new Map(this.heapB.slice(0, this.nTimes).map((x) => [x!.time, x!]));
    }
    this.lastTime = time;
    this.lastBucket = b;
    if (priority === 0) b.urgent[b.uLen++] = item;
    else b.normal[b.nLen++] = item;
    this.n++;
  }

  /** Removes and returns the earliest entry; read its time with peekTime() first. */
  pop(): T {
    const solo = this.solo;
    if (solo !== undefined) {
      this.solo = undefined;
      this.n--;
      return solo;
    }
    const b = this.heapB[0]!;
    let item: T;
    if (b.uHead < b.uLen) {
      item = b.urgent[b.uHead] as T;
      b.urgent[b.uHead++] = undefined;
    } else {
      item = b.normal[b.nHead] as T;
      b.normal[b.nHead++] = undefined;
    }
    this.n--;
    if (b.nHead === b.nLen && b.uHead === b.uLen) {
      if (this.buckets !== null) {
        this.buckets.delete(b.time);
        if (this.nTimes < 8) this.buckets = null;
      }
      this.heapPop();
      b.uHead = b.uLen = b.nHead = b.nLen = 0;
      if (b.normal.length > 4096) b.normal = [];
      if (b.urgent.length > 4096) b.urgent = [];
      if (this.lastBucket === b) {
        this.lastBucket = null;
        this.lastTime = NaN;
      }
      if (this.pool.length < 64) this.pool.push(b);
    }
    return item;
  }

  private find(time: number): Bucket<T> | undefined {
    if (this.buckets !== null) return this.buckets.get(time);
    const heap = this.heap;
    for (let i = 0, n = this.nTimes; i < n; i++) if (heap[i] === time) return this.heapB[i];
    return undefined;
  }

  private heapPush(time: number, b: Bucket<T>): void {
    if (this.nTimes === this.heap.length) {
      const h = new Float64Array(this.heap.length * 2);
      h.set(this.heap);
      this.heap = h;
    }
    const heap = this.heap, hb = this.heapB;
    let i = this.nTimes++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = heap[p]!;
      if (pt <= time) break;
      heap[i] = pt;
      hb[i] = hb[p];
      i = p;
    }
    heap[i] = time;
    hb[i] = b;
  }

  private heapPop(): void {
    const heap = this.heap, hb = this.heapB;
    const last = --this.nTimes;
    const tb = hb[last];
    hb[last] = undefined;
    if (last === 0) return;
    const t = heap[last]!;
    let i = 0;
    for (;;) {
      const c = 4 * i + 1;
      if (c >= last) break;
      let m = c, mt = heap[c]!;
      const end = c + 4 < last ? c + 4 : last;
      for (let j = c + 1; j < end; j++) {
        const jt = heap[j]!;
        if (jt < mt) {
          m = j;
          mt = jt;
        }
      }
      if (t <= mt) break;
      heap[i] = mt;
      hb[i] = hb[m];
      i = m;
    }
    heap[i] = t;
    hb[i] = tb;
  }
}

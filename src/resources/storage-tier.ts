/**
 * StorageTier: a tier of the hierarchy as constraints of the fluid model. Reads cross the read and
 * combined (read+write) bandwidth constraints and, with an IOPS limit, an operation-rate constraint
 * used at 1/opSize operations per byte. Each operation pays the tier's latency; a stream keeping
 * `queueDepth` operations in flight is bounded by queueDepth × opSize / latency (Little's law).
 * Capacity is accounted: a write to a full tier fails, or evicts least-recently-used data if the
 * tier is a cache.
 */
import { Constraint } from './sharing/maxmin.ts';
import { formatBytes } from '../units/format.ts';
import type { Simulation } from '../engine/simulation.ts';
import type { SimEvent } from '../engine/event.ts';

/** A file (or object) being read or written. `index` orders files for placement. */
export interface FileRef {
  key: string;
  size: number;
  index: number;
}

/** What a tier needs to know about the other end of an access. */
export interface AccessContext {
  sim: Simulation;
  /** The node on the other side (the client), or null for shared storage. */
  client: string | null;
}

/** Requests a file is split into (object storage parts); most tiers make one request per file. */
export interface RequestPlan {
  count: number;
  size: number;
  /** Extra latency of each request (time to first byte). */
  latency: number;
}

export interface TierParams {
  id: string;
  kind: string;
  /** Node the tier is on, or null for shared storage. */
  node: string | null;
  capacity: number;
  readBandwidth: number;
  writeBandwidth: number;
  combinedBandwidth?: number;
  readIops?: number;
  writeIops?: number;
  latency?: number;
  queueDepth?: number;
  cache?: boolean;
  /** $/B/s */
  price?: number;
}

/** The constraints, coefficients, latency and per-stream cap of one access path. */
export interface AccessPath {
  readonly constraints: readonly Constraint[];
  readonly coefs: readonly number[];
  latency: number;
  cap: number;
}

/** Raised (as a simulated failure) when a write does not fit. */
export class CapacityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CapacityError';
  }
}

export class StorageTier {
  readonly id: string;
  readonly kind: string;
  readonly node: string | null;
  readonly capacity: number;
  readonly latency: number;
  readonly queueDepth: number;
  readonly isCache: boolean;
  readonly price: number;
  readonly read: Constraint;
  readonly write: Constraint;
  readonly combined: Constraint;
  readonly readOps: Constraint | null;
  readonly writeOps: Constraint | null;
  /** Bytes held. */
  used = 0;
  /** Peak bytes held. */
  peakUsed = 0;
  /** Of `used`, the bytes in buffers (reserve/unreserve): never evicted, freed by their owner. */
  pinned = 0;
  bytesRead = 0;
  bytesWritten = 0;
  evictions = 0;
  private readonly lru = new Map<string, number>();

  constructor(p: TierParams) {
    this.id = p.id;
    this.kind = p.kind;
    this.node = p.node;
    this.capacity = p.capacity;
    this.latency = p.latency ?? 0;
    this.queueDepth = p.queueDepth ?? 0;
    this.isCache = p.cache ?? false;
    this.price = p.price ?? 0;
    const label = this.label;
    this.read = new Constraint(`${label}:read`, p.readBandwidth, 'read', label);
    this.write = new Constraint(`${label}:write`, p.writeBandwidth, 'write', label);
    this.combined = new Constraint(`${label}:combined`, p.combinedBandwidth ?? Math.max(p.readBandwidth, p.writeBandwidth), 'combined', label);
    this.readOps = p.readIops ? new Constraint(`${label}:read-iops`, p.readIops, 'iops', label) : null;
    this.writeOps = p.writeIops ? new Constraint(`${label}:write-iops`, p.writeIops, 'iops', label) : null;
  }

  /** "compute[0]/nvme" or "pfs". */
  get label(): string {
    return this.node === null ? this.id : `${this.node}/${this.id}`;
  }

  /** Steps before reading a file (tape: get a drive, mount, locate; pfs: metadata). Returns a token for afterRead. */
  *beforeRead(_ctx: AccessContext, _file: FileRef): Generator<SimEvent<any>, unknown, any> {
    return null;
  }
  afterRead(_token: unknown): void {}
  *beforeWrite(_ctx: AccessContext, _file: FileRef): Generator<SimEvent<any>, unknown, any> {
    return null;
  }
  afterWrite(_token: unknown): void {}

  /** How reading `file` uses this tier, in operations of `opSize` bytes. */
  readAccess(_ctx: AccessContext, _file: FileRef, opSize: number, _token?: unknown): AccessPath {
    return this.readPath(opSize);
  }
  writeAccess(_ctx: AccessContext, _file: FileRef, opSize: number, _token?: unknown): AccessPath {
    return this.writePath(opSize);
  }

  /** How a read (or write) of `file` splits into requests. */
  requests(file: FileRef, _op: 'read' | 'write'): RequestPlan {
    return { count: 1, size: file.size, latency: 0 };
  }

  /** Extra constraints of the tier for reports (beyond read, write, combined, IOPS). */
  protected extraConstraints(): Constraint[] {
    return [];
  }

  /** Every constraint of the tier (for reports). */
  constraints(): Constraint[] {
    const cs = [this.read, this.write, this.combined];
    if (this.readOps) cs.push(this.readOps);
    if (this.writeOps) cs.push(this.writeOps);
    cs.push(...this.extraConstraints());
    return cs;
  }

  /** Read and write paths by op size (a workload asks for the same few on every batch); shared: not to be changed. */
  private readonly paths: [Map<number, AccessPath>, Map<number, AccessPath>] = [new Map(), new Map()];

  /** How a read in operations of `opSize` bytes uses this tier. */
  readPath(opSize: number): AccessPath {
    let p = this.paths[0].get(opSize);
    if (p === undefined) this.paths[0].set(opSize, (p = this.path(this.read, this.readOps, opSize)));
    return p;
  }

  writePath(opSize: number): AccessPath {
    let p = this.paths[1].get(opSize);
    if (p === undefined) this.paths[1].set(opSize, (p = this.path(this.write, this.writeOps, opSize)));
    return p;
  }

  protected path(bw: Constraint, ops: Constraint | null, opSize: number): AccessPath {
    const constraints: Constraint[] = [], coefs: number[] = [];
    for (const c of [bw, this.combined]) {
      if (c.capacity < Infinity) {
        constraints.push(c);
        coefs.push(1);
      }
    }
    if (ops) {
      constraints.push(ops);
      coefs.push(1 / opSize);
    }
    const cap = this.latency > 0 && this.queueDepth > 0 ? (this.queueDepth * opSize) / this.latency : Infinity;
    return { constraints, coefs, latency: this.latency, cap };
  }

  /**
   * Reserves room for `bytes` of object `key`. A cache evicts least-recently-used objects to make
   * room; any other tier throws CapacityError when full.
   */
  store(key: string, bytes: number): void {
    const had = this.lru.get(key);
    if (had !== undefined) {
      this.lru.delete(key);
      this.used -= had;
    }
    if (!this.makeRoom(bytes)) {
      if (had !== undefined) {
        this.lru.set(key, had);
        this.used += had;
      }
      throw new CapacityError(`tier ${this.label} is full: storing ${formatBytes(bytes)} needs more than the ${formatBytes(this.capacity - this.used)} free of its ${formatBytes(this.capacity)}`);
    }
    this.lru.set(key, bytes);
    this.used += bytes;
    if (this.used > this.peakUsed) this.peakUsed = this.used;
  }

  /**
   * Holds `bytes` in a buffer (a loader's prefetched batch in host memory) until unreserve: they
   * count against the capacity like stored data, evict cached data to make room and are never
   * evicted themselves. Throws CapacityError when even an emptied cache cannot make room.
   */
  reserve(bytes: number, what: string): void {
    if (!this.makeRoom(bytes)) {
      throw new CapacityError(`tier ${this.label} is full: ${what} needs ${formatBytes(bytes)}, more than the ${formatBytes(this.capacity - this.used)} free of its ${formatBytes(this.capacity)}`);
    }
    this.used += bytes;
    this.pinned += bytes;
    if (this.used > this.peakUsed) this.peakUsed = this.used;
  }

  unreserve(bytes: number): void {
    this.used -= bytes;
    this.pinned -= bytes;
  }

  /** True if a cache could make room for `bytes` (what buffers hold cannot be evicted). */
  canCache(bytes: number): boolean {
    return this.isCache && this.pinned + bytes <= this.capacity * (1 + 1e-12);
  }

  /** True once `bytes` more fit, after evicting least-recently-used data from a cache; false if they cannot. */
  private makeRoom(bytes: number): boolean {
    const cap = this.capacity * (1 + 1e-12);
    if (this.used + bytes <= cap) return true;
    if (!this.isCache || this.pinned + bytes > cap) return false;
    for (const [k, b] of this.lru) {
      if (this.used + bytes <= this.capacity) break;
      this.lru.delete(k);
      this.used -= b;
      this.evictions++;
    }
    return true;
  }

  /** True if the tier holds `key` (and marks it recently used). */
  holds(key: string): boolean {
    const b = this.lru.get(key);
    if (b === undefined) return false;
    this.lru.delete(key);
    this.lru.set(key, b);
    return true;
  }

  remove(key: string): void {
    const b = this.lru.get(key);
    if (b === undefined) return;
    this.lru.delete(key);
    this.used -= b;
  }
}

/**
 * Object storage (S3-like): every request pays a time to first byte, each connection streams at a
 * limited rate, and requests per second are limited per key prefix (GET and PUT separately): a
 * request of s bytes uses 1/s of a request per byte on its prefix's constraint, so many small
 * objects are throttled at the request rate. Large objects move as ranged GETs / multipart PUTs of
 * `partSize`. Requests, bytes out and storage are counted for the cost. Figures: AWS docs and
 * dvassallo/s3-benchmark (models/).
 */
import { Constraint } from '../sharing/maxmin.ts';
import { StorageTier, type TierParams, type AccessContext, type FileRef, type AccessPath, type RequestPlan } from '../storage-tier.ts';

export interface ObjectStoreParams extends TierParams {
  firstByteLatency?: number;
  connectionBandwidth?: number;
  getRate?: number;
  putRate?: number;
  prefixes?: number;
  partSize?: number;
  getPrice?: number;
  putPrice?: number;
  egressPrice?: number;
}

export class ObjectStore extends StorageTier {
  readonly firstByteLatency: number;
  readonly connectionBandwidth: number;
  readonly partSize: number;
  readonly getOps: Constraint[];
  readonly putOps: Constraint[];
  readonly prices: { get: number; put: number; egress: number };
  gets = 0;
  puts = 0;

  constructor(p: ObjectStoreParams) {
    super({ ...p, readBandwidth: p.readBandwidth ?? Infinity, writeBandwidth: p.writeBandwidth ?? Infinity });
    this.firstByteLatency = p.firstByteLatency ?? 0;
    this.connectionBandwidth = p.connectionBandwidth ?? Infinity;
    this.partSize = p.partSize ?? 8 * 2 ** 20;
    const n = p.prefixes ?? 1;
    this.getOps = p.getRate ? Array.from({ length: n }, (_, i) => new Constraint(`${this.label}:prefix${i}:get`, p.getRate!, 'requests', `${this.label} prefix ${i}`)) : [];
    this.putOps = p.putRate ? Array.from({ length: n }, (_, i) => new Constraint(`${this.label}:prefix${i}:put`, p.putRate!, 'requests', `${this.label} prefix ${i}`)) : [];
    this.prices = { get: p.getPrice ?? 0, put: p.putPrice ?? 0, egress: p.egressPrice ?? 0 };
  }

  override requests(file: FileRef, _op: 'read' | 'write'): RequestPlan {
    const count = Math.max(1, Math.ceil(file.size / this.partSize));
    return { count, size: file.size / count, latency: this.firstByteLatency };
  }

  private access(base: AccessPath, ops: Constraint[], file: FileRef, op: 'read' | 'write'): AccessPath {
    const cs: Constraint[] = [], coefs: number[] = [];
    base.constraints.forEach((c, i) => {
      if (c.capacity < Infinity) {
        cs.push(c);
        coefs.push(base.coefs[i]!);
      }
    });
    if (ops.length > 0) {
      cs.push(ops[file.index % ops.length]!);
      coefs.push(1 / this.requests(file, op).size);
    }
    return { constraints: cs, coefs, latency: base.latency, cap: Math.min(base.cap, this.connectionBandwidth) };
  }

  override readAccess(_c: AccessContext, file: FileRef, opSize: number): AccessPath {
    this.gets += this.requests(file, 'read').count;
    return this.access(this.readPath(opSize), this.getOps, file, 'read');
  }
  override writeAccess(_c: AccessContext, file: FileRef, opSize: number): AccessPath {
    this.puts += this.requests(file, 'write').count;
    return this.access(this.writePath(opSize), this.putOps, file, 'write');
  }

  /** Request and egress charges so far ($). */
  requestCost(): number {
    return this.gets * this.prices.get + this.puts * this.prices.put + this.bytesRead * this.prices.egress;
  }
  protected override extraConstraints(): Constraint[] {
    return [...this.getOps, ...this.putOps];
  }
}

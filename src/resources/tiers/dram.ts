/**
 * DRAM: each socket has its own memory bandwidth (shared by reads and writes). Accesses without a
 * socket affinity are interleaved across sockets (1/S of the traffic on each); an access pinned to
 * one socket sees only that socket's bandwidth.
 */
import { Constraint } from '../sharing/maxmin.ts';
import { StorageTier, type TierParams, type AccessContext, type FileRef, type AccessPath } from '../storage-tier.ts';

export class DramTier extends StorageTier {
  readonly sockets: Constraint[];

  constructor(p: TierParams & { sockets: number; bandwidthPerSocket: number }) {
    const total = p.sockets * p.bandwidthPerSocket;
    super({ ...p, readBandwidth: p.readBandwidth ?? total, writeBandwidth: p.writeBandwidth ?? total, combinedBandwidth: p.combinedBandwidth ?? total });
    this.sockets = Array.from({ length: p.sockets }, (_, i) => new Constraint(`${this.label}:socket${i}`, p.bandwidthPerSocket, 'socket', this.label));
  }

  private socketPath(base: AccessPath, socket?: number): AccessPath {
    if (socket !== undefined) return { ...base, constraints: [...base.constraints, this.sockets[socket % this.sockets.length]!], coefs: [...base.coefs, 1] };
    const n = this.sockets.length;
    return { ...base, constraints: [...base.constraints, ...this.sockets], coefs: [...base.coefs, ...this.sockets.map(() => 1 / n)] };
  }

  /** Interleaved paths by base path (one per direction and op size): shared, not to be changed. */
  private readonly interleaved = new Map<AccessPath, AccessPath>();
  private interleave(base: AccessPath): AccessPath {
    let p = this.interleaved.get(base);
    if (p === undefined) this.interleaved.set(base, (p = this.socketPath(base)));
    return p;
  }

  override readAccess(_ctx: AccessContext, _file: FileRef, opSize: number): AccessPath {
    return this.interleave(this.readPath(opSize));
  }
  override writeAccess(_ctx: AccessContext, _file: FileRef, opSize: number): AccessPath {
    return this.interleave(this.writePath(opSize));
  }
  /** An access pinned to one socket (a process bound to it). */
  pinnedPath(op: 'read' | 'write', socket: number, opSize: number): AccessPath {
    return this.socketPath(op === 'read' ? this.readPath(opSize) : this.writePath(opSize), socket);
  }
  protected override extraConstraints(): Constraint[] {
    return this.sockets;
  }
}

/**
 * Burst buffer (Cray DataWarp-like): SSD servers on the high-speed network. A file is striped over
 * `stripeServers` servers chosen round-robin when it is first placed, so its traffic splits evenly
 * over those servers' constraints; files on different servers do not contend. Aggregate bandwidth
 * grows with the number of servers, and there is no redundancy across them.
 */
import { Constraint } from '../sharing/maxmin.ts';
import { StorageTier, type TierParams, type AccessContext, type FileRef, type AccessPath } from '../storage-tier.ts';

export class BurstBufferTier extends StorageTier {
  readonly serverRead: Constraint[];
  readonly serverWrite: Constraint[];
  readonly stripeServers: number;
  private readonly layout = new Map<string, number>();
  private nextStart = 0;

  constructor(p: TierParams & { servers: number; serverReadBandwidth: number; serverWriteBandwidth: number; serverCapacity?: number; stripeServers?: number }) {
    super({
      ...p,
      capacity: p.capacity ?? (p.serverCapacity !== undefined ? p.servers * p.serverCapacity : Infinity),
      readBandwidth: p.readBandwidth ?? p.servers * p.serverReadBandwidth,
      writeBandwidth: p.writeBandwidth ?? p.servers * p.serverWriteBandwidth,
    });
    this.serverRead = Array.from({ length: p.servers }, (_, i) => new Constraint(`${this.label}:server${i}:read`, p.serverReadBandwidth, 'read', `${this.label}/server${i}`));
    this.serverWrite = Array.from({ length: p.servers }, (_, i) => new Constraint(`${this.label}:server${i}:write`, p.serverWriteBandwidth, 'write', `${this.label}/server${i}`));
    this.stripeServers = Math.min(p.stripeServers ?? p.servers, p.servers);
  }

  /** First server of a file's stripe (placed round-robin on first use). */
  firstServer(file: FileRef): number {
    let s = this.layout.get(file.key);
    if (s === undefined) {
      s = this.nextStart;
      this.nextStart = (this.nextStart + this.stripeServers) % this.serverRead.length;
      this.layout.set(file.key, s);
    }
    return s;
  }

  private striped(base: AccessPath, per: Constraint[], file: FileRef): AccessPath {
    const first = this.firstServer(file), k = this.stripeServers, n = per.length;
    const cs = [...base.constraints], coefs = [...base.coefs];
    for (let i = 0; i < k; i++) {
      cs.push(per[(first + i) % n]!);
      coefs.push(1 / k);
    }
    return { ...base, constraints: cs, coefs };
  }
  override readAccess(_c: AccessContext, file: FileRef, opSize: number): AccessPath {
    return this.striped(this.readPath(opSize), this.serverRead, file);
  }
  override writeAccess(_c: AccessContext, file: FileRef, opSize: number): AccessPath {
    return this.striped(this.writePath(opSize), this.serverWrite, file);
  }
  protected override extraConstraints(): Constraint[] {
    return [...this.serverRead, ...this.serverWrite];
  }
}

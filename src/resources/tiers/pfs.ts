/**
 * Parallel file system (Lustre/GPFS-like): a metadata server with an operation rate, object storage
 * targets (OSTs) with their own bandwidth, files striped over `stripeCount` OSTs (placed
 * round-robin), and a per-client-node limit. Opening or creating a file is one metadata operation,
 * a one-op flow through the MDS constraint (so many small files queue on it); data then splits
 * evenly over the file's OSTs.
 */
import { Constraint } from '../sharing/maxmin.ts';
import type { SimEvent } from '../../engine/event.ts';
import type { FluidModel } from '../sharing/fluid.ts';
import { StorageTier, type TierParams, type AccessContext, type FileRef, type AccessPath } from '../storage-tier.ts';

export interface PfsParams extends TierParams {
  osts?: number;
  ostReadBandwidth?: number;
  ostWriteBandwidth?: number;
  stripeCount?: number;
  mdsRate?: number;
  clientBandwidth?: number;
}

export class PfsTier extends StorageTier {
  readonly ostRead: Constraint[];
  readonly ostWrite: Constraint[];
  readonly stripeCount: number;
  readonly mds: Constraint | null;
  readonly clientBandwidth: number;
  private readonly clients = new Map<string, Constraint>();
  private readonly layout = new Map<string, number>();
  private nextOst = 0;
  /** Set by the system builder: metadata operations are flows of the shared fluid model. */
  fluid: FluidModel | null = null;
  metadataOps = 0;

  constructor(p: PfsParams) {
    const osts = p.osts ?? 0;
    super({
      ...p,
      readBandwidth: p.readBandwidth ?? osts * (p.ostReadBandwidth ?? 0),
      writeBandwidth: p.writeBandwidth ?? osts * (p.ostWriteBandwidth ?? 0),
    });
    this.ostRead = p.ostReadBandwidth ? Array.from({ length: osts }, (_, i) => new Constraint(`${this.label}:ost${i}:read`, p.ostReadBandwidth!, 'read', `${this.label}/ost${i}`)) : [];
    this.ostWrite = p.ostWriteBandwidth ? Array.from({ length: osts }, (_, i) => new Constraint(`${this.label}:ost${i}:write`, p.ostWriteBandwidth!, 'write', `${this.label}/ost${i}`)) : [];
    this.stripeCount = Math.min(p.stripeCount ?? 1, Math.max(osts, 1));
    this.mds = p.mdsRate ? new Constraint(`${this.label}:mds`, p.mdsRate, 'metadata', this.label) : null;
    this.clientBandwidth = p.clientBandwidth ?? Infinity;
  }

  /** First OST of a file's stripe (placed round-robin when first used). */
  firstOst(file: FileRef): number {
    let s = this.layout.get(file.key);
    if (s === undefined) {
      s = this.nextOst;
      const n = Math.max(this.ostRead.length, this.ostWrite.length, 1);
      this.nextOst = (this.nextOst + this.stripeCount) % n;
      this.layout.set(file.key, s);
    }
    return s;
  }

  private client(node: string | null): Constraint | null {
    if (node === null || this.clientBandwidth === Infinity) return null;
    let c = this.clients.get(node);
    if (!c) this.clients.set(node, (c = new Constraint(`${this.label}:client:${node}`, this.clientBandwidth, 'client', `${this.label} client ${node}`)));
    return c;
  }

  private access(base: AccessPath, osts: Constraint[], ctx: AccessContext, file: FileRef): AccessPath {
    const cs = [...base.constraints], coefs = [...base.coefs];
    if (osts.length > 0) {
      const first = this.firstOst(file), k = this.stripeCount;
      for (let i = 0; i < k; i++) {
        cs.push(osts[(first + i) % osts.length]!);
        coefs.push(1 / k);
      }
    }
    const cl = this.client(ctx.client);
    if (cl) {
      cs.push(cl);
      coefs.push(1);
    }
    return { ...base, constraints: cs, coefs };
  }

  override readAccess(ctx: AccessContext, file: FileRef, opSize: number): AccessPath {
    return this.access(this.readPath(opSize), this.ostRead, ctx, file);
  }
  override writeAccess(ctx: AccessContext, file: FileRef, opSize: number): AccessPath {
    return this.access(this.writePath(opSize), this.ostWrite, ctx, file);
  }

  private *metadata(): Generator<SimEvent<any>, unknown, any> {
    this.metadataOps++;
    if (this.mds && this.fluid) yield this.fluid.transfer(1, [this.mds], { id: `${this.label}:open` });
    return null;
  }
  override *beforeRead(_ctx: AccessContext, _file: FileRef): Generator<SimEvent<any>, unknown, any> {
    return yield* this.metadata();
  }
  override *beforeWrite(_ctx: AccessContext, _file: FileRef): Generator<SimEvent<any>, unknown, any> {
    return yield* this.metadata();
  }
  protected override extraConstraints(): Constraint[] {
    return [...this.ostRead, ...this.ostWrite, ...(this.mds ? [this.mds] : []), ...this.clients.values()];
  }
}

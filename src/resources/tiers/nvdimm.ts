/**
 * NVDIMM (Intel Optane DC PM in App Direct mode): each DIMM has its own, asymmetric read and write
 * bandwidth; accesses are interleaved across the DIMMs, so a stream crosses every DIMM's constraint
 * with 1/D of its traffic. Writes are several times slower than reads (Izraelevitz et al. 2019).
 */
import { Constraint } from '../sharing/maxmin.ts';
import { StorageTier, type TierParams, type AccessContext, type FileRef, type AccessPath } from '../storage-tier.ts';

export class NvdimmTier extends StorageTier {
  readonly dimmRead: Constraint[];
  readonly dimmWrite: Constraint[];

  constructor(p: TierParams & { dimms: number; readBandwidthPerDimm: number; writeBandwidthPerDimm: number }) {
    super({ ...p, readBandwidth: p.readBandwidth ?? p.dimms * p.readBandwidthPerDimm, writeBandwidth: p.writeBandwidth ?? p.dimms * p.writeBandwidthPerDimm });
    this.dimmRead = Array.from({ length: p.dimms }, (_, i) => new Constraint(`${this.label}:dimm${i}:read`, p.readBandwidthPerDimm, 'read', `${this.label}/dimm${i}`));
    this.dimmWrite = Array.from({ length: p.dimms }, (_, i) => new Constraint(`${this.label}:dimm${i}:write`, p.writeBandwidthPerDimm, 'write', `${this.label}/dimm${i}`));
  }

  private interleave(base: AccessPath, per: Constraint[]): AccessPath {
    const n = per.length;
    return { ...base, constraints: [...base.constraints, ...per], coefs: [...base.coefs, ...per.map(() => 1 / n)] };
  }
  override readAccess(_c: AccessContext, _f: FileRef, opSize: number): AccessPath {
    return this.interleave(this.readPath(opSize), this.dimmRead);
  }
  override writeAccess(_c: AccessContext, _f: FileRef, opSize: number): AccessPath {
    return this.interleave(this.writePath(opSize), this.dimmWrite);
  }
  protected override extraConstraints(): Constraint[] {
    return [...this.dimmRead, ...this.dimmWrite];
  }
}

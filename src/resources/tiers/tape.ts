/**
 * Tape library: drives are exclusive devices, a robot moves cartridges between slots and drives, and
 * a recall waits for a drive, then (if that drive does not hold the cartridge) rewinds and unloads
 * the previous one, has the robot exchange cartridges, loads and threads the new one, locates the
 * file, and streams it at the drive rate. Recalls queue FIFO for drives; a free drive that already
 * holds the wanted cartridge is preferred, and a cartridge is in one drive at a time (a recall whose
 * cartridge is busy in another drive waits for it, without holding up the recalls behind it). Files
 * are laid on cartridges in the order they are first written or read, without straddling two
 * cartridges, at most `filesPerCartridge` to a cartridge if given. Times from IBM's LTO specifications (models/).
 */
import { Resource } from '../../engine/resources.ts';
import type { SimEvent } from '../../engine/event.ts';
import { Constraint } from '../sharing/maxmin.ts';
import { StorageTier, type TierParams, type AccessContext, type FileRef, type AccessPath } from '../storage-tier.ts';

export interface TapeParams extends TierParams {
  drives: number;
  driveRate: number;
  cartridgeCapacity: number;
  robots?: number;
  exchangeTime?: number;
  loadTime?: number;
  unloadTime?: number;
  rewindTime?: number;
  locateTime?: number;
  filesPerCartridge?: number;
}

export interface Drive {
  readonly index: number;
  /** The cartridge in the drive, or on its way to it (reserved when the drive is granted). */
  mounted: number | null;
  /** When it was last granted (while busy). */
  since: number;
  /** The cartridge physically threaded before the current grant (null: empty). */
  previous: number | null;
  busy: boolean;
  readonly stream: Constraint;
}

export class TapeLibrary extends StorageTier {
  readonly drives: Drive[];
  readonly driveRate: number;
  readonly cartridgeCapacity: number;
  readonly times: { exchange: number; load: number; unload: number; rewind: number; locate: number };
  private robots: Resource | null = null;
  /** The simulation's clock, for releases (set at the first request). */
  private clock: { readonly now: number } | null = null;
  private readonly robotCount: number;
  private readonly waiting: { cartridge: number; ev: SimEvent<Drive> }[] = [];
  private readonly placement = new Map<string, number>();
  private cartridge = 0;
  private cartridgeUsed = 0;
  private cartridgeFiles = 0;
  /** Files per cartridge at most (0: fill each cartridge before the next). */
  readonly filesPerCartridge: number;
  mounts = 0;
  recalls = 0;
  /** Total time requests spent waiting for a drive (s). */
  queueWait = 0;
  /** Requests for a drive (recalls and writes). */
  driveRequests = 0;
  /** Drive-seconds from grant to release, and the part of them spent rewinding, unloading, waiting for the robot, exchanging, loading and locating. */
  busyTime = 0;
  positioningTime = 0;

  constructor(p: TapeParams) {
    super({ ...p, readBandwidth: p.readBandwidth ?? p.drives * p.driveRate, writeBandwidth: p.writeBandwidth ?? p.drives * p.driveRate });
    this.driveRate = p.driveRate;
    this.cartridgeCapacity = p.cartridgeCapacity;
    this.drives = Array.from({ length: p.drives }, (_, i) => ({ index: i, mounted: null, previous: null, busy: false, since: 0, stream: new Constraint(`${this.label}:drive${i}`, p.driveRate, 'drive', `${this.label}/drive${i}`) }));
    this.robotCount = p.robots ?? 1;
    this.filesPerCartridge = p.filesPerCartridge ?? 0;
    this.times = { exchange: p.exchangeTime ?? 0, load: p.loadTime ?? 0, unload: p.unloadTime ?? 0, rewind: p.rewindTime ?? 0, locate: p.locateTime ?? 0 };
  }

  /** Cartridge holding a file (placed on first use). */
  cartridgeOf(file: FileRef): number {
    let c = this.placement.get(file.key);
    if (c === undefined) {
      if (file.size > this.cartridgeCapacity) throw new Error(`file ${file.key} (${file.size} B) is larger than a ${this.label} cartridge`);
      if (this.cartridgeUsed + file.size > this.cartridgeCapacity || (this.filesPerCartridge > 0 && this.cartridgeFiles >= this.filesPerCartridge)) {
        this.cartridge++;
        this.cartridgeUsed = 0;
        this.cartridgeFiles = 0;
      }
      this.cartridgeFiles++;
      c = this.cartridge;
      this.cartridgeUsed += file.size;
      this.placement.set(file.key, c);
    }
    return c;
  }

  /**
   * A free drive that may serve `cartridge`, or undefined: the drive that holds it (or is about to)
   * if there is one — a cartridge is in one drive at a time, so if that drive is busy the request
   * waits for it — else an empty free drive, else any free drive.
   */
  private pick(cartridge: number): Drive | undefined {
    const holder = this.drives.find((d) => d.mounted === cartridge);
    if (holder) return holder.busy ? undefined : holder;
    const free = this.drives.filter((d) => !d.busy);
    return free.find((d) => d.mounted === null) ?? free[0];
  }

  private grant(sim: AccessContext['sim'], cartridge: number): SimEvent<Drive> {
    const ev = sim.event<Drive>();
    this.waiting.push({ cartridge, ev });
    this.dispatch();
    return ev;
  }

  /** Grants drives to waiting recalls in FIFO order; a recall whose cartridge is busy elsewhere does not hold up the others. */
  private dispatch(): void {
    for (let i = 0; i < this.waiting.length; i++) {
      const w = this.waiting[i]!;
      const d = this.pick(w.cartridge);
      if (!d) continue;
      this.waiting.splice(i--, 1);
      d.busy = true;
      d.previous = d.mounted;
      d.mounted = w.cartridge; // reserved now, so no other drive fetches the same cartridge
      w.ev.succeed(d);
    }
  }

  private release(d: Drive): void {
    d.busy = false;
    this.busyTime += this.clock!.now - d.since;
    this.dispatch();
  }

  private *mount(ctx: AccessContext, file: FileRef, locate: boolean): Generator<SimEvent<any>, Drive, any> {
    const { sim } = ctx;
    this.clock = sim;
    this.robots ??= new Resource(sim, { capacity: this.robotCount, name: `${this.label} robot` });
    const cartridge = this.cartridgeOf(file);
    const asked = sim.now;
    this.driveRequests++;
    const d = (yield this.grant(sim, cartridge)) as Drive;
    this.queueWait += sim.now - asked;
    d.since = sim.now;
    if (d.previous !== cartridge) {
      if (d.previous !== null && this.times.rewind + this.times.unload > 0) yield sim.timeout(this.times.rewind + this.times.unload);
      const robot = this.robots.request();
      yield robot;
      if (this.times.exchange > 0) yield sim.timeout(this.times.exchange);
      robot.release();
      if (this.times.load > 0) yield sim.timeout(this.times.load);
      d.previous = cartridge;
      this.mounts++;
    }
    if (locate && this.times.locate > 0) yield sim.timeout(this.times.locate);
    this.positioningTime += sim.now - d.since;
    return d;
  }

  override *beforeRead(ctx: AccessContext, file: FileRef): Generator<SimEvent<any>, unknown, any> {
    this.recalls++;
    return yield* this.mount(ctx, file, true);
  }
  override afterRead(token: unknown): void {
    this.release(token as Drive);
  }
  override *beforeWrite(ctx: AccessContext, file: FileRef): Generator<SimEvent<any>, unknown, any> {
    return yield* this.mount(ctx, file, false);
  }
  override afterWrite(token: unknown): void {
    this.release(token as Drive);
  }

  /** The access streams through the drive it was given (the token of beforeRead/beforeWrite). */
  override readAccess(_c: AccessContext, _f: FileRef, opSize: number, token?: unknown): AccessPath {
    return this.onDrive(this.readPath(opSize), token);
  }
  override writeAccess(_c: AccessContext, _f: FileRef, opSize: number, token?: unknown): AccessPath {
    return this.onDrive(this.writePath(opSize), token);
  }
  private onDrive(base: AccessPath, token: unknown): AccessPath {
    const d = token as Drive | undefined;
    if (!d) return base;
    return { ...base, constraints: [...base.constraints, d.stream], coefs: [...base.coefs, 1] };
  }
  protected override extraConstraints(): Constraint[] {
    return this.drives.map((d) => d.stream);
  }
}

/**
 * Platform: hosts, links and routes, and the disks on hosts, all as constraints of one max-min
 * system. A link is half duplex (one capacity for both directions), as in SimGrid. A disk has a read,
 * a write and a shared read+write constraint (SimGrid's S19 disk model: readwrite = max(read, write)).
 */
import { Constraint } from '../resources/sharing/maxmin.ts';

export interface Link {
  readonly id: string;
  readonly bandwidth: number;
  readonly latency: number;
  readonly constraint: Constraint;
}

export interface Disk {
  readonly id: string;
  readonly host: string;
  readonly read: Constraint;
  readonly write: Constraint;
  readonly readwrite: Constraint;
}

export interface Route {
  readonly links: Link[];
  /** The links' constraints, in order (one array per route, shared by its flows). */
  readonly constraints: Constraint[];
  /** Sum of the links' latencies (s). */
  readonly latency: number;
}

function makeRoute(links: Link[]): Route {
  return { links, constraints: links.map((l) => l.constraint), latency: links.reduce((s, l) => s + l.latency, 0) };
}

export class Platform {
  readonly hosts = new Set<string>();
  readonly links = new Map<string, Link>();
  readonly disks = new Map<string, Disk>();
  private readonly routes = new Map<string, Map<string, Route>>();
  /** Optional routing function, consulted when no explicit route exists (e.g. a generated tree). */
  router: ((src: string, dst: string) => Route | undefined) | null = null;

  addHost(id: string): void {
    this.hosts.add(id);
  }

  addLink(id: string, bandwidth: number, latency: number): Link {
    const link: Link = { id, bandwidth, latency, constraint: new Constraint(id, bandwidth, 'link', id) };
    this.links.set(id, link);
    return link;
  }

  addDisk(host: string, id: string, readBw: number, writeBw: number, readwriteBw = Math.max(readBw, writeBw)): Disk {
    const key = `${host}/${id}`;
    const disk: Disk = {
      id, host,
      read: new Constraint(`${key}:read`, readBw, 'read', key),
      write: new Constraint(`${key}:write`, writeBw, 'write', key),
      readwrite: new Constraint(`${key}:readwrite`, readwriteBw, 'readwrite', key),
    };
    this.disks.set(key, disk);
    return disk;
  }

  disk(host: string, id: string): Disk | undefined {
    return this.disks.get(`${host}/${id}`);
  }

  addRoute(src: string, dst: string, linkIds: string[], symmetric = true): void {
    const links = linkIds.map((l) => {
      const link = this.links.get(l);
      if (!link) throw new Error(`route ${src} -> ${dst} uses unknown link "${l}"`);
      return link;
    });
    this.setRoute(src, dst, makeRoute(links));
    if (symmetric) this.setRoute(dst, src, makeRoute(links.slice().reverse()));
  }

  private setRoute(src: string, dst: string, r: Route): void {
    let m = this.routes.get(src);
    if (!m) this.routes.set(src, (m = new Map()));
    m.set(dst, r);
  }

  route(src: string, dst: string): Route | undefined {
    const m = this.routes.get(src);
    const r = m?.get(dst);
    if (r !== undefined || this.router === null) return r;
    // routes from the routing function are kept, so their flows share one constraint array
    const made = this.router(src, dst);
    if (made !== undefined) this.setRoute(src, dst, made.constraints ? made : makeRoute(made.links));
    return made;
  }

  /** Builds a route from links (for routing functions). */
  static route(links: Link[]): Route {
    return makeRoute(links);
  }
}

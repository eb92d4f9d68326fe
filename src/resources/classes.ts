/**
 * Alike resources share a class name: the same tier on every node of a group ("compute[*]/nvme"),
 * every OST of a file system ("lustre:ost*:read"), every drive of a library ("tape:drive*").
 * Numbers that index a node, a target, a server, a drive, a prefix or a socket become "*".
 */
export function resourceClass(id: string): string {
  let c = classes.get(id);
  if (c === undefined) {
    c = id.replace(/\[\d+\]/g, '[*]').replace(/\b(ost|server|drive|prefix|socket|dimm|leaf|router|group)\d+/g, '$1*');
    // workloads ask once per read or file of a run: remember the answers (a run has finitely many resources)
    if (classes.size > 1_000_000) classes.clear();
    classes.set(id, c);
  }
  return c;
}

const classes = new Map<string, string>();

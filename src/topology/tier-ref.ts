/** Tier references in scenarios: "pfs" (shared storage), "compute/nvme" (every node of a group), "compute[3]/nvme". */

export interface TierRef {
  /** Node group, or undefined for shared storage. */
  group?: string;
  /** A single node of the group, or undefined for all of them. */
  index?: number;
  tier: string;
}

const NAME = '[A-Za-z0-9_][A-Za-z0-9_.-]*';
const RE = new RegExp(`^(?:(${NAME})(?:\\[(\\d+)\\])?/)?(${NAME})$`);

export function parseTierRef(text: string): TierRef | null {
  const m = RE.exec(text.trim());
  if (!m) return null;
  const ref: TierRef = { tier: m[3]! };
  if (m[1] !== undefined) ref.group = m[1];
  if (m[2] !== undefined) ref.index = Number(m[2]);
  return ref;
}

export function formatTierRef(r: TierRef): string {
  return r.group === undefined ? r.tier : `${r.group}${r.index === undefined ? '' : `[${r.index}]`}/${r.tier}`;
}

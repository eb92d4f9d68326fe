// Interconnects against hand-computed answers: Ethernet efficiency, an oversubscribed fat-tree, a
// dragonfly's global links, PCIe inside a node, and catalog network models.
import { loadScenarioText } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';
import type { RunResult } from '../../src/scenario/result.ts';

function run(yaml: string): RunResult {
  return runScenario(loadScenarioText(yaml, 'net.yaml'));
}

/** `count` nodes with a fast local tier; `moves` between nodes. */
const cluster = (count: number, network: string, moves: string, extra = '') => `name: net
system:
  nodes:
    - id: n
      count: ${count}
${extra}      tiers:
        - { id: ram, kind: dram, bandwidth: 10 TB/s }
  network: ${network}
workloads:
  - kind: transfers
    id: w
    moves:
${moves}
`;

describe('interconnects', () => {
  test('Ethernet: 100 GbE at 94% protocol efficiency moves 11.75 GB in 1 s', () => {
    const r = run(cluster(2, '{ kind: star, model: ethernet-100g, efficiency: 0.94, latency: 0 }', '      - { from: "n[0]/ram", to: "n[1]/ram", size: 11.75 GB }'));
    expect(r.simulatedTime).toBeCloseTo(1.0, 9);
  });

  test('fat-tree: an oversubscribed leaf uplink is shared by the flows leaving the leaf', () => {
    // HDR 25 GB/s ports, 4 nodes per leaf, oversubscription 2: uplink 4 × 25 / 2 = 50 GB/s.
    // Nodes 0-3 each send 12.5 GB to nodes 4-7 on the other leaf: 50 / 4 = 12.5 GB/s each: 1 s.
    // Inside one leaf the same sends run at the port rate, 25 GB/s: 0.5 s.
    const moves = [0, 1, 2, 3].map((i) => `      - { from: "n[${i}]/ram", to: "n[${i + 4}]/ram", size: 12.5 GB }`).join('\n');
    const net = '{ kind: fat-tree, model: infiniband-hdr, latency: 0, nodesPerSwitch: 4, oversubscription: 2 }';
    const r = run(cluster(8, net, moves));
    expect(r.simulatedTime).toBeCloseTo(1.0, 9);
    expect(r.bottleneck!.resource).toBe('leaf*:up');
    const local = [0, 2].map((i) => `      - { from: "n[${i}]/ram", to: "n[${i + 1}]/ram", size: 12.5 GB }`).join('\n');
    expect(run(cluster(8, net, local)).simulatedTime).toBeCloseTo(0.5, 9);
  });

  test('dragonfly: flows between groups share the global link of the group pair', () => {
    // 2 groups × 2 routers × 2 nodes; 1 global link per router: 2 × 4.7 GB/s between the groups.
    // 4 flows from group 0 to group 1 get 9.4 / 4 = 2.35 GB/s each (local links 5.25 GB/s shared by
    // at most 2 flows are not the limit): 2.35 GB each take 1 s.
    const moves = [0, 1, 2, 3].map((i) => `      - { from: "n[${i}]/ram", to: "n[${i + 4}]/ram", size: 2.35 GB }`).join('\n');
    const net = '{ kind: dragonfly, model: aries, nodesPerRouter: 2, routersPerGroup: 2, globalLinksPerRouter: 1, latency: 0, hopLatency: 0 }';
    const r = run(cluster(8, net, moves));
    expect(r.simulatedTime).toBeCloseTo(1.0, 9);
    expect(r.bottleneck!.resource).toBe('group*-group*');
    // inside a group, two nodes on different routers meet at a 5.25 GB/s local link
    const inside = run(cluster(8, net, '      - { from: "n[0]/ram", to: "n[2]/ram", size: 5.25 GB }'));
    expect(inside.simulatedTime).toBeCloseTo(1.0, 9);
  });

  test('PCIe: a move between host memory and GPU memory crosses the PCIe link of the node', () => {
    const yaml = `name: pcie
system:
  nodes:
    - id: gpu
      pcie: { bandwidth: 16 GB/s }
      tiers:
        - { id: ram, kind: dram, bandwidth: 200 GB/s }
        - { id: hbm, kind: hbm, model: hbm2-v100-16gb }
workloads:
  - kind: transfers
    id: h2d
    moves:
      - { from: gpu/ram, to: gpu/hbm, size: 16 GB }
`;
    const r = run(yaml);
    expect(r.simulatedTime).toBeCloseTo(1.0, 9);
    expect(r.bottleneck!.resource).toBe('gpu[*]:pcie:rx'); // into GPU memory: the receive direction
  });

  test('NVLink: a move between two GPUs of a node crosses the NVLink, not PCIe', () => {
    const yaml = `name: nvlink
system:
  nodes:
    - id: gpu
      pcie: { bandwidth: 16 GB/s }
      nvlink: { bandwidth: 150 GB/s }
      tiers:
        - { id: gpu0, kind: hbm, model: hbm2-v100-16gb }
        - { id: gpu1, kind: hbm, model: hbm2-v100-16gb }
workloads:
  - kind: transfers
    id: p2p
    moves:
      - { from: gpu/gpu0, to: gpu/gpu1, size: 15 GB }
`;
    const r = run(yaml);
    expect(r.simulatedTime).toBeCloseTo(0.1, 9); // 15 GB at 150 GB/s
    expect(r.bottleneck!.resource).toBe('gpu[*]:nvlink');
  });

  test('links are full duplex: two nodes sending to each other both get the full NIC rate', () => {
    // 10 GB each way over 10 GB/s NICs: 1 s (a half-duplex NIC would take 2 s)
    const moves = '      - { from: "n[0]/ram", to: "n[1]/ram", size: 10 GB }\n      - { from: "n[1]/ram", to: "n[0]/ram", size: 10 GB }';
    expect(run(cluster(2, '{ kind: star, linkBandwidth: 10 GB/s, latency: 0 }', moves)).simulatedTime).toBeCloseTo(1.0, 9);
  });

  test('route latency: link latencies add up once per transfer', () => {
    const r = run(cluster(2, '{ kind: star, linkBandwidth: 1 GB/s, latency: 5 us }', '      - { from: "n[0]/ram", to: "n[1]/ram", size: 1 GB }'));
    expect(r.simulatedTime).toBeCloseTo(1 + 10e-6, 12);
  });
});

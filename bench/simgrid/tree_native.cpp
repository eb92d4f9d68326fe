/* SimGrid C++ (s4u) side of the sharing benchmarks on a two-level tree: EDGES edge switches of
 * HOSTS_PER_EDGE hosts each, host links 1.25e9 B/s with 1e-5 s latency, uplinks 1e10 B/s with no
 * latency, and N transfers from the integer generator of shared/reference/simgrid (scale_native.cpp:
 * transfer i from (97 i) % H to (src + 1 + (7919 i) % (H - 1)) % H, 1e6 x (1 + (31 i) % 10) bytes).
 *
 *   together   every transfer starts at t = 0              (sharing-dense-1e4: 8 x 8 hosts)
 *   staggered  transfer i starts at i / 10000, as scale_native.cpp   (sharing-scale-1e5-lv08: 16 x 16)
 *   pure       the pure max-min configuration of shared/reference (common.py PURE_MAXMIN_CFG)
 *   defaults   SimGrid's defaults (LV08)
 *
 *   g++ -O2 -std=c++17 tree_native.cpp -o tree_native -lsimgrid
 *   ./tree_native N EDGES HOSTS_PER_EDGE together|staggered pure|defaults [--cfg=...]   -> one JSON line
 */
#include <simgrid/s4u.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <set>
#include <string>
#include <vector>

namespace sg4 = simgrid::s4u;

int main(int argc, char** argv)
{
  sg4::Engine e(&argc, argv); // takes the --cfg and --log arguments out of argv
  if (argc != 6) {
    std::fprintf(stderr, "usage: %s N EDGES HOSTS_PER_EDGE together|staggered pure|defaults [--cfg=...]\n", argv[0]);
    return 2;
  }
  const long n = std::stol(argv[1]);
  const int E = std::stoi(argv[2]), K = std::stoi(argv[3]), H = E * K;
  const bool staggered = std::strcmp(argv[4], "staggered") == 0;
  if (std::strcmp(argv[5], "pure") == 0)
    for (const char* c : {"network/model:CM02", "network/crosstraffic:0", "network/TCP-gamma:0",
                          "network/latency-factor:1", "network/bandwidth-factor:1", "network/weight-S:0"})
      sg4::Engine::set_config(c);

  auto* zone = sg4::create_full_zone("world");
  std::vector<sg4::Host*> host;
  std::vector<sg4::Link*> hl, up;
  for (int x = 0; x < H; x++) {
    host.push_back(zone->create_host("n" + std::to_string(x), 1e9)->seal());
    hl.push_back(zone->create_link("h" + std::to_string(x), 1.25e9)->set_latency(1e-5)->seal());
  }
  for (int x = 0; x < E; x++)
    up.push_back(zone->create_link("up" + std::to_string(x), 1e10)->set_latency(0)->seal());

  struct T { int src, dst; uint64_t size; double start; };
  std::vector<T> tr;
  std::set<std::pair<int, int>> pairs;
  for (long i = 0; i < n; i++) {
    int src = (int)((i * 97) % H);
    int dst = (int)((src + 1 + (i * 7919) % (H - 1)) % H);
    tr.push_back({src, dst, (uint64_t)(1000000 * (1 + (i * 31) % 10)), staggered ? (double)i / 10000 : 0.0});
    pairs.insert({std::min(src, dst), std::max(src, dst)});
  }
  for (auto [s, d] : pairs) {
    std::vector<sg4::LinkInRoute> r{sg4::LinkInRoute(hl[s])};
    if (s / K != d / K) {
      r.emplace_back(up[s / K]);
      r.emplace_back(up[d / K]);
    }
    r.emplace_back(hl[d]);
    zone->add_route(host[s]->get_netpoint(), host[d]->get_netpoint(), nullptr, nullptr, r, true);
  }
  zone->seal();

  std::vector<sg4::CommPtr> comms;
  sg4::Actor::create("driver", host[0], [&]() {
    for (const T& t : tr) {
      if (t.start > sg4::Engine::get_clock())
        sg4::this_actor::sleep_until(t.start);
      comms.push_back(sg4::Comm::sendto_async(host[t.src], host[t.dst], t.size));
    }
    sg4::Comm::wait_all(comms);
  });
  auto t0 = std::chrono::steady_clock::now();
  e.run();
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  double makespan = 0, sum = 0;
  for (auto& c : comms) {
    double f = c->get_finish_time();
    makespan = std::max(makespan, f);
    sum += f;
  }
  std::printf("{\"count\": %zu, \"makespan\": %.17g, \"sum_completion\": %.17g, \"wall_run_s\": %.4f}\n", comms.size(), makespan, sum, wall);
  return 0;
}

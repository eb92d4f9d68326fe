/* sharing-dense: N transfers all in flight at once on a two-level tree of 64 hosts (8 edges x 8
 * hosts), in SimGrid C++ s4u with the pure max-min configuration of ../../../shared/reference.
 * Derived from shared/reference/simgrid/scale_native.cpp: same link parameters and integer
 * generator, but 64 hosts and every transfer starting at t = 0.
 *
 *   g++ -O2 -std=c++17 dense_native.cpp -o dense_native -lsimgrid
 *   ./dense_native 10000 --cfg=network/optim:Full   -> one JSON line on stdout
 */
#include <simgrid/s4u.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

namespace sg4 = simgrid::s4u;

int main(int argc, char** argv)
{
  sg4::Engine e(&argc, argv);
  for (const char* c : {"network/model:CM02", "network/crosstraffic:0", "network/TCP-gamma:0",
                        "network/latency-factor:1", "network/bandwidth-factor:1", "network/weight-S:0"})
    sg4::Engine::set_config(c);
  const long n = argc > 1 ? std::stol(argv[1]) : 10000;
  const int E = 8, K = 8, H = E * K;

  auto* zone = sg4::create_full_zone("world");
  std::vector<sg4::Host*> host;
  std::vector<sg4::Link*> hl, up;
  for (int x = 0; x < H; x++) {
    host.push_back(zone->create_host("n" + std::to_string(x), 1e9)->seal());
    hl.push_back(zone->create_link("h" + std::to_string(x), 1.25e9)->set_latency(1e-5)->seal());
  }
  for (int x = 0; x < E; x++)
    up.push_back(zone->create_link("up" + std::to_string(x), 1e10)->set_latency(0)->seal());

  struct T { int src, dst; uint64_t size; };
  std::vector<T> tr;
  std::set<std::pair<int, int>> pairs;
  for (long i = 0; i < n; i++) {
    int src = (int)((i * 97) % H);
    int dst = (int)((src + 1 + (i * 7919) % (H - 1)) % H);
    tr.push_back({src, dst, (uint64_t)(1000000 * (1 + (i * 31) % 10))});
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
    for (const T& t : tr)
      comms.push_back(sg4::Comm::sendto_async(host[t.src], host[t.dst], t.size));
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

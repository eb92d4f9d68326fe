/* The reference scale test (shared/reference/simgrid/scale_native.cpp, copied) under SimGrid's
 * default network model, LV08, instead of the pure max-min configuration: the same transfers, the
 * same platform; the configuration is SimGrid's defaults plus what the command line gives (--cfg).
 * For `npm run bench` (sharing-scale-1e5-lv08), which compiles it:
 *
 *   g++ -O2 -std=c++17 scale_models_native.cpp -o scale_models_native -lsimgrid
 *   ./scale_models_native 100000 [--cfg=network/model:CM02 ...]   -> one JSON line on stdout
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
  const long n = argc > 1 ? std::stol(argv[1]) : 1000;
  const int E = 16, K = 16, H = E * K;

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
    tr.push_back({src, dst, (uint64_t)(1000000 * (1 + (i * 31) % 10)), (double)i / 10000});
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

  double makespan = 0, sum = 0, dur = 0, maxdur = 0;
  for (size_t i = 0; i < comms.size(); i++) {
    double f = comms[i]->get_finish_time();
    makespan = std::max(makespan, f);
    sum += f;
    dur += f - tr[i].start;
    maxdur = std::max(maxdur, f - tr[i].start);
  }
  std::printf("{\"count\": %zu, \"makespan\": %.17g, \"sum_completion\": %.17g, \"mean_duration\": %.17g, "
              "\"max_duration\": %.17g, \"wall_run_s\": %.4f}\n",
              comms.size(), makespan, sum, dur / n, maxdur, wall);
  return 0;
}

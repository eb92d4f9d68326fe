#!/usr/bin/env python3
"""Regenerates test/fixtures/simgrid-network-models.json: SimGrid 3.32's completion times for small
cases under its own TCP models (LV08, its default, and CM02, with and without overrides), which
test/topology/network-model.test.ts compares tiersim against. Needs Debian's python3-simgrid and
../shared/reference (sg_run.py, the reference scenarios):

    /usr/bin/python3 scripts/simgrid-network-models.py

Each case is stored whole (scenario, configuration, SimGrid's completions), so the test runs without
SimGrid or ../shared. The small cases isolate one mechanism each (the comment says which).
"""
import json
import os
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
REF = os.path.join(ROOT, "..", "shared", "reference", "simgrid")
OUT = os.path.join(ROOT, "test", "fixtures", "simgrid-network-models.json")


def link(i, bw, lat):
    return {"id": i, "bandwidth": bw, "latency": lat}


def route(s, d, links, symmetric=True):
    return {"src": s, "dst": d, "links": links, "symmetric": symmetric}


def transfer(i, s, d, size, start=0.0):
    return {"id": i, "src": s, "dst": d, "size": size, "start": start}


def net(name, what, links, routes, transfers):
    hosts = sorted({h for r in routes for h in (r["src"], r["dst"])})
    return {"name": name, "kind": "network", "description": what, "hosts": hosts, "links": links,
            "routes": routes, "transfers": transfers}


S = 100_000_000
SMALL = [
    net("latency", "one flow: latency factor and bandwidth factor",
        [link("l", 1e8, 1e-3)], [route("a", "b", ["l"])], [transfer("f", "a", "b", S)]),
    net("window", "TCP window: gamma / (2 x route latency) caps the flow below the link",
        [link("l", 1e9, 1e-2)], [route("a", "b", ["l"])], [transfer("f", "a", "b", S)]),
    net("no-latency", "no latency: no window cap; crosstraffic on the same link",
        [link("l", 1e8, 0)], [route("a", "b", ["l"])], [transfer("f", "a", "b", S)]),
    net("weight-s", "two flows, one crosses an extra link: weight-S / bandwidth in the penalty",
        [link("l", 1e8, 1e-3), link("x", 5e8, 0)], [route("a", "b", ["l"]), route("c", "d", ["l", "x"])],
        [transfer("f", "a", "b", S), transfer("g", "c", "d", S)]),
    net("opposite", "two flows in opposite directions on one link (each also loads it with 0.05)",
        [link("l", 1e8, 1e-3)], [route("a", "b", ["l"])], [transfer("f", "a", "b", S), transfer("g", "b", "a", S)]),
    net("asymmetric", "asymmetric routes: crosstraffic on the other link",
        [link("l", 1e8, 1e-3), link("m", 1e8, 1e-3)],
        [route("a", "b", ["l"], False), route("b", "a", ["m"], False)],
        [transfer("f", "a", "b", S), transfer("g", "b", "a", S)]),
    net("asymmetric-one", "one flow on an asymmetric route: its link reaches full capacity",
        [link("l", 1e8, 1e-3), link("m", 1e8, 1e-3)],
        [route("a", "b", ["l"], False), route("b", "a", ["m"], False)], [transfer("f", "a", "b", S)]),
    net("small", "1 kB: no size-dependent factors",
        [link("l", 1e8, 1e-3)], [route("a", "b", ["l"])], [transfer("f", "a", "b", 1000)]),
    net("zero-latency-penalty", "a zero-latency flow has penalty 1 against one of latency 1 ms",
        [link("l", 1e8, 0), link("y", 1e9, 1e-3)], [route("a", "b", ["l"]), route("c", "d", ["l", "y"])],
        [transfer("f", "a", "b", S), transfer("g", "c", "d", S)]),
    net("staggered-mixed", "flows of different latencies starting at different times",
        [link("l", 1e8, 2e-3), link("x", 2e8, 5e-3), link("y", 5e7, 0)],
        [route("a", "b", ["l"]), route("c", "d", ["l", "x"]), route("e", "f", ["y", "l"])],
        [transfer("f1", "a", "b", S, 0.0), transfer("f2", "c", "d", S // 2, 0.2), transfer("f3", "e", "f", 2 * S, 0.5),
         transfer("f4", "b", "a", S // 4, 0.7)]),
]

CONFIGS = [
    [],  # SimGrid's defaults: LV08
    ["network/model:CM02"],
    ["network/model:LV08", "network/TCP-gamma:1000000", "network/weight-S:5000",
     "network/latency-factor:2.5", "network/bandwidth-factor:0.9"],
    ["network/model:CM02", "network/crosstraffic:0", "network/weight-S:100000"],
    # the configuration of the reference runs (shared/reference/simgrid/common.py): under it a
    # zero-latency flow still has penalty 1
    ["network/model:CM02", "network/crosstraffic:0", "network/TCP-gamma:0", "network/latency-factor:1",
     "network/bandwidth-factor:1", "network/weight-S:0"],
]

REFERENCE = ["single", "shared4", "shared4_mixed", "staggered", "dumbbell", "tree2", "rtt_weighted"]


def simgrid(scenario, config):
    with tempfile.TemporaryDirectory() as d:
        sc, out = os.path.join(d, "sc.json"), os.path.join(d, "out.json")
        with open(sc, "w") as f:
            json.dump(scenario, f)
        args = ["/usr/bin/python3", os.path.join(REF, "sg_run.py"), sc, "--out", out, "--sg-defaults"]
        for c in config:
            args += ["--cfg", c]
        subprocess.run(args, check=True, capture_output=True)
        with open(out) as f:
            res = json.load(f)
    return res


def main():
    cases = []
    for sc in SMALL:
        for cfg in CONFIGS:
            cases.append({"scenario": sc, "config": cfg, "completions": simgrid(sc, cfg)["completions"]})
    for name in REFERENCE:
        with open(os.path.join(REF, "scenarios", name + ".json")) as f:
            sc = json.load(f)
        for cfg in CONFIGS[:2]:
            cases.append({"scenario": sc, "config": cfg, "completions": simgrid(sc, cfg)["completions"]})
    version = simgrid(SMALL[0], [])["simulator"]
    with open(os.path.join(REF, "scenarios", "scale_spec.json")) as f:
        spec = json.load(f)
    spec["count"] = 10000
    scale = subprocess.run(["/usr/bin/python3", os.path.join(REF, "sg_run.py"), "--scale", "10000", "--sg-defaults",
                            "--out", os.path.join(tempfile.gettempdir(), "sg-scale-lv08.json")], check=True, capture_output=True)
    with open(os.path.join(tempfile.gettempdir(), "sg-scale-lv08.json")) as f:
        summary = json.load(f)["summary"]
    doc = {"generatedBy": "scripts/simgrid-network-models.py (sg_run.py --sg-defaults --cfg ...)", "simulator": version,
           "cases": cases, "scale": {"scenario": spec, "config": [], "summary": summary}}
    tmp = OUT + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    os.replace(tmp, OUT)
    print(f"wrote {OUT}: {len(cases)} cases and the 1e4-transfer scale test ({version})")


if __name__ == "__main__":
    main()

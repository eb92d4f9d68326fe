#!/usr/bin/env python3
"""Random reference-format cases run in SimGrid 3.32 and in tiersim, compared activity by activity.

    /usr/bin/python3 scripts/simgrid-random-cases.py --check 200        # seeds 1..200, print mismatches
    /usr/bin/python3 scripts/simgrid-random-cases.py --write            # regenerate the test fixture

Each seed gives a network case (2-8 hosts, 1-8 links with mixed latencies, zero ones too; random
routes; 1-40 transfers with tied and random starts) and a mixed case (disks and ios as well), each
run twice: without pure_maxmin or config (SimGrid: the reference runs' configuration, CM02 with
1/latency weights) and with config [] (SimGrid's defaults, LV08). SimGrid runs with
network/optim:Full: its default lazy updates gave a transfer 1e6 B in 0.1 ms across a 10 MB/s link
(seed 248; Full and tiersim: 0.1 s) and differ by up to 4e-9 elsewhere. Tolerance: 1e-9 relative,
1e-6 with disks (SimGrid rounds disk progress to whole bytes: at a few MB/s a byte is 0.4 us).

--write stores a few network cases whole (scenario and SimGrid's completions) in
test/fixtures/simgrid-random-cases.json, so the test runs without SimGrid. Needs Debian's
python3-simgrid, ../shared/reference (sg_run.py) and a built tiersim (npm run build) for --check.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SG_RUN = os.path.join(ROOT, "..", "shared", "reference", "simgrid", "sg_run.py")
OUT = os.path.join(ROOT, "test", "fixtures", "simgrid-random-cases.json")
FIXTURE_SEEDS = [7, 33, 58]  # network cases under CM02 weights whose answers plain max-min gets wrong
FIXTURE_LV08 = [12, 42]


def network_case(seed):
    r = random.Random(seed)
    H = r.randint(2, 8)
    hosts = [f"h{i}" for i in range(H)]
    L = r.randint(1, 8)
    links = []
    for i in range(L):
        bw = r.choice([1e7, 1.25e8, 1e9, 1.25e9, 1e10, r.randint(1, 10**9)])
        lat = r.choice([0.0, 1e-5, 1e-4, 1e-3, 0.01, round(r.random() * 0.01, 6)])
        links.append({"id": f"l{i}", "bandwidth": bw, "latency": lat})
    routes, pairs = [], []
    for a in range(H):
        for b in range(a + 1, H):
            if r.random() < 0.7:
                routes.append({"src": hosts[a], "dst": hosts[b], "links": r.sample([l["id"] for l in links], r.randint(1, min(4, L))), "symmetric": True})
                pairs.append((a, b))
    if not routes:
        routes.append({"src": hosts[0], "dst": hosts[1], "links": [links[0]["id"]], "symmetric": True})
        pairs.append((0, 1))
    starts = [0.0, 0.5, 1.0, round(r.random() * 3, 4)]
    transfers = []
    for i in range(r.randint(1, 40)):
        a, b = r.choice(pairs)
        if r.random() < 0.5:
            a, b = b, a
        transfers.append({"id": f"t{i}", "src": hosts[a], "dst": hosts[b], "size": r.choice([1, 1000, 10**6, 10**8, r.randint(1, 10**9)]),
                          "start": r.choice(starts + [round(r.random() * 5, 6)])})
    return {"name": f"random-{seed}", "kind": "network", "hosts": hosts, "links": links, "routes": routes, "transfers": transfers}


def mixed_case(seed):
    r = random.Random(seed * 7 + 3)
    H = r.randint(2, 5)
    hosts = []
    for i in range(H):
        disks = []
        for k in range(r.randint(0, 2)):
            rb = r.choice([1e8, 2e8, 5e8, r.randint(10**6, 10**9)])
            wb = r.choice([1e8, 5e7, r.randint(10**6, 10**9)])
            disks.append({"id": f"d{k}", "read_bw": rb, "write_bw": wb, "readwrite_bw": max(rb, wb)})
        hosts.append({"id": f"h{i}", "disks": disks})
    L = r.randint(1, 5)
    links = [{"id": f"l{i}", "bandwidth": r.choice([1e7, 1e8, 1.25e9, r.randint(10**6, 10**10)]), "latency": r.choice([0.0, 1e-5, 1e-3, round(r.random() * 0.01, 6)])} for i in range(L)]
    routes = [{"src": f"h{a}", "dst": f"h{b}", "links": r.sample([l["id"] for l in links], r.randint(1, L)), "symmetric": True} for a in range(H) for b in range(a + 1, H)]
    transfers = []
    for i in range(r.randint(0, 15)):
        a, b = r.sample(range(H), 2)
        transfers.append({"id": f"t{i}", "src": f"h{a}", "dst": f"h{b}", "size": r.choice([10**6, 10**8, r.randint(1, 10**9)]), "start": r.choice([0.0, 0.5, round(r.random() * 3, 5)])})
    ios = []
    on = [(h["id"], d["id"]) for h in hosts for d in h["disks"]]
    for i in range(r.randint(1, 15) if on else 0):
        h, d = r.choice(on)
        ios.append({"id": f"io{i}", "host": h, "disk": d, "op": r.choice(["read", "write"]), "size": r.choice([10**6, 10**8, r.randint(1, 10**9)]), "start": r.choice([0.0, 0.5, round(r.random() * 3, 5)])})
    return {"name": f"random-mixed-{seed}", "kind": "mixed", "hosts": hosts, "links": links, "routes": routes, "transfers": transfers, "ios": ios}


def with_model(case, lv08):
    c = dict(case, name=case["name"].replace("random-", "random-lv08-" if lv08 else "random-cm02-"))
    if lv08:
        c["config"] = []
    return c


def simgrid(case, tmp):
    path, out = os.path.join(tmp, "case.json"), os.path.join(tmp, "sg.json")
    with open(path, "w") as f:
        json.dump(case, f)
    args = ["/usr/bin/python3", SG_RUN, path, "--cfg", "network/optim:Full", "--out", out] + (["--sg-defaults"] if "config" in case else [])
    subprocess.run(args, check=True, capture_output=True)
    with open(out) as f:
        return json.load(f)


def tiersim(case, tmp):
    path = os.path.join(tmp, "case.json")
    with open(path, "w") as f:
        json.dump(case, f)
    p = subprocess.run(["node", os.path.join(ROOT, "bin", "tiersim.js"), "run", path, "--json"], check=True, capture_output=True, text=True)
    return {a["id"]: a["end"] for a in json.loads(p.stdout)["activities"]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", type=int, metavar="N", help="compare seeds 1..N (network and mixed, both models)")
    ap.add_argument("--write", action="store_true", help="regenerate the test fixture")
    a = ap.parse_args()
    if not (a.check or a.write):
        ap.error("give --check N or --write")
    with tempfile.TemporaryDirectory() as tmp:
        if a.check:
            bad = runs = 0
            for seed in range(1, a.check + 1):
                for case in (network_case(seed), mixed_case(seed)):
                    for lv08 in (False, True):
                        c = with_model(case, lv08)
                        sg = simgrid(c, tmp)["completions"]
                        ts = tiersim(c, tmp)
                        tol = 1e-6 if c["kind"] == "mixed" else 1e-9
                        off = [(k, v, ts.get(k)) for k, v in sg.items() if ts.get(k) is None or abs(v - ts[k]) > tol * max(1, abs(v))]
                        runs += 1
                        if off:
                            bad += 1
                            print(f"{c['name']}: {len(off)} of {len(sg)} differ, e.g. {off[:2]}")
            print(f"{runs - bad} of {runs} cases match SimGrid")
            sys.exit(1 if bad else 0)
        cases = []
        for seeds, lv08 in ((FIXTURE_SEEDS, False), (FIXTURE_LV08, True)):
            for seed in seeds:
                c = with_model(network_case(seed), lv08)
                sg = simgrid(c, tmp)
                cases.append({"case": c, "simgrid": {"config": sg["config"], "simulator": sg["simulator"], "completions": sg["completions"]}})
        about = ("Random reference-format cases (scripts/simgrid-random-cases.py --write) and the completion times SimGrid 3.32 "
                 "(Debian python3-simgrid, shared/reference/simgrid/sg_run.py, network/optim:Full) gave for them: random-cm02-* without "
                 "pure_maxmin under sg_run's default configuration (CM02, 1/latency weights), random-lv08-* with config [] under --sg-defaults (LV08).")
        with open(OUT, "w") as f:
            json.dump({"about": about, "cases": cases}, f)
        print(f"wrote {OUT} ({len(cases)} cases)")


if __name__ == "__main__":
    main()

"""Time the metrics engine (issue 4): national metrics, every city, a 10x dataset.

Run: ``.venv/bin/python benchmarks/bench_metrics.py [--cities N] [--no-10x]``. Prints one JSON
object per measurement (seconds, peak RSS in MB); the lead folds them into BENCHMARKS.md.
Each measurement runs in a fresh subprocess so peak memory is its own. ``peak_mb`` is the
process peak (for the 10x case it includes building the 10x frame from the 1x one); the 10x
case also reports ``peak_while_engine_mb``, the peak RSS from just before the metrics run
(10x frame resident) to their end, and ``engine_added_mb``, what the engine adds on top.
The frame is what ``load_source`` hands the engine: derived columns, repeated text as
categoricals (``data.derive_compact``). ``cpu_s`` is the process CPU time of the timed part:
the machine is shared, so wall seconds can exceed it. The city case gives per-city costs
(first city, which builds the whole frame's key codes and sorted copy, median, p90, slowest),
the CPU per city (the machine is shared: wall times follow its load, ``load_avg``), and the
path of a city-batch worker, which gets a frame of one city's rows only (``one_city_frame``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

PRELUDE = """
import gc, json, resource, sys, time
import numpy as np
import pandas as pd
from srdi_report.config import Config
from srdi_report.data.demo_cache import demo_firms
from srdi_report.data.derive import add_derived
from srdi_report.data.derive_compact import compact_text
from srdi_report.data.geography import load_geography
from srdi_report.data.industry import load_industry
from srdi_report.metrics.columns import city_codes
from srdi_report.metrics.registry import compute_all, load_families
from srdi_report.metrics.result import data_hash
from srdi_report.metrics.scope import Scope

config = Config()
raw = demo_firms(config.demo, config.demo.year)
snapshot = pd.Timestamp(raw["snapshot_date"].dropna().iloc[0]).date()
geography = load_geography()
# as load_source hands it to the engine: derived columns, repeated text categorical
firms = compact_text(
    add_derived(raw, geography=geography, industry=load_industry(), snapshot_date=snapshot)
)
names = load_families().names()
def peak_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
def status_mb(field):  # VmRSS / VmHWM of /proc/self/status, in MB
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")
def rss_mb():
    return status_mb("VmRSS")
def release_freed():  # glibc keeps freed heap mapped; malloc_trim returns it to the system
    import ctypes
    ctypes.CDLL("libc.so.6").malloc_trim(0)
def reset_peak():  # Linux: restart VmHWM from the current RSS (ru_maxrss keeps the process peak)
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")
"""

CASES = {
    "national": """
        digest = data_hash(firms)
        cpu0 = time.process_time()
        t0 = time.perf_counter(); compute_all(names, firms, digest=digest, geography=geography)
        t = time.perf_counter() - t0
        out = {"metrics": len(names), "firms": len(firms),
               "cpu_s": round(time.process_time() - cpu0, 2)}
    """,
    "cities": """
        digest = data_hash(firms)
        cities = sorted(city_codes(firms, geography).dropna().unique())
        run = cities if LIMIT <= 0 else cities[:LIMIT]
        memo = {}  # whole-frame work (key codes, benchmark firms) shared by the cities
        each = []
        cpu0 = time.process_time()
        t0 = time.perf_counter()
        for code in run:
            t1 = time.perf_counter()
            compute_all(names, firms, Scope(city=code), digest=digest, geography=geography,
                        memo=memo)
            each.append(time.perf_counter() - t1)
        t = time.perf_counter() - t0
        cpu = time.process_time() - cpu0
        ms = np.array(each) * 1000
        # A city-batch worker's path: a frame of one city's rows only, its own memo (every
        # 10th city; cutting the rows is not timed)
        keys = city_codes(firms, geography)
        alone, alone_cpu = [], []
        for code in run[::10]:
            rows = firms.loc[(keys == code).to_numpy(dtype=bool, na_value=False)]
            c1, t1 = time.process_time(), time.perf_counter()
            compute_all(names, rows, Scope(city=code), digest=digest, geography=geography, memo={})
            alone.append(time.perf_counter() - t1)
            alone_cpu.append(time.process_time() - c1)
        one = np.array(alone) * 1000
        out = {"metrics": len(names), "cities_run": len(run), "cities": len(cities),
               "per_city": round(t / len(run), 3),
               "all_cities_estimate": round(t / len(run) * len(cities), 1),
               "first_city_ms": round(ms[0], 1), "median_city_ms": round(np.median(ms), 1),
               "p90_city_ms": round(np.quantile(ms, 0.9), 1), "max_city_ms": round(ms.max(), 1),
               "cpu_s": round(cpu, 2), "cpu_per_city_ms": round(cpu / len(run) * 1000, 1),
               "one_city_frame": {"cities": len(alone), "median_ms": round(np.median(one), 1),
                                  "p90_ms": round(np.quantile(one, 0.9), 1),
                                  "cpu_median_ms": round(np.median(alone_cpu) * 1000, 1)},
               "load_avg": round(__import__("os").getloadavg()[0], 1)}
    """,
    "national_10x": """
        # Only the 10x frame stays alive: the 1x raw and derived frames it is built from are
        # dropped first, so the engine's peak is not inflated by copies the bench keeps.
        del raw
        big = pd.concat([firms] * 10, ignore_index=True)
        del firms
        big["firm_id"] = [f"X{i:08d}" for i in range(len(big))]
        gc.collect()
        release_freed()  # hand the dropped 1x frames' heap back, so RSS is what lives
        frame_mb = rss_mb()
        reset_peak()
        digest = data_hash(big)
        cpu0 = time.process_time()
        t0 = time.perf_counter(); compute_all(names, big, digest=digest, geography=geography)
        t = time.perf_counter() - t0
        engine_peak = status_mb("VmHWM")
        out = {"metrics": len(names), "firms": len(big), "rss_before_mb": frame_mb,
               "cpu_s": round(time.process_time() - cpu0, 2),
               "peak_while_engine_mb": engine_peak,
               "engine_added_mb": round(engine_peak - frame_mb, 1)}
    """,
}


def measure(name: str, limit: int) -> dict[str, object]:
    """Run one case in a fresh interpreter and return its JSON line."""
    body = textwrap.dedent(CASES[name])
    code = f"{PRELUDE}\nLIMIT = {limit}\n{body}\nout.update(case={name!r}, seconds=round(t, 2), peak_mb=peak_mb())\nprint(json.dumps(out))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    args = sys.argv[1:]
    cities = int(args[args.index("--cities") + 1]) if "--cities" in args else 0
    cases = ["national", "cities"] + ([] if "--no-10x" in args else ["national_10x"])
    for case in cases:
        print(json.dumps(measure(case, cities)), flush=True)

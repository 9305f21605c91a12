"""Reproducible builds: the same corpus and models give the same index files, and the
committed index/ is exactly what the current code builds from the committed corpus/."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
VECTOR_FILES = ("dense.faiss", "e5.faiss", "sentences.npy")

BUILD = """
import sys
sys.path[:0] = [{root!r}, {tests!r}]
from conftest import KeywordEmbedder
from qa.corpus import load_corpus
from qa.index import build_index
embedders = {{"dense": KeywordEmbedder({dense!r}, {dim}), "e5": KeywordEmbedder({e5!r}, {dim})}}
build_index(load_corpus({corpus!r}), {index!r}, embedders, progress=False)
"""


def _build_in_process(corpus: Path, index: Path, hash_seed: str, dense="fake/dense", e5="fake/e5", dim=64) -> None:
    """Build in a fresh interpreter: set and dict orders (the hash seed) differ between runs."""
    code = BUILD.format(root=str(ROOT), tests=str(ROOT / "tests"), corpus=str(corpus), index=str(index),
                        dense=dense, e5=e5, dim=dim)
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "HF_HUB_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr


def _files(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def test_two_builds_of_the_same_corpus_are_byte_identical(tiny_corpus, tmp_path):
    _build_in_process(tiny_corpus, tmp_path / "one", hash_seed="1")
    _build_in_process(tiny_corpus, tmp_path / "two", hash_seed="2")
    one, two = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert sorted(one) == sorted(two)
    differing = [name for name in one if one[name] != two[name]]
    assert differing == [], f"these index files differ between two builds of the same corpus: {differing}"


def _manifest_without(manifest: dict, drop_files: tuple[str, ...]) -> str:
    """The manifest as JSON text (key order kept) without its `versions` record and the
    checksums of ``drop_files``."""
    m = {k: v for k, v in manifest.items() if k != "versions"}
    m["files"] = {k: v for k, v in manifest["files"].items() if k not in drop_files}
    return json.dumps(m, indent=2, ensure_ascii=False)


def test_committed_index_is_what_the_current_code_builds_apart_from_the_vectors(tmp_path):
    """Chunks, BM25 and manifest of index/ must be what this code writes for corpus/.

    Fails after a change to chunking, analysis, BM25 or the manifest until
    `python -m qa build` is rerun and index/ committed. The vectors need the real
    models; the slow test below checks them.
    """
    committed = json.loads((ROOT / "index" / "manifest.json").read_text(encoding="utf-8"))
    dense = committed["dense"]
    _build_in_process(ROOT / "corpus", tmp_path / "index", hash_seed="3", dense=dense["dense"]["model"],
                      e5=dense["e5"]["model"], dim=dense["e5"]["dim"])
    fresh = json.loads((tmp_path / "index" / "manifest.json").read_text(encoding="utf-8"))
    assert _manifest_without(fresh, VECTOR_FILES) == _manifest_without(committed, VECTOR_FILES), (
        "index/manifest.json is not what the current code writes: run `python -m qa build` and commit index/")
    have, want = _files(ROOT / "index"), _files(tmp_path / "index")
    assert sorted(have) == sorted(want), "index/ holds other files than a build writes: run `python -m qa build`"
    for name in want:
        if name not in VECTOR_FILES and name != "manifest.json":
            assert have[name] == want[name], f"index/{name} is out of date: run `python -m qa build` and commit index/"


def _vectors(path: Path) -> np.ndarray:
    import faiss

    if path.suffix == ".npy":
        return np.load(path, allow_pickle=False)
    index = faiss.read_index(str(path))
    return index.reconstruct_n(0, index.ntotal)


@pytest.mark.slow
def test_committed_index_is_what_qa_build_writes_with_the_real_models(tmp_path):
    """`python -m qa build` on the committed corpus rebuilds index/ exactly.

    Same package versions as the build recorded in the manifest: every byte equal.
    Other versions or CPUs (a CUDA build of torch, other SIMD kernels) may move the
    vectors in the last bits, so then vectors are compared within 1e-5 and every
    other file byte for byte.
    """
    out = subprocess.run([sys.executable, "-m", "qa", "build", "--no-progress", "--index", str(tmp_path / "index")],
                         cwd=ROOT, capture_output=True, text=True, timeout=1200,
                         env={**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr
    committed = json.loads((ROOT / "index" / "manifest.json").read_text(encoding="utf-8"))
    fresh = json.loads((tmp_path / "index" / "manifest.json").read_text(encoding="utf-8"))
    have, want = _files(ROOT / "index"), _files(tmp_path / "index")
    assert sorted(have) == sorted(want)
    if fresh["versions"] == committed["versions"]:
        differing = [name for name in want if have[name] != want[name]]
        assert differing == [], f"index/ is not what `python -m qa build` writes ({differing}): rebuild and commit it"
        return
    assert _manifest_without(fresh, VECTOR_FILES) == _manifest_without(committed, VECTOR_FILES)
    for name in want:
        if name in VECTOR_FILES:
            np.testing.assert_allclose(_vectors(ROOT / "index" / name), _vectors(tmp_path / "index" / name), atol=1e-5)
        elif name != "manifest.json":
            assert have[name] == want[name], f"index/{name} is out of date: run `python -m qa build` and commit index/"

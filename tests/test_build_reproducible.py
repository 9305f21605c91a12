"""Reproducible builds: the same corpus and models give the same index files, and the
committed index/ is exactly what the current code builds from the committed corpus/."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
VECTOR_FILES = ("dense.faiss", "e5.faiss", "sentences.npy", *(f"{d}/{n}" for d in ("sparse", "sparse_sentences")
                                                               for n in ("indptr.npy", "rows.npy", "values.npy")))

BUILD = """
import sys
sys.path[:0] = [{root!r}, {tests!r}]
from conftest import KeywordEmbedder, KeywordSparse
from qa.corpus import load_corpus
from qa.index import build_index
embedders = {{"dense": KeywordEmbedder({dense!r}, {dim}), "e5": KeywordEmbedder({e5!r}, {dim})}}
sparse = KeywordSparse({sparse!r}, {sparse_dim}, {top_k}) if {sparse!r} else None
build_index(load_corpus({corpus!r}), {index!r}, embedders, progress=False, sparse=sparse)
"""


def _build_in_process(corpus: Path, index: Path, hash_seed: str, dense="fake/dense", e5="fake/e5", dim=64,
                      sparse: dict | None = None) -> None:
    """Build in a fresh interpreter: set and dict orders (the hash seed) differ between runs."""
    sparse = sparse or {"model": "fake/sparse", "dim": 512, "top_k": 256}
    code = BUILD.format(root=str(ROOT), tests=str(ROOT / "tests"), corpus=str(corpus), index=str(index),
                        dense=dense, e5=e5, dim=dim, sparse=sparse["model"], sparse_dim=sparse["dim"],
                        top_k=sparse["top_k"])
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
    models; the slow test below checks them on one real article.
    """
    committed = json.loads((ROOT / "index" / "manifest.json").read_text(encoding="utf-8"))
    dense = committed["dense"]
    _build_in_process(ROOT / "corpus", tmp_path / "index", hash_seed="3", dense=dense["dense"]["model"],
                      e5=dense["e5"]["model"], dim=dense["e5"]["dim"], sparse=committed["sparse"])
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


def _sparse_rows(index: Path, sub: str = "sparse") -> np.ndarray:
    """The sparse vectors of the chunks (``sparse``) or of the sentences (``sparse_sentences``)
    as a dense (rows, features) array."""
    from qa.sparse import SparseMatrix

    meta = json.loads((index / "manifest.json").read_text(encoding="utf-8"))
    files = {p.name: p.read_bytes() for p in (index / sub).iterdir()}
    n = meta["num_chunks"] if sub == "sparse" else meta["sentences"]["count"]
    m = SparseMatrix.from_files(files, n, meta["sparse"]["dim"])
    out = np.zeros((m.num_rows, m.dim), dtype=np.float32)
    feats = np.repeat(np.arange(m.dim), np.diff(m.indptr))
    out[m.rows, feats] = m.values
    return out


def _rows(index: Path) -> tuple[list[dict], list[tuple[str, int, int]]]:
    """The chunks of an index, and its sentences as (chunk id, start, end)."""
    chunks = [json.loads(line) for line in (index / "chunks.jsonl").read_text(encoding="utf-8").splitlines()]
    sentences = [json.loads(line) for line in (index / "sentences.jsonl").read_text(encoding="utf-8").splitlines()]
    return chunks, [(chunks[d["row"]]["chunk_id"], d["start"], d["end"]) for d in sentences]


@pytest.mark.slow
def test_qa_build_with_the_real_models_writes_the_committed_vectors(tmp_path):
    """`python -m qa build` with the real models reproduces index/'s vectors.

    Everything but the vectors is checked for the whole corpus by the fast test above; the
    vectors depend only on each chunk's and sentence's own text, so one real article (the
    smallest, built through the CLI with progress on) shows whether index/ holds what this
    code and these models write: its chunks, its passage vectors for both models and its
    sentence vectors must equal index/'s rows for the same chunks. Within 1e-5: another
    batch composition, CPU or library build may move the last bits.
    """
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    smallest = min(ROOT.glob("corpus/*.md"), key=lambda p: p.stat().st_size)
    shutil.copy(smallest, corpus / smallest.name)
    out = subprocess.run([sys.executable, "-m", "qa", "build", "--corpus", str(corpus), "--index", str(tmp_path / "ix")],
                         cwd=ROOT, capture_output=True, text=True, timeout=600,
                         env={**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr
    assert "built" in out.stdout and "embedding" in out.stderr  # the CLI reports, with progress
    fresh_m = json.loads((tmp_path / "ix" / "manifest.json").read_text(encoding="utf-8"))
    committed_m = json.loads((ROOT / "index" / "manifest.json").read_text(encoding="utf-8"))
    assert list(fresh_m["corpus"]) == [smallest.stem] and fresh_m["num_chunks"] >= 3
    assert fresh_m["sparse"] == committed_m["sparse"]
    assert fresh_m["dense"] == committed_m["dense"] and fresh_m["sentences"] == {
        **committed_m["sentences"], "count": fresh_m["sentences"]["count"]}
    have_chunks, have_sents = _rows(ROOT / "index")
    new_chunks, new_sents = _rows(tmp_path / "ix")
    where = {c["chunk_id"]: i for i, c in enumerate(have_chunks)}
    assert [have_chunks[where[c["chunk_id"]]] for c in new_chunks] == new_chunks, (
        "index/chunks.jsonl is not what `python -m qa build` writes: rebuild and commit index/")
    rows = [where[c["chunk_id"]] for c in new_chunks]
    for name in ("dense.faiss", "e5.faiss"):
        np.testing.assert_allclose(_vectors(ROOT / "index" / name)[rows], _vectors(tmp_path / "ix" / name), atol=1e-5,
                                   err_msg=f"index/{name} is not what `python -m qa build` writes: rebuild and commit it")
    at = {key: i for i, key in enumerate(have_sents)}
    assert all(key in at for key in new_sents)
    np.testing.assert_allclose(_vectors(ROOT / "index" / "sentences.npy")[[at[k] for k in new_sents]],
                               _vectors(tmp_path / "ix" / "sentences.npy"), atol=1e-5,
                               err_msg="index/sentences.npy is not what `python -m qa build` writes: rebuild and commit it")
    np.testing.assert_allclose(_sparse_rows(ROOT / "index")[rows], _sparse_rows(tmp_path / "ix"), atol=1e-4,
                               err_msg="index/sparse/ is not what `python -m qa build` writes: rebuild and commit it")
    np.testing.assert_allclose(_sparse_rows(ROOT / "index", "sparse_sentences")[[at[k] for k in new_sents]],
                               _sparse_rows(tmp_path / "ix", "sparse_sentences"), atol=1e-4,
                               err_msg="index/sparse_sentences/ is not what `python -m qa build` writes: rebuild and commit it")

"""Which FAISS index to build for a given number of vectors, tuned, and how to load it.

Measured on this project's 2-core machine with 384-d vectors (`python -m qa bench --scale`,
figures in docs/bench/scale.md): exact search costs 2.8 ms per query (p95) at 20k
vectors, 14 ms at 100k and 142 ms at 1M. So:

* up to ``EXACT_SEARCH_MAX`` vectors: ``IndexFlatIP``, exact;
* above: ``IndexIVFFlat`` with ~4·√n lists (a power of two), its ``nprobe`` tuned at
  build time to the smallest value whose recall@10 against exact search reaches
  ``TUNE_RECALL`` for held-out vectors (left out of the index while tuning, so they
  are unseen queries, then added). At 1M vectors: p95 7.8 ms at recall@10 0.96 for
  query vectors; HNSW tuned the same way fell short (0.94) and took 517 s to build
  against IVF's 78 s.

Files above ``MMAP_MIN_BYTES`` are memory-mapped on load (FAISS ``IO_FLAG_MMAP_IFC``):
start-up does not copy the vectors into the heap and processes share the page cache.
"""
from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Sequence

import numpy as np

logger = logging.getLogger(__name__)

EXACT_SEARCH_MAX = 20_000
TUNE_RECALL = 0.97  # a margin above the 0.95 target, for queries unlike the passages
TUNE_QUERIES = 200
MMAP_MIN_BYTES = 64 << 20
NPROBE_STEPS = (1, 2, 4, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096)


def nlist_for(n: int) -> int:
    """Number of IVF lists for ``n`` vectors: a power of two near 4·√n, at least 39 vectors each."""
    target = 4 * math.sqrt(n)
    nlist = 2 ** round(math.log2(max(target, 1)))
    while nlist > 1 and n / nlist < 39:
        nlist //= 2
    return max(1, nlist)


def recall_at_k(found: np.ndarray, truth: np.ndarray, k: int = 10) -> float:
    """Mean fraction of the true top-``k`` ids found in the returned top-``k`` (rows = queries)."""
    if len(truth) == 0:
        raise ValueError("recall_at_k needs at least one query")
    hits = [len(set(f[:k].tolist()) & set(t[:k].tolist()) - {-1}) / k for f, t in zip(found, truth)]
    return float(np.mean(hits))


def exact_top10(base: np.ndarray, queries: np.ndarray, ids: np.ndarray | None = None) -> np.ndarray:
    """Exact top-10 ids of ``queries`` among ``base`` (ids: the base rows' ids, default positions)."""
    import faiss

    exact = faiss.IndexFlatIP(base.shape[1])
    exact.add(np.ascontiguousarray(base))
    _, rows = exact.search(np.ascontiguousarray(queries), 10)
    return rows if ids is None else np.where(rows >= 0, ids[np.maximum(rows, 0)], -1)


def tune_search(index, queries: np.ndarray, truth: np.ndarray, set_param: Callable[[int], None],
                steps: Sequence[int], target: float = TUNE_RECALL) -> tuple[int, float]:
    """Smallest step whose recall@10 against ``truth`` reaches ``target`` (else the last step)."""
    step, recall = steps[-1], 0.0
    for step in steps:
        set_param(step)
        _, found = index.search(np.ascontiguousarray(queries), 10)
        recall = recall_at_k(found, truth)
        if recall >= target:
            break
    return step, recall


def split_held_out(n: int, rng: np.random.Generator, n_queries: int = TUNE_QUERIES) -> tuple[np.ndarray, np.ndarray]:
    """(held-out rows used as tuning queries, the rest), both sorted."""
    held = np.sort(rng.choice(n, size=min(n_queries, max(1, n // 10)), replace=False))
    mask = np.ones(n, dtype=bool)
    mask[held] = False
    return held, np.flatnonzero(mask)


def make_faiss_index(vectors: np.ndarray, exact_max: int | None = None, seed: int = 0) -> tuple[object, dict]:
    """Build the index for ``vectors`` (unit-normalised, inner product) and its manifest entry.

    Args:
        exact_max: exact search up to this many vectors (default ``EXACT_SEARCH_MAX``).
    """
    import faiss

    exact_max = EXACT_SEARCH_MAX if exact_max is None else exact_max
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    n, dim = vectors.shape
    if n <= exact_max:
        index = faiss.IndexFlatIP(dim)
        index.add(vectors)
        return index, {"type": "flat", "exact": True}
    t0 = time.perf_counter()
    nlist = nlist_for(n)
    rng = np.random.default_rng(seed)
    train = vectors[rng.choice(n, size=min(n, 50 * nlist), replace=False)]
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
    index.cp.seed = seed
    index.train(train)
    # Tune on held-out vectors: added only after tuning, so they are unseen queries.
    held, rest = split_held_out(n, rng)
    index.add_with_ids(vectors[rest], rest.astype(np.int64))
    truth = exact_top10(vectors[rest], vectors[held], rest)
    steps = [s for s in NPROBE_STEPS if s < nlist] + [nlist]
    nprobe, recall = tune_search(index, vectors[held], truth, lambda v: setattr(index, "nprobe", v), steps)
    index.add_with_ids(vectors[held], held.astype(np.int64))
    index.nprobe = nprobe
    params = {"type": "ivf_flat", "exact": False, "nlist": nlist, "nprobe": nprobe, "trained_on": len(train),
              "tuned_recall@10": round(recall, 4), "tune_target": TUNE_RECALL, "tune_queries": len(held)}
    logger.info("IVF index: %d vectors, nlist=%d, nprobe=%d (recall@10 %.3f) in %.1fs",
                n, nlist, nprobe, recall, time.perf_counter() - t0)
    return index, params


def apply_search_params(index, params: dict) -> None:
    """Set the search-time parameters recorded in the manifest."""
    if params.get("type") == "ivf_flat":
        index.nprobe = int(params["nprobe"])
    elif params.get("type") == "hnsw":  # measured by `bench --scale --hnsw`, not built by qa
        index.hnsw.efSearch = int(params["efSearch"])


def faiss_from_bytes(data, mapped_path: str | None = None) -> object:
    """A FAISS index from verified bytes; memory-mapped again through ``mapped_path``
    (the verified open file, ``/proc/self/fd/N``) when the file is large.

    Trade-off: small files are deserialised from the bytes that were checksummed, so
    nothing is read twice; large files are mapped rather than copied into the heap
    (start-up in milliseconds, page cache shared between workers), which relies on
    the open file not being rewritten in place: builds never do, they swap directories.
    """
    import faiss

    if mapped_path is not None and len(data) >= MMAP_MIN_BYTES:
        return faiss.read_index(mapped_path, faiss.IO_FLAG_MMAP_IFC)
    return faiss.deserialize_index(np.frombuffer(data, dtype=np.uint8))


def read_faiss(path: str, size: int) -> object:
    """Read a FAISS file, memory-mapping it when it is large."""
    import faiss

    if size >= MMAP_MIN_BYTES:  # read at call time so tests and deployments can lower it
        return faiss.read_index(path, faiss.IO_FLAG_MMAP_IFC)
    return faiss.read_index(path)

"""Index choice by size, nprobe tuning, recall, memory-mapped loading."""
from __future__ import annotations

import numpy as np
import pytest

import qa.vector_index as vi
from qa.corpus import load_corpus
from qa.index import IndexStore, build_index


@pytest.mark.parametrize("n,nlist", [(1_000_000, 4096), (100_000, 1024), (20_001, 512), (1000, 16), (50, 1)])
def test_nlist_is_a_power_of_two_near_four_root_n(n, nlist):
    assert vi.nlist_for(n) == nlist


def test_recall_at_k_hand_computed():
    truth = np.array([[1, 2, 3, 4], [5, 6, 7, 8]])
    found = np.array([[1, 2, 9, 9], [8, 7, 6, 5]])
    assert vi.recall_at_k(found, truth, k=4) == pytest.approx((2 / 4 + 4 / 4) / 2)
    assert vi.recall_at_k(np.array([[-1, -1]]), np.array([[1, 2]]), k=2) == 0.0
    with pytest.raises(ValueError):
        vi.recall_at_k(np.zeros((0, 2)), np.zeros((0, 2)))


def clustered(n: int, dim: int = 32, centres: int = 40, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    c = rng.standard_normal((centres, dim))
    x = c[rng.integers(0, centres, n)] + 0.6 * rng.standard_normal((n, dim))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def test_small_collections_get_exact_search():
    index, params = vi.make_faiss_index(clustered(500))
    assert params == {"type": "flat", "exact": True} and index.ntotal == 500


def test_large_collections_get_a_tuned_ivf_that_meets_recall_on_unseen_queries():
    import faiss

    both = clustered(6300)
    x, queries = both[:6000], both[6000:]  # queries: not stored, same distribution
    index, params = vi.make_faiss_index(x, exact_max=1000)
    assert params["type"] == "ivf_flat" and params["nlist"] == vi.nlist_for(6000)
    assert params["tuned_recall@10"] >= vi.TUNE_RECALL and 1 <= params["nprobe"] <= params["nlist"]
    exact = faiss.IndexFlatIP(32)
    exact.add(x)
    _, truth = exact.search(queries, 10)
    _, found = index.search(queries, 10)
    assert vi.recall_at_k(found, truth) >= 0.95
    index.nprobe = 1
    _, worse = index.search(queries, 10)
    assert vi.recall_at_k(worse, truth) < vi.recall_at_k(found, truth)  # tuning mattered


def test_ivf_choice_is_recorded_in_the_manifest_and_applied_on_load(tiny_corpus, tmp_path, fake_embedders, monkeypatch):
    monkeypatch.setattr(vi, "EXACT_SEARCH_MAX", 2)
    monkeypatch.setattr(vi, "MMAP_MIN_BYTES", 0)  # and memory-map it
    build_index(load_corpus(tiny_corpus), tmp_path / "ix", fake_embedders, progress=False)
    store = IndexStore.load(tmp_path / "ix", articles=load_corpus(tiny_corpus))
    params = store.manifest["dense"]["e5"]["index"]
    assert params["type"] == "ivf_flat" and store.dense["e5"].nprobe == params["nprobe"]
    maps = open("/proc/self/maps").read() if __import__("os").path.exists("/proc/self/maps") else str(tmp_path / "ix")
    assert str(tmp_path / "ix" / "e5.faiss") in maps
    vec = fake_embedders["e5"].embed_queries(["CTO salary"])
    _, rows = store.dense["e5"].search(vec, 3)
    assert (rows[0] >= 0).sum() == min(3, len(store.chunks))

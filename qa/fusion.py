"""Rank fusion (RRF and score-normalised weighted sums) and near-duplicate suppression."""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence

Ranking = Sequence[tuple[int, float]]  # (doc row, score), best first

FUSION_METHODS = ("rrf", "weighted")


def rrf(rankings: Sequence[Ranking], k: int = 60, weights: Sequence[float] | None = None) -> list[tuple[int, float]]:
    """Reciprocal rank fusion: ``sum_i w_i / (k + rank_i(d))`` with 1-based ranks.

    Returns the fused ranking, best first (ties broken by row id for determinism).
    """
    if k < 0:
        raise ValueError(f"k={k} must be >= 0")
    weights = list(weights) if weights is not None else [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError(f"{len(weights)} weights for {len(rankings)} rankings")
    fused: dict[int, float] = {}
    for w, ranking in zip(weights, rankings):
        for rank, (doc, _score) in enumerate(ranking, start=1):
            fused[doc] = fused.get(doc, 0.0) + w / (k + rank)
    return sorted(fused.items(), key=lambda x: (-x[1], x[0]))


def minmax(ranking: Ranking) -> dict[int, float]:
    """Scale scores to [0, 1] within one ranking (all equal -> 1.0)."""
    if not ranking:
        return {}
    scores = [s for _, s in ranking]
    lo, hi = min(scores), max(scores)
    if hi - lo <= 1e-12:
        return {d: 1.0 for d, _ in ranking}
    return {d: (s - lo) / (hi - lo) for d, s in ranking}


def weighted(rankings: Sequence[Ranking], weights: Sequence[float]) -> list[tuple[int, float]]:
    """Weighted sum of min-max normalised scores; a document missing from a ranking gets 0 there."""
    if len(weights) != len(rankings):
        raise ValueError(f"{len(weights)} weights for {len(rankings)} rankings")
    fused: dict[int, float] = {}
    for w, ranking in zip(weights, rankings):
        for doc, s in minmax(ranking).items():
            fused[doc] = fused.get(doc, 0.0) + w * s
    return sorted(fused.items(), key=lambda x: (-x[1], x[0]))


_WORD_RE = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 3) -> frozenset[tuple[str, ...]]:
    """Word n-grams of the lower-cased text (the whole text if shorter than n words)."""
    words = [w.lower() for w in _WORD_RE.findall(text)]
    if len(words) < n:
        return frozenset([tuple(words)]) if words else frozenset()
    return frozenset(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


def overlap(a: frozenset, b: frozenset) -> float:
    """Share of the smaller shingle set found in the other (containment)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def suppress_near_duplicates(
    ranking: Ranking, shingles_of: Callable[[int], frozenset], k: int, threshold: float = 0.5
) -> list[tuple[int, float]]:
    """Keep the first ``k`` rows whose text is not a near-duplicate of a kept one.

    Args:
        ranking: candidate rows, best first.
        shingles_of: row -> word shingles of its text (see ``shingles``; may be cached).
        k: how many to keep.
        threshold: word-trigram containment at or above which two texts are duplicates.
    """
    kept: list[tuple[int, float]] = []
    kept_sh: list[frozenset] = []
    for doc, score in ranking:
        sh = shingles_of(doc)
        if any(overlap(sh, other) >= threshold for other in kept_sh):
            continue
        kept.append((doc, score))
        kept_sh.append(sh)
        if len(kept) == k:
            break
    return kept

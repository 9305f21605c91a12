"""IR metrics, one per function, on binary relevance lists (best rank first).

``rels`` is a list of 0/1 flags for the ranked results of one question; ``n_relevant``
is how many relevant passages exist in the whole index (for nDCG's ideal ranking).
"""
from __future__ import annotations

import math
import random
from collections.abc import Sequence


def recall_at_k(rels: Sequence[int], k: int) -> float:
    """Answer recall (a.k.a. success@k): 1.0 if any of the top ``k`` is relevant."""
    return 1.0 if any(rels[:k]) else 0.0


def mrr_at_k(rels: Sequence[int], k: int) -> float:
    """Reciprocal rank of the first relevant result within the top ``k`` (0 if none)."""
    for i, r in enumerate(rels[:k], start=1):
        if r:
            return 1.0 / i
    return 0.0


def ndcg_at_k(rels: Sequence[int], k: int, n_relevant: int) -> float:
    """Binary-gain nDCG@k; the ideal ranking puts ``min(n_relevant, k)`` hits first."""
    dcg = sum(1.0 / math.log2(i + 1) for i, r in enumerate(rels[:k], start=1) if r)
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(n_relevant, k) + 1))
    return dcg / ideal if ideal > 0 else 0.0


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def bootstrap_ci(values: Sequence[float], n: int = 2000, alpha: float = 0.05, seed: int = 13) -> tuple[float, float]:
    """Percentile bootstrap confidence interval of the mean."""
    if not values:
        return (float("nan"), float("nan"))
    rng = random.Random(seed)
    vals = list(values)
    means = sorted(mean([vals[rng.randrange(len(vals))] for _ in vals]) for _ in range(n))
    lo = means[int(alpha / 2 * n)]
    hi = means[min(n - 1, int((1 - alpha / 2) * n))]
    return lo, hi


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile, ``q`` in [0, 100]."""
    if not values:
        return float("nan")
    s = sorted(values)
    pos = (len(s) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)

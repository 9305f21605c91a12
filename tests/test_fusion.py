from __future__ import annotations

import pytest

from qa.fusion import minmax, overlap, rrf, shingles, suppress_near_duplicates, weighted


def test_rrf_matches_hand_computed_scores():
    a = [(1, 9.0), (2, 8.0), (3, 7.0)]
    b = [(3, 0.9), (1, 0.5)]
    fused = dict(rrf([a, b], k=60))
    assert fused[1] == pytest.approx(1 / 61 + 1 / 62)
    assert fused[2] == pytest.approx(1 / 62)
    assert fused[3] == pytest.approx(1 / 63 + 1 / 61)
    assert [d for d, _ in rrf([a, b], k=60)] == [1, 3, 2]


def test_rrf_weights_and_validation():
    a, b = [(1, 1.0)], [(2, 1.0)]
    assert [d for d, _ in rrf([a, b], k=0, weights=[1.0, 2.0])] == [2, 1]
    with pytest.raises(ValueError, match="weights"):
        rrf([a, b], weights=[1.0])


def test_weighted_fusion_of_minmax_scores():
    a = [(1, 10.0), (2, 5.0), (3, 0.0)]   # -> 1.0, 0.5, 0.0
    b = [(2, 0.8), (3, 0.4)]              # -> 1.0, 0.0
    assert minmax(a) == {1: 1.0, 2: 0.5, 3: 0.0}
    fused = dict(weighted([a, b], [1.0, 0.5]))
    assert fused == pytest.approx({1: 1.0, 2: 1.0, 3: 0.0})
    assert [d for d, _ in weighted([a, b], [1.0, 0.5])] == [1, 2, 3]  # tie broken by row id


def test_near_duplicates_are_suppressed():
    texts = [
        "The CIO is an expert in managing internal operations and technology-related business initiatives.",
        "The CIO is an expert in managing internal operations and technology related business initiatives!",
        "The CTO manages websites and develops apps.",
    ]
    ranking = [(0, 0.9), (1, 0.8), (2, 0.7)]
    assert [d for d, _ in suppress_near_duplicates(ranking, lambda i: shingles(texts[i]), k=3)] == [0, 2]
    assert overlap(shingles(texts[0]), shingles(texts[2])) < 0.2

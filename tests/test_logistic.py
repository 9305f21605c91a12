"""The two small models, against hand-built data."""
from __future__ import annotations

import numpy as np
import pytest

from qa.logistic import LogisticModel, fit, fit_conditional, softmax_scores


def test_conditional_logit_learns_which_candidate_of_each_group_is_the_answer():
    rng = np.random.default_rng(1)
    X, y, g = [], [], []
    for q in range(40):  # 6 candidates a question; the answer has the highest first feature
        feats = rng.normal(size=(6, 2))
        best = int(np.argmax(feats[:, 0]))
        feats[:, 1] += 5.0 * q  # a group-level shift that must not matter
        X += list(feats)
        y += [float(i == best) for i in range(6)]
        g += [q] * 6
    model = fit_conditional(np.array(X), np.array(y), np.array(g), ("signal", "shift"))
    assert model.weights[0] > 1.0 and abs(model.weights[1]) < 0.5 * model.weights[0]
    probs = softmax_scores(model, np.array([[2.0, 0.0], [0.0, 0.0], [-1.0, 0.0]]))
    assert probs.sum() == pytest.approx(1.0) and probs.argmax() == 0


def test_groups_without_an_answer_are_ignored_and_shapes_checked():
    X = np.array([[1.0], [0.0], [5.0], [4.0]])
    model = fit_conditional(X, np.array([1.0, 0.0, 0.0, 0.0]), np.array([0, 0, 1, 1]), ("a",))
    assert model.weights[0] > 0  # group 1 (no positive) did not pull the weight
    with pytest.raises(ValueError, match="X must be"):
        fit_conditional(X, np.zeros(3), np.zeros(4), ("a",))
    with pytest.raises(ValueError, match="needs 2 weights"):
        LogisticModel(("a", "b"), (1.0,), 0.0, (0.0,), (1.0,))


def test_weighted_groups_count_by_their_weight():
    """``weights`` say how much a group's likelihood counts (the selector's synthetic questions weigh
    less than dev's): a group at 0 changes nothing, all at 1 is the unweighted fit, and groups that
    disagree pull the weight towards the heavier one."""
    X = np.array([[1.0], [0.0], [0.0], [1.0], [2.0], [0.5]])
    y = np.array([1.0, 0.0, 1.0, 0.0, 1.0, 0.0])
    g = np.array([0, 0, 1, 1, 2, 2])  # groups 0 and 2: the higher value answers; group 1: the lower
    plain = fit_conditional(X, y, g, ("a",))
    assert fit_conditional(X, y, g, ("a",), weights=np.ones(6)).weights == pytest.approx(plain.weights)
    without_1 = fit_conditional(X[[0, 1, 4, 5]], y[[0, 1, 4, 5]], g[[0, 1, 4, 5]], ("a",))
    zero_1 = fit_conditional(X, y, g, ("a",), weights=np.array([1, 1, 0, 0, 1, 1.0]))
    assert zero_1.weights[0] > plain.weights[0] > 0
    heavy_1 = fit_conditional(X, y, g, ("a",), weights=np.array([0.1, 0.1, 3, 3, 0.1, 0.1]))
    assert heavy_1.weights[0] < 0  # group 1 outweighs the two others
    with pytest.raises(ValueError, match="weights must be 6 finite numbers"):
        fit_conditional(X, y, g, ("a",), weights=np.ones(5))
    for bad in (-np.ones(6), np.array([1, 1, np.nan, np.nan, 1, 1])):
        with pytest.raises(ValueError, match="weights must be"):
            fit_conditional(X, y, g, ("a",), weights=bad)
    with pytest.raises(ValueError, match="same for every row of a group"):
        fit_conditional(X, y, g, ("a",), weights=np.array([1, 0, 1, 1, 1, 1.0]))
    with pytest.raises(ValueError, match="nothing to fit"):
        fit_conditional(X, y, g, ("a",), weights=np.zeros(6))
    assert without_1.weights[0] > plain.weights[0]


def test_logistic_fit_matches_a_separable_problem():
    X = np.array([[0.0], [0.1], [0.9], [1.0]])
    m = fit(X, np.array([0.0, 0.0, 1.0, 1.0]), ("x",))
    p = m.probability(X)
    assert p[0] < 0.5 < p[3] and list(np.argsort(p)) == [0, 1, 2, 3]

from __future__ import annotations

import numpy as np

from qa.abstention import FEATURES, Abstainer, features, fit


def test_fit_separates_in_scope_from_out_of_scope():
    rng = np.random.default_rng(0)
    inside = rng.normal([0.85, 0.02, 0.8, 0.8, 0.0, 0.5], 0.02, size=(40, 6))
    outside = rng.normal([0.78, 0.03, 0.2, 0.1, 1.0, 0.0], 0.02, size=(10, 6))
    model = fit(np.vstack([inside, outside]), np.array([1.0] * 40 + [0.0] * 10))
    assert all(model.probability(x) > 0.5 for x in inside)
    assert all(model.probability(x) < 0.5 for x in outside)


def test_shipped_calibration_loads_and_names_its_features():
    model = Abstainer.default()
    assert len(model.weights) == len(FEATURES) and 0 < model.threshold < 1


def test_features_of_a_question(tiny_engine):
    ctx = tiny_engine.context("CTO salary 2021")
    x = features(tiny_engine, ctx)
    assert x.shape == (len(FEATURES),)
    assert x[FEATURES.index("coverage")] == 1.0  # every term occurs in the corpus
    ctx = tiny_engine.context("What does a CFO earn")
    assert features(tiny_engine, ctx)[FEATURES.index("unknown_name")] == 1.0

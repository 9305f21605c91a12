"""Decide when the articles do not answer a question.

One score threshold on one model does not separate in-scope from out-of-scope
questions (their ranges overlap), so a small logistic model combines signals:

* ``e5_top``: best multilingual-e5 cosine (cross-lingual semantic match);
* ``dense_top``: best cosine of the sentence-transformers model;
* ``coverage``: share of the question's content terms found anywhere in the corpus;
* ``bm25_top``: best BM25 score per query term (lexical evidence in one passage).

Weights are fitted on the benchmark's questions by ``python -m qa calibrate`` and
stored in ``qa/abstention.json`` (plain JSON).
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from qa.retrieval import Engine, QueryContext

logger = logging.getLogger(__name__)

FEATURES = ("e5_top", "dense_top", "coverage", "bm25_top")
PARAMS_FILE = Path(__file__).with_name("abstention.json")


def features(engine: "Engine", ctx: "QueryContext") -> np.ndarray:
    """The feature vector of one question (order: ``FEATURES``)."""
    out = []
    for key in ("e5", "dense"):
        retr = engine.retrievers.get(key)
        if retr is None:
            out.append(0.0)
            continue
        vec = retr.vector(ctx)
        index = engine.store.dense[key]
        scores, _ = index.search(vec, 1)
        out.append(float(scores[0][0]))
    terms = ctx.terms
    vocab = engine.store.bm25.vocab
    coverage = sum(t in vocab for t in terms) / len(terms) if terms else 0.0
    bm25_top = float(engine.store.bm25.scores(terms).max()) / max(len(terms), 1) if terms else 0.0
    out += [coverage, bm25_top]
    return np.asarray(out, dtype=np.float64)


@dataclass(frozen=True)
class Abstainer:
    """Logistic model over ``FEATURES``; abstains when P(in scope) < threshold."""

    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    std: tuple[float, ...]
    threshold: float = 0.5

    @classmethod
    def default(cls) -> "Abstainer":
        if PARAMS_FILE.exists():
            d = json.loads(PARAMS_FILE.read_text(encoding="utf-8"))
            return cls(tuple(d["weights"]), float(d["bias"]), tuple(d["mean"]), tuple(d["std"]), float(d["threshold"]))
        logger.warning("%s missing; abstention uses uncalibrated weights", PARAMS_FILE)
        return cls((1.0, 0.5, 1.0, 0.5), 0.0, (0.82, 0.4, 0.6, 1.0), (0.05, 0.15, 0.3, 0.8))

    def probability(self, x: np.ndarray) -> float:
        z = (np.asarray(x) - np.asarray(self.mean)) / np.asarray(self.std)
        return float(1.0 / (1.0 + np.exp(-(z @ np.asarray(self.weights) + self.bias))))

    def decide(self, engine: "Engine", ctx: "QueryContext") -> tuple[bool, float]:
        p = self.probability(features(engine, ctx))
        return p < self.threshold, p

    def to_json(self) -> dict:
        return {"features": list(FEATURES), "weights": list(self.weights), "bias": self.bias,
                "mean": list(self.mean), "std": list(self.std), "threshold": self.threshold}


def fit(X: np.ndarray, y: np.ndarray, l2: float = 0.1, steps: int = 3000, lr: float = 0.1) -> Abstainer:
    """Fit the logistic model (y=1 in scope) by gradient descent on standardised features."""
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    mean, std = X.mean(0), X.std(0) + 1e-9
    Z = (X - mean) / std
    w = np.zeros(Z.shape[1])
    b = 0.0
    # Balance classes: out-of-scope questions are fewer but matter as much.
    pos = max(y.mean(), 1e-9)
    sw = np.where(y == 1, 0.5 / pos, 0.5 / max(1 - pos, 1e-9))
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(Z @ w + b)))
        g = (p - y) * sw
        w -= lr * (Z.T @ g / len(y) + l2 * w)
        b -= lr * g.mean()
    return Abstainer(tuple(w.tolist()), float(b), tuple(mean.tolist()), tuple(std.tolist()))

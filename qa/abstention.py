"""Decide when the articles do not answer a question.

One score threshold on one model does not separate in-scope from out-of-scope
questions (their ranges overlap), so a small logistic model combines signals:

* ``e5_top``: best multilingual-e5 cosine (cross-lingual semantic match);
* ``e5_gap``: how far the best passage stands above the tenth (a peaked ranking);
* ``coverage``: share of the question's content terms found anywhere in the corpus;
* ``bm25_top``: best BM25 score per query term (lexical evidence in one passage);
* ``unknown_name``: the question names an acronym the corpus never mentions (CFO, COO...);
* ``bigram_coverage``: share of adjacent term pairs ("chief financ") seen in the corpus.

Weights are fitted on the benchmark's questions by ``python -m qa calibrate`` and
stored in ``qa/abstention.json`` (plain JSON).
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from qa.retrieval import Engine, QueryContext

logger = logging.getLogger(__name__)

FEATURES = ("e5_top", "e5_gap", "coverage", "bm25_top", "unknown_name", "bigram_coverage")
PARAMS_FILE = Path(__file__).with_name("abstention.json")


def features(engine: "Engine", ctx: "QueryContext") -> np.ndarray:
    """The feature vector of one question (order: ``FEATURES``)."""
    out = [0.0, 0.0]
    retr = engine.retrievers.get("e5")
    if retr is not None:
        index = engine.store.dense["e5"]
        depth = min(10, index.ntotal)
        top = ctx.dense_scores.get("e5")  # the ranking step's search, when it ran one
        if top is None or len(top) < depth:
            scores, ids = index.search(retr.vector(ctx), depth)
            top = scores[0][ids[0] >= 0]
        top = top[:depth]
        if len(top):
            out = [float(top[0]), float(top[0] - top[-1])]
    terms = ctx.terms
    vocab = engine.store.bm25.vocab
    coverage = sum(t in vocab for t in terms) / len(terms) if terms else 0.0
    bm25_top = float(ctx.bm25(engine.store.bm25).max()) / max(len(terms), 1) if terms else 0.0
    acronyms = re.findall(r"\b[A-ZÄÖÜ]{2,}s?\b", ctx.question)
    unknown = float(any(a.rstrip("s").lower() not in vocab for a in acronyms))
    pairs = list(zip(terms, terms[1:]))
    bigrams = engine.corpus_bigrams()
    bigram_cov = sum(p in bigrams for p in pairs) / len(pairs) if pairs else coverage
    out += [coverage, bm25_top, unknown, bigram_cov]
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
        return cls((1.0, -0.3, 1.0, 0.3, -1.0, 0.5), 0.0, (0.82, 0.03, 0.6, 0.6, 0.1, 0.4), (0.05, 0.02, 0.3, 0.5, 0.3, 0.3))

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

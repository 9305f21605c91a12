"""A small logistic-regression model in NumPy: fitted on standardised features, saved as JSON.

Used by the answer selector and by abstention. Chosen over gradient boosting because the
training sets are small (hundreds to a few thousand rows), the features few and roughly
monotone, and the model must load from plain JSON with no pickle; its weights are readable.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LogisticModel:
    """``P(y=1 | x) = sigmoid(((x - mean) / std) @ weights + bias)``."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    std: tuple[float, ...]

    def __post_init__(self) -> None:
        n = len(self.features)
        if not (len(self.weights) == len(self.mean) == len(self.std) == n):
            raise ValueError(f"a model of {n} features needs {n} weights, means and stds; got "
                             f"{len(self.weights)}, {len(self.mean)}, {len(self.std)}")

    def probability(self, X: np.ndarray) -> np.ndarray:
        """P(y=1) for each row of ``X`` (shape ``(n, len(features))`` or one row)."""
        X = np.asarray(X, dtype=np.float64)
        z = (X - np.asarray(self.mean)) / np.asarray(self.std)
        return 1.0 / (1.0 + np.exp(-(z @ np.asarray(self.weights) + self.bias)))

    def to_json(self) -> dict:
        return {"features": list(self.features), "weights": list(self.weights), "bias": self.bias,
                "mean": list(self.mean), "std": list(self.std)}

    @classmethod
    def from_json(cls, d: dict, expected: tuple[str, ...]) -> "LogisticModel":
        """Parse a saved model; raises ValueError when its features are not ``expected``."""
        feats = tuple(d.get("features", ()))
        if feats != tuple(expected):
            raise ValueError(f"saved model has features {list(feats)}, expected {list(expected)}")
        return cls(feats, tuple(float(w) for w in d["weights"]), float(d["bias"]),
                   tuple(float(m) for m in d["mean"]), tuple(float(s) for s in d["std"]))


def fit(X: np.ndarray, y: np.ndarray, features: tuple[str, ...], l2: float = 0.1, steps: int = 3000,
        lr: float = 0.1, balance: bool = True) -> LogisticModel:
    """Fit by gradient descent on standardised features.

    Args:
        balance: weight the classes equally (the rarer class matters as much).
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != len(features) or len(X) != len(y):
        raise ValueError(f"X must be (n, {len(features)}) with n = len(y); got {X.shape} and {len(y)}")
    mean, std = X.mean(0), X.std(0) + 1e-9
    Z = (X - mean) / std
    w = np.zeros(Z.shape[1])
    b = 0.0
    pos = min(max(y.mean(), 1e-9), 1 - 1e-9)
    sw = np.where(y == 1, 0.5 / pos, 0.5 / (1 - pos)) if balance else np.ones(len(y))
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(Z @ w + b)))
        g = (p - y) * sw
        w -= lr * (Z.T @ g / len(y) + l2 * w)
        b -= lr * g.mean()
    return LogisticModel(tuple(features), tuple(w.tolist()), float(b), tuple(mean.tolist()), tuple(std.tolist()))


def fit_conditional(X: np.ndarray, y: np.ndarray, groups: np.ndarray, features: tuple[str, ...],
                    l2: float = 0.001, steps: int = 2000, lr: float = 0.2,
                    weights: np.ndarray | None = None) -> LogisticModel:
    """Fit a conditional (listwise) logit: within each group, ``softmax(x @ w)`` is the
    probability that a row is the group's answer; maximises the likelihood of the positives.

    Used for the answer selector, where what matters is which candidate of one question is
    best, not a calibrated yes/no per sentence. Groups without a positive carry no signal
    and are left out. The returned model's ``bias`` is 0; rank or softmax its scores.

    Args:
        weights: one weight per row, the same for every row of a group: how much that group's
            likelihood counts (default 1 each; the synthetic questions' rows weigh less than dev's).
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    groups = np.asarray(groups)
    if X.ndim != 2 or X.shape[1] != len(features) or not (len(X) == len(y) == len(groups)):
        raise ValueError(f"X must be (n, {len(features)}) with n = len(y) = len(groups); got {X.shape}, {len(y)}, {len(groups)}")
    rw = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=np.float64)
    if rw.shape != y.shape or not np.isfinite(rw).all() or (rw < 0).any():
        raise ValueError(f"weights must be {len(y)} finite numbers >= 0, one per row; got shape {rw.shape}")
    mean, std = X.mean(0), X.std(0) + 1e-9
    order = np.argsort(groups, kind="stable")
    Z, y, g, rw = (X[order] - mean) / std, y[order], groups[order], rw[order]
    uniq, starts = np.unique(g, return_index=True)
    keep = (np.maximum.reduceat(y, starts) > 0)[np.searchsorted(uniq, g)]
    Z, y, g, rw = Z[keep], y[keep], g[keep], rw[keep]
    w = np.zeros(Z.shape[1])
    if not len(y):
        return LogisticModel(tuple(features), tuple(w.tolist()), 0.0, tuple(mean.tolist()), tuple(std.tolist()))
    uniq, starts = np.unique(g, return_index=True)
    gid = np.searchsorted(uniq, g)
    if (rw != rw[starts][gid]).any():
        raise ValueError("weights must be the same for every row of a group")
    total = rw[starts].sum()  # the groups' weights (len(uniq) when every weight is 1)
    if total <= 0:
        raise ValueError("weights are 0 for every group that has an answer: nothing to fit")
    for _ in range(steps):
        s = Z @ w
        e = np.exp(s - np.maximum.reduceat(s, starts)[gid])
        p = e / np.add.reduceat(e, starts)[gid]
        ep = e * y
        ppos = ep / np.add.reduceat(ep, starts)[gid]
        w += lr * (Z.T @ (rw * (ppos - p)) / total - l2 * w)
    return LogisticModel(tuple(features), tuple(w.tolist()), 0.0, tuple(mean.tolist()), tuple(std.tolist()))


def softmax_scores(model: LogisticModel, X: np.ndarray) -> np.ndarray:
    """Within-group probabilities of a conditional model for one group's rows."""
    X = np.asarray(X, dtype=np.float64)
    s = ((X - np.asarray(model.mean)) / np.asarray(model.std)) @ np.asarray(model.weights)
    e = np.exp(s - s.max())
    return e / e.sum()


def warn_if_fitted_elsewhere(path: Path, fitted: object, index_model: str | None, what: str) -> None:
    """Warn when a calibration file (read already) says it was fitted with another e5 model than the index's."""
    if fitted and index_model and fitted != index_model:
        logger.warning("%s was fitted with %s, the index uses %s: %s follow another model's scores. "
                       "Run `python -m qa calibrate`", path.name, fitted, index_model, what)

"""A small logistic-regression model in NumPy: fitted on standardised features, saved as JSON.

Used by the answer selector and by abstention. Chosen over gradient boosting because the
training sets are small (hundreds to a few thousand rows), the features few and roughly
monotone, and the model must load from plain JSON with no pickle; its weights are readable.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


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

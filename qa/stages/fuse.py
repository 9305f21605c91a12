"""Joins the retrievers' rankings into one (RRF or weighted min-max), like Haystack's DocumentJoiner."""
from __future__ import annotations

from qa.fusion import FUSION_METHODS, rrf, weighted
from qa.stages.base import QueryState, Stage


class Fuse(Stage):
    """Fuses ``state.rankings`` of the named ``parts`` into ``state.ranking``."""

    name = "fuse"

    def __init__(self, parts: list[str], method: str = "weighted", weights: list[float] | None = None,
                 k: int = 60) -> None:
        if method not in FUSION_METHODS:
            raise ValueError(f"unknown fusion method {method!r}; valid choices: {', '.join(FUSION_METHODS)}")
        self.parts, self.method, self.k = list(parts), method, k
        self.weights = list(weights) if weights is not None else [1.0] * len(parts)
        if len(self.weights) != len(self.parts):
            raise ValueError(f"{len(self.weights)} weights for {len(self.parts)} parts")

    def run(self, state: QueryState) -> None:
        rankings = [state.rankings[p] for p in self.parts]
        if len(rankings) == 1:
            state.ranking = list(rankings[0])
        elif self.method == "rrf":
            state.ranking = rrf(rankings, self.k, self.weights)
        else:
            state.ranking = weighted(rankings, self.weights)

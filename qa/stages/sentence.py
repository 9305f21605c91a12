"""Sentence-level dense retrieval: a chunk scores as its best-matching sentence."""
from __future__ import annotations

import numpy as np

from qa.stages.base import QueryState, Resources, Stage


class SentenceRetriever(Stage):
    """Scores every sentence of the index with the e5 query vector; a chunk takes its
    best sentence's cosine (plus the cross-lingual ``offset`` or ``language_offsets``, as for passages).

    Finds passages whose one relevant sentence is drowned by the rest of the passage
    (short keyword queries, paraphrases of one fact).
    """

    retriever = True

    name = "e5_sent"

    def __init__(self, res: Resources, offset: float = 0.0, depth: int | None = None,
                 language_offsets: dict[str, float] | None = None) -> None:
        table = res.store.sentences
        if table.vectors.shape[1] == 0 or "e5" not in res.embedders:
            raise ValueError("this index has no sentence vectors; rebuild it with `python -m qa build`")
        self._table = table
        self._embedder = res.embedders["e5"]
        self._n_chunks = len(res.store.chunks)
        self.offset = offset
        self.language_offsets = dict(language_offsets or {})
        self.depth = depth or res.settings.candidates
        self._langs = np.array([c.lang for c in res.store.chunks])
        self._adapter = res.adapter

    def run(self, state: QueryState) -> None:
        vec = state.adapted_vector("e5", self._embedder, self._adapter)[0]
        sims = self._table.vectors @ vec
        state.raw_scores.setdefault("e5_sent", sims)
        best = np.full(self._n_chunks, -np.inf)
        np.maximum.at(best, self._table.rows, sims)
        offset = self.language_offsets.get(state.lang, self.offset)
        if offset:
            best = best + offset * (self._langs != state.lang)
        order = np.argsort(-best, kind="stable")[: self.depth]
        state.rankings[self.name] = [(int(i), float(best[i])) for i in order if np.isfinite(best[i])]

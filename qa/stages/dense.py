"""Dense retrieval with one embedding model over the FAISS index of chunks."""
from __future__ import annotations

import numpy as np

from qa.stages.base import QueryState, Resources, Stage


class DenseRetriever(Stage):
    """FAISS search with the model of index key ``key`` (``e5`` or ``dense``).

    ``offset`` is added to the cosine of passages written in another language than the
    question: multilingual models score same-language pairs systematically higher, which
    buries the only answer when it is in another language. ``language_offsets`` replaces it
    for questions in the languages it names (the bias is not the same for every language).
    """

    retriever = True

    def __init__(self, res: Resources, key: str, offset: float = 0.0, depth: int | None = None,
                 language_offsets: dict[str, float] | None = None) -> None:
        if key not in res.store.dense or key not in res.embedders:
            raise ValueError(f"dense key {key!r} is not in this index; valid: {', '.join(res.store.dense)}")
        self.name = key
        self.key = key
        self._index = res.store.dense[key]
        self._embedder = res.embedders[key]
        self.offset = offset
        self.language_offsets = dict(language_offsets or {})
        self.depth = depth or res.settings.candidates
        self._langs = np.array([c.lang for c in res.store.chunks])
        self._adapter = res.adapter if key == "e5" else None

    def run(self, state: QueryState) -> None:
        vec = state.adapted_vector(self.key, self._embedder, self._adapter)
        offset = self.language_offsets.get(state.lang, self.offset)
        depth = self.depth * 4 if offset else self.depth  # other-language passages start lower
        # Abstention reads the plain question's top cosines: with an adapter, the plain vector is searched
        # in the same call (one FAISS search, not a second one in the abstain stage).
        plain = state.vector(self.key, self._embedder) if self._adapter is not None else None
        queries = vec if plain is None else np.vstack([vec, plain])
        all_scores, all_ids = self._index.search(queries, min(depth, self._index.ntotal))
        keep = all_ids[0] >= 0  # FAISS pads with -1 when the index holds fewer than `depth`
        ids, scores = all_ids[0][keep], all_scores[0][keep].astype(np.float64)
        raw = scores if plain is None else all_scores[1][all_ids[1] >= 0].astype(np.float64)
        state.raw_scores.setdefault(self.key, raw)  # abstention's evidence, not searched again
        if offset and len(ids):
            scores = scores + offset * (self._langs[ids] != state.lang)
            order = np.argsort(-scores, kind="stable")
            ids, scores = ids[order][: self.depth], scores[order][: self.depth]
        state.rankings[self.name] = [(int(i), float(s)) for i, s in zip(ids, scores)]

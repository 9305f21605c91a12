"""BM25 across languages through the domain glossary (``qa.glossary``): ``hybrid``'s BM25 part.

A passage in the question's language scores plain BM25. For a passage in another language, every
concept the question's words name (in its language) lends its words in the passage's languages: the
passage scores the BM25 of the question's own terms (names, acronyms and numbers match in any
language) plus, per concept, its best-scoring synonym (a concept with many synonyms counts once).
Both kinds of passage are on one BM25 scale, so they compete in one ranking.

Dev (209 in-scope questions; docs/experiments/glossary_bm25.py): R@5 0.876 -> 0.885, MRR@10
0.714 -> 0.787, answer@1 0.665 -> 0.694 at weight 1.5 in place of plain BM25 at 0.6 (plain BM25 at
1.5: 0.852 / 0.701 / 0.651); cross-lingual R@5 0.87 -> 0.97, plain-words 0.67 -> 0.54.
"""
from __future__ import annotations

import numpy as np

from qa.glossary import Glossary, load_glossary
from qa.stages.base import QueryState, Resources, Stage


class GlossBM25Retriever(Stage):
    """BM25 of the question in its language, and of its translation through the glossary in the others."""

    name = "bm25_gloss"
    retriever = True

    def __init__(self, res: Resources, depth: int | None = None, glossary: Glossary | None = None) -> None:
        self._bm25 = res.store.bm25
        self._glossary = glossary if glossary is not None else load_glossary()
        self._langs = np.array([c.lang for c in res.store.chunks])
        self.depth = depth or res.settings.candidates
        self._cache: dict[tuple[str, ...], np.ndarray] = {}

    def _scores(self, terms: tuple[str, ...]) -> np.ndarray:
        if terms not in self._cache:
            if len(self._cache) > 4096:  # bounded: question words are unbounded
                self._cache.clear()
            self._cache[terms] = self._bm25.scores(list(terms))
        return self._cache[terms]

    def run(self, state: QueryState) -> None:
        concepts = self._glossary.translations_of(state.named_concepts(self._glossary), state.lang)
        plain = state.bm25(self._bm25).astype(np.float64)
        scores = plain.copy()
        for synonyms in concepts:
            scores = scores + np.max([self._scores(s) for s in synonyms], axis=0)
        same = self._langs == state.lang
        scores[same] = plain[same]
        order = np.argsort(-scores, kind="stable")[: self.depth]
        state.rankings[self.name] = [(int(i), float(scores[i])) for i in order if scores[i] > 0]

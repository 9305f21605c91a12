"""Language-diverse top k: the best passage in another language may enter the top k.

Multilingual e5 ranks the right passage of another language first or second among its
own language's passages, but below passages in the question's language. When the best
other-language passage's fused score is within ``margin`` of the k-th passage's, it takes
the k-th place (the margin is fitted on the dev questions; 0 turns this off).
"""
from __future__ import annotations

from qa.stages.base import QueryState, Resources, Stage


class LanguageDiversity(Stage):
    name = "diversity"

    def __init__(self, res: Resources, margin: float | None = None) -> None:
        self._langs = [c.lang for c in res.store.chunks]
        self.margin = res.settings.diversity_margin if margin is None else margin

    def run(self, state: QueryState) -> None:
        if self.margin <= 0 or not state.hits:
            return
        shown = {self._langs[r] for r, _ in state.hits}
        kth = state.hits[-1][1]
        taken = {r for r, _ in state.hits}
        for row, score in state.ranking:
            lang = self._langs[row]
            if lang in shown or row in taken:
                continue
            if score >= kth - self.margin and len(state.hits) >= state.k:
                state.hits = state.hits[:-1] + [(row, score)]
                shown.add(lang)
                break

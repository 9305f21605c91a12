"""Language-diverse top k: the best passage in another language may enter the top k.

Multilingual e5 ranks the right passage of another language first or second among its
own language's passages, but below passages in the question's language. When the first
``TOP`` passages are all in one language and the best passage in another language
scores within ``margin`` of the n-th, it takes the n-th place and the rest move down (the
margin is chosen on the dev questions by ``qa tune``; 0 turns this off).
"""
from __future__ import annotations

from qa.stages.base import QueryState, Resources, Stage

# The first passages that must not all be in one language: the five a default answer shows (and
# the answer selector read until 2026-11-27, when ``select_passages`` went from 5 to 7; kept at 5
# so that the margin ``qa tune`` chose keeps its meaning).
TOP = 5


class LanguageDiversity(Stage):
    name = "diversity"

    def __init__(self, res: Resources, margin: float | None = None) -> None:
        self._langs = [c.lang for c in res.store.chunks]
        self.margin = res.settings.diversity_margin if margin is None else margin
        self._top = TOP

    def run(self, state: QueryState) -> None:
        # The first TOP of the passages the selector reads, whatever k: so the answer does not depend on k.
        n = min(len(state.hits), self._top)
        if self.margin <= 0 or n < 2:
            return
        langs = {self._langs[r] for r, _ in state.hits[:n]}
        if len(langs) > 1:
            return
        nth = state.hits[n - 1][1]
        for row, score in state.ranking:
            if self._langs[row] in langs:
                continue
            if score >= nth - self.margin:
                rest = [h for h in state.hits if h[0] != row]
                state.hits = (rest[: n - 1] + [(row, score)] + rest[n - 1:])[: len(state.hits)]
            break

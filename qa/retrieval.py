"""The Engine: a loaded index and models, answering questions through the stage pipeline.

The CLI, the UI and the benchmark all go through ``Engine.ask``: it validates the
question, runs the named retriever's pipeline (``qa.stages``: retrieve -> fuse -> dedup
-> diversity -> select -> abstain) and returns one ``Answer``.
"""
from __future__ import annotations

import logging
import math
import re
import time
from pathlib import Path

from qa.corpus import load_corpus
from qa.embedding import Embedder, LazyEmbedder
from qa.glossary import load_glossary
from qa.index import IndexStore
from qa.language import analyze, foreign_language
from qa.languages import LANGUAGES
from qa.lexical import query_terms
from qa.question import clean_question, unshout
from qa.settings import Settings
from qa.small_talk import small_talk, without_small_talk
from qa.sparse import LazySparseEncoder, SparseEncoder, shared_encoder
from qa.stages import RETRIEVERS, Pipeline, Resources, build_pipeline
from qa.stages.base import QueryState
from qa.threads import limit_blas_threads
from qa.types import Answer, Article, Hit

logger = logging.getLogger(__name__)
_ACRONYM_RE = re.compile(r"\b[A-Z]{2,}\b")

DEFAULT_RETRIEVER = Settings().retriever
QueryContext = QueryState  # the name used before the pipeline had stages


def check_retriever(name: object, available: list[str] | None = None) -> str:
    """``name`` if it is a known (or, given ``available``, a usable) retriever, else ValueError
    naming the valid ones. The one check the CLI, the UI and the API share."""
    valid = list(available) if available is not None else list(RETRIEVERS)
    if not isinstance(name, str) or name not in valid:
        raise ValueError(f"unknown retriever {name!r}; valid choices: {', '.join(valid)}")
    return name


def check_k(k: object, k_max: int) -> int:
    """``k`` as an int in [1, k_max], else ValueError naming the range."""
    if isinstance(k, bool) or not isinstance(k, (int, float)) or (isinstance(k, float) and not math.isfinite(k)) \
            or k != int(k) or not 1 <= int(k) <= k_max:
        raise ValueError(f"k={k!r} must be a whole number from 1 to {k_max}")
    return int(k)


def _sparse_encoder(store: IndexStore, given: SparseEncoder | None, eager: bool = True) -> SparseEncoder | None:
    """The encoder for the index's sparse vectors: ``given``, else the process's one for the
    model the manifest names; None (with one warning) when there is none that fits. Not ``eager``
    (the default retriever reads no sparse vectors), a :class:`LazySparseEncoder` that loads the
    model when a retriever first asks for a pass."""
    if store.sparse is None:
        return None
    meta = store.manifest["sparse"]
    if given is None and not eager:
        return LazySparseEncoder(meta["model"], store.sparse.dim, meta.get("top_k"))
    encoder = given
    if encoder is None:
        try:
            encoder = shared_encoder(meta["model"])
        except (ValueError, RuntimeError, OSError, ImportError) as exc:
            logger.warning("cannot load the sparse encoder of the index in %s (%s); `hybrid` answers without its "
                           "sparse part", store.directory, exc)
            return None
    if encoder.name != meta["model"] or encoder.dim != store.sparse.dim or encoder.top_k != meta.get("top_k"):
        logger.warning("the sparse vectors in %s were made by %s (%d features, top %s), not by the loaded %s (%d, "
                       "top %d); `hybrid` answers without its sparse part until `python -m qa build`", store.directory,
                       meta["model"], store.sparse.dim, meta.get("top_k"), encoder.name, encoder.dim, encoder.top_k)
        return None
    return encoder


def _query_adapter(store: IndexStore, embedders: dict[str, Embedder]):
    """The e5 query adapter fitted for this index's e5 model and articles, or None."""
    from qa.adapter import load_adapter  # here: qa.embedding sets the thread policy before numpy loads

    meta = store.manifest.get("dense", {}).get("e5")
    if meta is None or "e5" not in embedders:
        return None
    return load_adapter(meta["model"], store.manifest.get("corpus"), int(meta["dim"]))


class Engine:
    """Loaded index + models; answers questions. Safe to share between threads."""

    def __init__(self, store: IndexStore, articles: list[Article], embedders: dict[str, Embedder],
                 default: str | None = None, settings: Settings | None = None,
                 sparse_encoder: SparseEncoder | None = None) -> None:
        settings = settings or Settings()
        if default:
            settings = settings.with_overrides(retriever=check_retriever(default))
        check_retriever(settings.retriever)
        self.settings = settings
        self.store = store
        self.articles = {a.doc_id: a for a in articles}
        # What the articles write in capitals ("IT", "CEO", "HR"): kept when a question is shouted.
        self._acronyms = frozenset(w for c in store.chunks for w in _ACRONYM_RE.findall(c.text))
        self.embedders = embedders
        # The second model copy loads at start only when the default retriever reads sparse vectors.
        reads_sparse = bool({"sparse", "sparse_sent"} & set(RETRIEVERS[settings.retriever].parts))
        self.sparse_encoder = _sparse_encoder(store, sparse_encoder, eager=reads_sparse)
        self.default = settings.retriever
        self.adapter = _query_adapter(store, embedders) if settings.query_adapter else None
        res = Resources(store, self.articles, embedders, settings, self.sparse_encoder, self.adapter)
        have = set(store.dense) & set(embedders)
        shared: dict = {}
        self.retrievers: dict[str, Pipeline] = {}
        for name, spec in RETRIEVERS.items():
            if set(spec.needs()) <= have:
                self.retrievers[name] = build_pipeline(name, res, shared)
        if self.default not in self.retrievers:
            raise ValueError(f"retriever {self.default!r} needs index parts this index lacks; "
                             f"valid here: {', '.join(self.retrievers)}")

    @classmethod
    def load(cls, corpus_dir: str | Path, index_dir: str | Path, model: str | None = None,
             retriever: str | None = None, reuse: dict[str, Embedder] | None = None,
             settings: Settings | None = None, e5_model: str | None = None) -> "Engine":
        """Load corpus, index and the models the index was built with.

        Args:
            model: the sentence-transformers model for ``dense``; when given it must
                match the index (ModelMismatchError otherwise).
            e5_model: the multilingual model of ``hybrid``/``e5`` (a hub id or path);
                when given it must match the index, like ``model``.
            reuse: embedders already in memory (e.g. a previous Engine's), reused when
                their model and dimension match the index, so a reload loads no model.
        """
        articles = load_corpus(corpus_dir)
        wanted = {key: name for key, name in (("dense", model), ("e5", e5_model)) if name}
        store = IndexStore.load(index_dir, articles=articles, models=wanted or None)
        embedders: dict[str, Embedder] = {}
        for key, meta in store.manifest["dense"].items():
            old = (reuse or {}).get(key)
            if old is not None and old.name == meta["model"] and old.dim == int(meta["dim"]):
                embedders[key] = old
            else:
                embedders[key] = LazyEmbedder(meta["model"], int(meta["dim"]))
        engine = cls(store, articles, embedders, default=retriever, settings=settings)
        recorded = store.manifest.get("settings")
        if recorded is not None:
            changed = sorted(k for k, v in engine.settings.to_dict().items() if k in recorded and recorded[k] != v)
            if changed:  # allowed (a Space owner may tune), but the shipped calibration assumed the recorded ones
                logger.info("settings differ from those recorded in the index manifest: %s", ", ".join(changed))
        # Load what the default retriever, selection and abstention need now, not on the first question.
        for key in RETRIEVERS[engine.default].needs() + ("e5",):
            if hasattr(embedders.get(key), "load"):  # a reused, already loaded embedder may have no load()
                embedders[key].load()
        limit_blas_threads()  # numpy's BLAS pool would spin on the cores e5 needs (qa.threads)
        return engine

    def context(self, question: str, k: int = 5) -> QueryState:
        """A fresh state for an already cleaned question (an all-capitals one read in ordinary case)."""
        question = unshout(question, self._acronyms)
        foreign = foreign_language(question)
        if foreign:  # answered in English, with a note that only en/de/hu are read
            state = QueryState(question, "en", analyze(question, "en"), k)
            state.signals["foreign_language"] = foreign
            return state
        terms, lang = query_terms(question)
        keyword_lang = load_glossary().keyword_language(question, lang)
        if keyword_lang is not None and keyword_lang != lang:  # "Gehalt" is German, "cto fizetes" Hungarian
            terms, lang = query_terms(question, keyword_lang)
        return QueryState(question, lang, terms, k)

    def run(self, question: str, k: int = 5, retriever: str | None = None, small_talk_reply: bool = True,
            until: str | None = None) -> QueryState:
        """Validate, then run the pipeline; returns the final state (for benchmarks and calibration).

        ``small_talk_reply=False`` runs the pipeline on small talk as typed ("hello", "Hallo, wie geht es
        dir?"): calibration fits the abstention model on what it would see if the reply did not catch it.
        ``until`` stops after that stage: ``"diversity"`` gives the passages as fusion leaves them, before
        the answer selector orders them (``qa tune`` and the selector's training rows)."""
        name = check_retriever(retriever or self.default)
        if name not in self.retrievers:
            raise ValueError(f"retriever {name!r} needs components this index lacks; valid here: {', '.join(self.retrievers)}")
        k = check_k(k, self.settings.k_max)
        question = clean_question(question)
        talk = small_talk(question) if small_talk_reply else None
        if talk is not None:  # "hi", "Danke!": a short reply in its language, nothing retrieved
            kind, lang = talk
            state = QueryState(question, lang, [], k)
            state.abstained, state.confidence = True, 0.0
            state.reason = LANGUAGES[lang].ui[kind]
            state.signals["small_talk"] = kind  # type: ignore[assignment]
            return state
        state = self.context(without_small_talk(question) if small_talk_reply else question, k)
        return self.retrievers[name].run(state, until=until)

    def ask(self, question: str, k: int = 5, retriever: str | None = None) -> Answer:
        """Answer one question with up to ``k`` distinct cited passages and answer sentences.

        Raises:
            QuestionError: empty or over-long question.
            ValueError: unknown retriever or bad ``k``.
        """
        t0 = time.perf_counter()
        state = self.run(question, k, retriever)
        hits = tuple(Hit(self.store.chunks[row], float(score), rank)
                     for rank, (row, score) in enumerate(state.hits, start=1))
        state.timings["total"] = (time.perf_counter() - t0) * 1000
        return Answer(question=question, hits=hits, abstained=state.abstained, confidence=state.confidence,
                      lang=state.lang, timings_ms=dict(state.timings), sentences=tuple(state.sentences),
                      reason=state.reason, unsure=state.unsure,
                      skipped=tuple(state.skipped), small_talk=str(state.signals.get("small_talk") or ""))

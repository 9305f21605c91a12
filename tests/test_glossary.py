"""The trilingual domain glossary and the BM25 part that translates questions through it."""
from __future__ import annotations

import numpy as np
import pytest

from qa.glossary import GLOSSARY_FILE, Glossary, load_glossary
from qa.language import analyze
from qa.stages.base import QueryState
from qa.stages.gloss import GlossBM25Retriever

SMALL = ("concept\ten\tde\thu\n"
         "salary\tsalary|pay|earn\tGehalt|verdienen\tfizetés|keres\n"
         "reporting_line\treport to|reporting line\tberichten|unterstellt\tjelent|alá tartozik\n")


def test_a_concept_is_found_by_any_of_its_words_in_the_questions_language():
    g = Glossary.from_tsv(SMALL)
    assert [g.concepts[n].name for n in g.concepts_named(analyze("Wie viel verdient ein CTO?", "de"), "de")] == ["salary"]
    assert g.concepts_named(analyze("How much does a CTO earn?", "de"), "de") == []  # English words, read as German
    assert g.concepts_named(analyze("Was macht ein CTO?", "de"), "de") == []


def test_an_inflected_verb_matches_the_stem_of_its_base_form_but_a_longer_word_does_not():
    g = Glossary.from_tsv(SMALL)
    # Snowball: "verdienen" -> "verdi", "verdient" -> "verdient" (three letters more: an ending).
    assert g.concepts_named(analyze("verdient", "de"), "de") == [0]
    assert g.concepts_named(analyze("Mennyit keresnek?", "hu"), "hu") == [0]
    assert g.concepts_named(analyze("kereskedelmi cég", "hu"), "hu") == []  # "trade", not "earn"


def test_a_phrase_needs_all_its_words():
    g = Glossary.from_tsv(SMALL)
    assert [g.concepts[n].name for n in g.concepts_named(analyze("A CTO a CIO alá tartozik?", "hu"), "hu")] == ["reporting_line"]
    assert g.concepts_named(analyze("Mi tartozik a CTO feladatai közé?", "hu"), "hu") == []  # "tartozik" without "alá"


def test_translations_lend_the_other_languages_words_not_the_questions_own():
    g = Glossary.from_tsv(SMALL)
    (synonyms,) = g.translations(analyze("Mennyit keres egy CTO?", "hu"), "hu")
    assert ("salari",) in synonyms and ("gehalt",) in synonyms
    assert tuple(analyze("keres", "hu")) not in synonyms


@pytest.mark.parametrize("text, bad", [("concept\ten\tde\n", "header"),
                                       ("concept\ten\tde\thu\nsalary\tpay\tGehalt\n", "line 2")])
def test_a_malformed_glossary_is_refused_naming_what_is_wrong(text, bad):
    with pytest.raises(ValueError, match=bad):
        Glossary.from_tsv(text)


def test_the_shipped_glossary_loads_and_names_every_concept_in_all_three_languages():
    g = load_glossary(GLOSSARY_FILE)
    assert len(g.concepts) >= 150
    assert all(set(c.words) == {"en", "de", "hu"} for c in g.concepts), [c.name for c in g.concepts if len(c.words) < 3]


def _state(engine, question: str, lang: str) -> QueryState:
    return QueryState(question=question, lang=lang, terms=analyze(question, lang))


def test_a_hungarian_question_reaches_the_english_passage_through_the_glossary(tiny_engine):
    from qa.stages.base import Resources

    res = Resources(tiny_engine.store, tiny_engine.articles, tiny_engine.embedders, tiny_engine.settings)
    state = _state(tiny_engine, "Mennyit keres egy CTO?", "hu")
    plain = tiny_engine.store.bm25.scores(state.terms)
    stage = GlossBM25Retriever(res, glossary=Glossary.from_tsv(SMALL))
    stage.run(state)
    ranking = state.rankings["bm25_gloss"]
    first = tiny_engine.store.chunks[ranking[0][0]]
    assert first.lang == "en" and "salary" in first.text
    # The Hungarian passage keeps its plain BM25 ("CTO" only); without the glossary, the English salary
    # passage scores no more than any other passage naming the CTO.
    hu_rows = [i for i, c in enumerate(tiny_engine.store.chunks) if c.lang == "hu"]
    assert all(dict(ranking).get(i, 0.0) == pytest.approx(float(plain[i])) for i in hu_rows)
    en_salary = ranking[0][0]
    assert dict(ranking)[en_salary] > plain[en_salary]


def test_without_a_named_concept_the_part_is_plain_bm25(tiny_engine):
    from qa.stages.base import Resources

    res = Resources(tiny_engine.store, tiny_engine.articles, tiny_engine.embedders, tiny_engine.settings)
    state = _state(tiny_engine, "Was leitet der CTO?", "de")
    GlossBM25Retriever(res, glossary=Glossary.from_tsv(SMALL)).run(state)
    plain = tiny_engine.store.bm25.scores(state.terms)
    assert state.rankings["bm25_gloss"] == [(i, float(plain[i])) for i in np.argsort(-plain, kind="stable") if plain[i] > 0]


def test_hybrid_reads_bm25_through_the_glossary(tiny_engine):
    names = [s.name for s in tiny_engine.retrievers["hybrid"].stages]
    assert "bm25_gloss" in names and "bm25" not in names
    assert [s.name for s in tiny_engine.retrievers["bm25"].stages][:2] == ["expand", "bm25"]  # the baseline stays plain


@pytest.mark.parametrize("text, lang", [("Gehalt", "de"), ("Gehalt CTO", "de"), ("cto fizetes", "hu"), ("fizetés", "hu"),
                                        ("salary", "en")])
def test_a_keyword_query_takes_the_language_of_its_domain_words(text, lang):
    g = Glossary.from_tsv(SMALL)
    assert g.keyword_language(text) == lang


def test_longer_text_and_unknown_words_leave_the_language_to_the_detector():
    g = Glossary.from_tsv(SMALL)
    assert g.keyword_language("How much does a CIO earn in a year?") is None  # longer than a keyword query
    assert g.keyword_language("cio cto") is None  # no domain word
    assert g.keyword_language("pay Gehalt") is None  # one word of each: a tie
    assert g.keyword_language("Gehalt", detected="de") is None and g.keyword_language("Gehalt", detected="en") == "de"
    assert g.keyword_language("Gehalt earn", detected="en") is None  # the detected language has a domain word too


def test_the_engine_reads_a_german_keyword_as_german(tiny_engine):
    # "Gehalt" alone gives a language identifier little; the shipped glossary names it German.
    assert tiny_engine.context("Gehalt").lang == "de"
    assert tiny_engine.context("Gehalt CTO").terms == ["gehalt", "cto"]

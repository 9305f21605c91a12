from __future__ import annotations

import pytest

from qa.language import analyze, detect_language


@pytest.mark.parametrize("text,lang", [
    ("What does a CIO do?", "en"),
    ("How much does a CTO earn?", "en"),
    ("Was macht ein CTO?", "de"),
    ("Wer leitet die Engineering Group?", "de"),
    ("Welche Aufgaben hat ein CIO im Unternehmen?", "de"),
    ("Mi a CIO feladata?", "hu"),
    ("Ki felel a mérnöki osztályért?", "hu"),
    ("Hány lakosa van Budapestnek?", "hu"),
])
def test_detects_question_language(text, lang):
    assert detect_language(text) == lang


def test_no_letters_falls_back_to_default():
    assert detect_language("😀 ??? 123", default="de") == "de"


def test_stemming_per_language():
    assert analyze("managing managed manages", "en") == ["manag", "manag", "manag"]
    assert analyze("Unternehmens Unternehmen", "de") == ["unternehm", "unternehm"]
    assert analyze("osztályának osztály", "hu") == ["osztály", "osztály"]


def test_names_and_numbers_are_kept_and_stop_words_dropped():
    assert analyze("The CIOs and the CTO earned $169,132 in 2021", "en") == ["cio", "cto", "earn", "169", "132", "2021"]


def test_unknown_language_is_a_clear_error():
    with pytest.raises(ValueError, match="valid choices: en, de, hu"):
        analyze("x", "fr")


def test_every_language_record_carries_every_user_facing_string():
    """Adding a language is one file: a record missing a UI string would show English
    (or crash) in that language's answer cards, so every record must have the same keys."""
    from qa.html_view import LABELS
    from qa.languages import LANGUAGES

    keys = set(LANGUAGES["en"].ui)
    assert {"not_covered", "not_mentioned", "sources", "closest", "open", "source", "intro"} <= keys
    for code, rec in LANGUAGES.items():
        assert set(rec.ui) == keys, code
        assert all(value.strip() for value in rec.ui.values()), code
        assert LABELS[code]["closest"] == rec.ui["closest"]  # the HTML view reads the record
    assert LABELS["de"]["intro"] == "Einleitung" and LABELS["hu"]["sources"] == "Források"


@pytest.mark.parametrize("text,name", [
    ("מה ההבדל בין CIO ל-CTO?", "Hebrew"),
    ("Какая разница между CIO и CTO?", "Russian"),
    ("CIO 和 CTO 有什么区别？", "Chinese"),
    ("Quelle est la différence entre un CIO et un CTO ?", "French"),
    ("¿Cuál es la diferencia entre CIO y CTO?", "Spanish"),
    # Our function words in a foreign sentence ("le" twice, "um") do not make it ours.
    ("Quelle est la différence entre le CIO et le CTO ?", "French"),
    ("O que é um CIO e o que é um CTO?", "Portuguese"),
    # Script decides, even glued to an acronym.
    ("CIO和CTO有什么区别？", "Chinese"),
    ("CIOとは", "Japanese"),
])
def test_a_question_in_a_language_we_do_not_read_is_named(text, name):
    from qa.language import foreign_language

    assert foreign_language(text) == name


@pytest.mark.parametrize("text", ["CIO vs CTO", "cto salary us", "cio interne kunden", "a cio vezetoi pozicio?",
                                  "Mi a különbség a CIO és a CTO között?", "Müller GmbH CTO", "asdfghjkl", "😀"])
def test_names_keywords_and_our_languages_are_not_foreign(text):
    from qa.language import foreign_language

    assert foreign_language(text) is None


def test_no_question_of_the_bench_set_and_no_sentence_of_the_corpus_counts_as_foreign():
    """Every bench question is English, German or Hungarian, keyword queries and typos included;
    so is every sentence of the articles, headings and list items included."""
    from pathlib import Path

    from qa.bench.questions import DEFAULT_QUESTIONS, load_questions
    from qa.corpus import load_corpus
    from qa.language import foreign_language

    assert [q.id for q in load_questions(DEFAULT_QUESTIONS) if foreign_language(q.question)] == []
    lines = [line for a in load_corpus(Path(__file__).resolve().parent.parent / "corpus")
             for line in a.text.splitlines() if len(line.split()) >= 3]
    assert len(lines) > 250
    assert [line for line in lines if foreign_language(line)] == []


@pytest.mark.parametrize("text", ["asdfghjkl", "asdf qwerty zxcv"])
def test_gibberish_is_answered_in_the_default_language(text):
    assert detect_language(text, default="en") == "en"


def test_the_language_identifier_model_loads_once():
    """Found by CI (the app soak ran 20 minutes): a helper inserted above ``_open_identifier`` took its
    ``lru_cache``, so every question reloaded py3langid's model (0.26 s of LZMA each) in the
    foreign-language check. The model is loaded once per process."""
    from qa.language import _open_identifier, foreign_language

    assert _open_identifier() is _open_identifier()
    foreign_language("Was verdient ein CTO?")
    before = _open_identifier.cache_info().misses
    for text in ("What does a CIO do?", "Mit csinál a CTO?", "Qu'est-ce qu'un CIO ?"):
        foreign_language(text)
    assert _open_identifier.cache_info().misses == before
